"""The calculator's guidance (pure functions, default limits)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from ipscrm_income_planning import calculator
from ipscrm_income_planning.models import BenefitType

LIMITS = calculator.Limits()


def test_uforetrygd_against_0_4_g():
    # 10 h a week at 200 kr: 104 000 kr a year; 0.4 G (130 160) = 52 064 kr.
    result = calculator.ufore(D("10"), D("200"), None, 130_160, LIMITS)
    assert result.yearly_income == D("104000") and result.limit == D("52064")
    assert result.limit_source == "g" and result.over_limit and result.room_left == D("-51936")
    small = calculator.ufore(D("4"), D("200"), None, 130_160, LIMITS)
    assert small.room_left == D("10464") and not small.over_limit


def test_uforetrygd_individual_limit_wins():
    result = calculator.ufore(D("10"), D("200"), 150_000, 130_160, LIMITS)
    assert (result.limit, result.limit_source, result.room_left) == (
        D("150000"),
        "individual",
        D("46000"),
    )
    assert calculator.ufore(D("10"), D("200"), None, None, LIMITS) is None


@pytest.mark.parametrize(
    ("hours", "band"),
    [
        ("15", "reduced"),
        ("22.5", "reduced"),
        ("23", "above_stop"),
        ("30", "above_stop"),
        ("30.5", "above_phase"),
    ],
)
def test_aap_hours_against_60_and_80_percent(hours, band):
    result = calculator.aap(D(hours), LIMITS)
    assert result.band == band
    assert (result.stop_hours, result.phase_hours) == (D("22.5"), D("30.0"))


def test_aap_share_of_full_week():
    assert calculator.aap(D("18.75"), LIMITS).share == D("0.5")


def test_settings_change_the_limits():
    limits = calculator.Limits(aap_full_week_hours=D("40"), ufore_g_factor=D("0.5"))
    assert calculator.aap(D("23"), limits).band == "reduced"  # 60 % of 40 = 24 h
    assert calculator.ufore(D("1"), D("100"), None, 100_000, limits).limit == D("50000")


def test_guidance_picks_the_calculation_for_the_benefit():
    assert isinstance(
        calculator.guidance(BenefitType.UFORETRYGD_GRADED, D("5"), D("200"), None, 1, LIMITS),
        calculator.UforeGuidance,
    )
    assert isinstance(
        calculator.guidance(BenefitType.AAP, D("5"), None, None, None, LIMITS),
        calculator.AapGuidance,
    )
    assert (
        calculator.guidance(BenefitType.SOCIAL_ASSISTANCE, D("5"), D("9"), None, 1, LIMITS) is None
    )
    assert calculator.guidance(BenefitType.UFORETRYGD_FULL, None, D("200"), None, 1, LIMITS) is None

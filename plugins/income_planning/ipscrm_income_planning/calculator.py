"""The income-planning calculator: how a plan relates to the limits of the person's
benefit. Guidance for the conversation, never a decision: NAV decides. Pure functions;
the figures from practice (0.4 G, 37.5 hours, 60 % and 80 %) come in as settings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ipscrm_income_planning.models import BenefitType


@dataclass(frozen=True)
class Limits:
    """Settings: the uføretrygd allowance as a share of G, the AAP full week in hours,
    the share above which AAP stops, the one-time phase's upper share, weeks a year."""

    ufore_g_factor: Decimal = Decimal("0.4")
    aap_full_week_hours: Decimal = Decimal("37.5")
    aap_stop_share: Decimal = Decimal("0.6")
    aap_phase_share: Decimal = Decimal("0.8")
    weeks_per_year: int = 52

    @classmethod
    def from_config(cls, config: Any) -> Limits:
        return cls(
            ufore_g_factor=Decimal(str(config["INCOME_PLANNING_UFORE_G_FACTOR"])),
            aap_full_week_hours=Decimal(str(config["INCOME_PLANNING_AAP_FULL_WEEK_HOURS"])),
            aap_stop_share=Decimal(str(config["INCOME_PLANNING_AAP_STOP_SHARE"])),
            aap_phase_share=Decimal(str(config["INCOME_PLANNING_AAP_PHASE_SHARE"])),
            weeks_per_year=int(config["INCOME_PLANNING_WEEKS_PER_YEAR"]),
        )


@dataclass(frozen=True)
class UforeGuidance:
    yearly_income: Decimal
    limit: Decimal
    limit_source: str  # "individual" or "g"
    g_amount: int | None
    room_left: Decimal  # negative: above the limit

    @property
    def over_limit(self) -> bool:
        return self.room_left < 0


@dataclass(frozen=True)
class AapGuidance:
    planned_hours: Decimal
    share: Decimal  # of a full week, 0..1+
    stop_hours: Decimal  # 22.5 by default
    phase_hours: Decimal  # 30 by default
    band: str  # "reduced", "above_stop", "above_phase"


def _kr(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def yearly_income(hours: Decimal, wage: Decimal, limits: Limits) -> Decimal:
    return _kr(hours * wage * limits.weeks_per_year)


def ufore(
    hours: Decimal,
    wage: Decimal,
    individual_limit: int | None,
    g_amount: int | None,
    limits: Limits,
) -> UforeGuidance | None:
    """Yearly income against the individual limit (from the NAV decision) or, without
    one, 0.4 G in force on the session date. None when neither is known."""
    income = yearly_income(hours, wage, limits)
    if individual_limit is not None:
        limit, source = Decimal(individual_limit), "individual"
    elif g_amount is not None:
        limit, source = _kr(limits.ufore_g_factor * g_amount), "g"
    else:
        return None
    return UforeGuidance(income, limit, source, g_amount, limit - income)


def aap(hours: Decimal, limits: Limits) -> AapGuidance:
    """Planned hours against a full week: AAP is reduced by the share worked, stops
    above the stop share (60 %), and above the one-time phase's share (80 %) in any case."""
    full = limits.aap_full_week_hours
    share = hours / full
    stop_hours = full * limits.aap_stop_share
    phase_hours = full * limits.aap_phase_share
    if hours > phase_hours:
        band = "above_phase"
    elif hours > stop_hours:
        band = "above_stop"
    else:
        band = "reduced"
    return AapGuidance(hours, share, stop_hours, phase_hours, band)


def guidance(
    benefit: BenefitType,
    hours: Decimal | None,
    wage: Decimal | None,
    individual_limit: int | None,
    g_amount: int | None,
    limits: Limits,
) -> UforeGuidance | AapGuidance | None:
    """The calculation that fits the benefit, or None when there is none (or the plan
    lacks the hours or the wage it needs)."""
    if benefit.is_uforetrygd and hours is not None and wage is not None:
        return ufore(hours, wage, individual_limit, g_amount, limits)
    if benefit == BenefitType.AAP and hours is not None:
        return aap(hours, limits)
    return None

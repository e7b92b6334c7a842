"""The report figures on a hand-built data set (tests/reports_dataset.py), checked
against answers worked out on paper, and the period arithmetic they rest on."""

from __future__ import annotations

from datetime import date

import pytest

from ipscrm.services.errors import ValidationFailed
from ipscrm.services.reports import build_report, tables
from ipscrm.services.reports.periods import (
    IsoWeek,
    Period,
    make_period,
    parse_week,
    quarter_period,
)
from ipscrm.services.reports.scope import specialist_scope, team_scope
from tests.reports_dataset import (
    EXPECTED_SHORT,
    EXPECTED_YEAR,
    FIRST,
    LAST,
    YEAR_FIRST,
    load,
)


@pytest.fixture
def dataset(factory, monkeypatch):
    return load(factory, monkeypatch)


def _summary(report) -> dict:
    return {row["key"]: row["value"] for row in tables.summary(report).dicts()}


def test_week_53_of_2026_spans_the_new_year():
    week = parse_week("2026-W53")
    assert (week.monday, week.sunday) == (date(2026, 12, 28), date(2027, 1, 3))
    assert IsoWeek.of(date(2027, 1, 1)).label == "2026-W53"
    assert IsoWeek.of(date(2027, 1, 4)).label == "2027-W01"
    assert IsoWeek.from_index(week.index) == week
    labels = [w.label for w in Period(date(2026, 12, 21), date(2027, 1, 10)).weeks]
    assert labels == ["2026-W52", "2026-W53", "2027-W01"]
    with pytest.raises(ValidationFailed):
        parse_week("2027-W53")  # 2027 has 52 weeks


def test_quarters_and_bad_periods():
    assert quarter_period("2026-q4") == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_period("2027-Q1") == Period(date(2027, 1, 1), date(2027, 3, 31))
    for bad in ("2026-Q5", "Q4", "2026"):
        with pytest.raises(ValidationFailed):
            quarter_period(bad)
    with pytest.raises(ValidationFailed) as err:
        make_period(date(2027, 1, 2), date(2027, 1, 1))
    assert err.value.field == "from"


def test_team_report_of_three_weeks_across_the_new_year(app_ctx, dataset):
    nord = dataset.teams["Nord"]
    period = Period(FIRST, LAST)
    report = build_report(team_scope(None, nord, period), period)
    assert _summary(report) == EXPECTED_SHORT["summary"]
    rows = {r[0]: list(r[1:]) for r in tables.specialists(report).rows}
    assert rows == EXPECTED_SHORT["specialists"]
    weekly = [[r[0], r[3], r[4], r[5], r[6]] for r in tables.weekly(report).rows]
    assert weekly == EXPECTED_SHORT["weekly"]
    assert [r[1] for r in tables.first_contact(report).rows] == EXPECTED_SHORT["first_contact"]
    assert [r[0] for r in tables.waiting(report).rows] == EXPECTED_SHORT["waiting"]
    assert [r[3] for r in tables.waiting(report).rows] == [70, 19, 5]
    funnel = {stage: n for stage, n in tables.funnel(report).rows if n}
    assert funnel == EXPECTED_SHORT["funnel"]
    assert [list(r) for r in tables.portfolio_months(report).rows] == EXPECTED_SHORT[
        "portfolio_months"
    ]
    stale = [[r[0], r[4]] for r in tables.stale(report).rows]
    assert stale == EXPECTED_SHORT["stale_employers"]
    # Carl moved: he appears with the contacts he logged while in Nord, marked as moved.
    carl = next(s for s in report.scope.specialists if s.name == "Carl Carlsen")
    assert carl.moved


def test_job_start_figures_over_a_year(app_ctx, dataset):
    period = Period(YEAR_FIRST, LAST)
    report = build_report(team_scope(None, dataset.teams["Nord"], period), period)
    summary = _summary(report)
    assert {k: summary[k] for k in EXPECTED_YEAR} == EXPECTED_YEAR
    js = report.job_starts
    assert (js.matured, js.retained, js.employers, js.job_types) == (2, 1, 2, 2)


def test_a_moved_specialist_counts_where_he_worked(app_ctx, dataset):
    period = Period(FIRST, LAST)
    sor = build_report(team_scope(None, dataset.teams["Sør"], period), period)
    rows = {r[0]: r[1] for r in tables.specialists(sor).rows}
    assert rows == {"Carl Carlsen": 3, "Dina Dahl": 0}
    assert [r[0] for r in tables.waiting(sor).rows] == ["REF-J9"]  # Carl's jobseeker
    own = build_report(specialist_scope(None, dataset.users["carl"]), period)
    assert own.contacts.total == 6
    assert [w.total for w in own.contacts.team_weeks] == [2, 1, 3]


def test_a_specialists_own_figures_count_every_team(app_ctx, dataset):
    period = Period(FIRST, LAST)
    report = build_report(specialist_scope(None, dataset.users["anna"]), period)
    summary = _summary(report)
    assert (summary["contacts"], summary["contacts_per_week"], summary["caseload"]) == (
        11,
        3.7,
        4,
    )
    assert [r[0] for r in tables.waiting(report).rows] == ["REF-J7", "REF-J3"]


def test_waiting_lists_follow_access_rules(app_ctx, dataset):
    period = Period(FIRST, LAST)
    tor = dataset.users["tor"]  # supervises Sør: sees Carl's jobseekers now, not Anna's
    report = build_report(specialist_scope(tor, dataset.users["carl"]), period)
    assert [r[0] for r in tables.waiting(report).rows] == ["REF-J9"]
    from ipscrm.services.errors import Forbidden

    with pytest.raises(Forbidden):
        specialist_scope(tor, dataset.users["anna"])
    with pytest.raises(Forbidden):
        team_scope(tor, dataset.teams["Nord"], period)

"""Every table of a report as plain rows: the page, the CSV export and the command line
print these same values, so the three always agree.

Cells are ints, strings, ISO dates or rounded numbers: shares are percentages with one
decimal (66.7), averages have one decimal. Column and item labels are English msgids,
translated where they are shown."""

from __future__ import annotations

from collections.abc import Callable

from ipscrm.i18n import N_
from ipscrm.services.reports import Report
from ipscrm.services.reports.rows import Column, Msg, Table, cols, one, pct

__all__ = ["TABLES", "Column", "Msg", "Table", "one", "pct"]


def summary(r: Report) -> Table:
    t, c, f, cl, js = r.targets, r.contacts, r.first_contact, r.caseload, r.job_starts

    def met(value: float | None, ok: bool) -> bool | None:
        return None if value is None else ok

    largest = max(cl.by_specialist.values(), default=0)
    rows = [
        ("specialists", N_("Specialists"), len(r.scope.specialists), None, None, None, None),
        ("contacts", N_("Face-to-face employer contacts"), c.total, c.specific, None, None, None),
        (
            "contacts_per_week",
            N_("Face-to-face contacts per specialist per week"),
            one(c.per_week),
            None,
            None,
            t.weekly_contacts,
            met(c.per_week if r.scope.specialists else None, c.per_week >= t.weekly_contacts),
        ),
        (
            "first_contact_target",
            Msg(N_("First contact within %(days)s days (%%)"), {"days": t.first_contact_days}),
            pct(f.share_target),
            f.within_target,
            f.known_target,
            100,
            met(f.share_target, f.share_target == 1),
        ),
        (
            "first_contact_limit",
            Msg(
                N_("First contact within %(days)s days (%%)"),
                {"days": t.first_contact_limit_days},
            ),
            pct(f.share_limit),
            f.within_limit,
            f.known_limit,
            100,
            met(f.share_limit, f.share_limit == 1),
        ),
        (
            "waiting",
            N_("Jobseekers still waiting for a first contact"),
            len(f.waiting),
            None,
            None,
            0,
            len(f.waiting) == 0,
        ),
        ("caseload", N_("Caseload (active jobseekers)"), cl.total, None, None, None, None),
        (
            "caseload_max",
            N_("Largest caseload of one specialist"),
            largest,
            None,
            None,
            t.caseload_max,
            largest <= t.caseload_max,
        ),
        ("job_starts", N_("Job starts"), js.starts, None, None, None, None),
        (
            "competitive",
            N_("Competitive job starts (%)"),
            pct(js.competitive_share),
            js.competitive,
            js.starts,
            pct(t.competitive_share),
            met(js.competitive_share, (js.competitive_share or 0) >= t.competitive_share),
        ),
        (
            "employer_diversity",
            N_("Diversity of employers (%)"),
            pct(js.employer_diversity),
            js.employers,
            js.starts,
            pct(t.employer_diversity),
            met(js.employer_diversity, (js.employer_diversity or 0) >= t.employer_diversity),
        ),
        (
            "job_type_diversity",
            N_("Diversity of job types (%)"),
            pct(js.job_type_diversity),
            js.job_types,
            js.starts,
            pct(t.job_type_diversity),
            met(js.job_type_diversity, (js.job_type_diversity or 0) >= t.job_type_diversity),
        ),
        (
            "working",
            N_("Share of the caseload working (%)"),
            pct(cl.share_working),
            cl.working,
            cl.total,
            None,
            None,
        ),
        (
            "retention",
            Msg(N_("Still in the job after %(days)s days (%%)"), {"days": t.retention_days}),
            pct(js.retention),
            js.retained,
            js.matured,
            None,
            None,
        ),
        (
            "employers",
            N_("Employers in the portfolio"),
            r.portfolio.employers,
            None,
            None,
            None,
            None,
        ),
        (
            "stale_employers",
            Msg(
                N_("Owned employers without contact for %(days)s days"),
                {"days": t.employer_no_contact_days},
            ),
            len(r.portfolio.stale),
            None,
            None,
            0,
            len(r.portfolio.stale) == 0,
        ),
    ]
    return Table(
        "summary",
        N_("Fidelity summary"),
        cols(
            ("key", N_("Key")),
            ("item", N_("Figure")),
            ("value", N_("Value")),
            ("count", N_("Count")),
            ("of", N_("Of")),
            ("target", N_("Target")),
            ("met", N_("Target met")),
        ),
        tuple((k, item if isinstance(item, Msg) else Msg(item), *rest) for k, item, *rest in rows),
    )


def specialists(r: Report) -> Table:
    rows = []
    waiting = {s.id: 0 for s in r.scope.specialists}
    for row in r.first_contact.waiting:
        waiting[row.specialist_id] = waiting.get(row.specialist_id, 0) + 1
    for s in r.scope.specialists:
        c = r.contacts.for_specialist(s.id)
        rows.append(
            (
                s.name,
                c.total if c else 0,
                c.general if c else 0,
                c.specific if c else 0,
                one(c.per_week) if c else 0.0,
                c.weeks_on_target if c else 0,
                r.caseload.by_specialist.get(s.id, 0),
                r.caseload.working_by_specialist.get(s.id, 0),
                r.job_starts.by_specialist.get(s.id, 0),
                waiting.get(s.id, 0),
            )
        )
    return Table(
        "specialists",
        N_("Specialists"),
        cols(
            ("specialist", N_("Specialist")),
            ("contacts", N_("Face-to-face contacts")),
            ("general", N_("General")),
            ("specific", N_("Jobseeker-specific")),
            ("per_week", N_("Per week")),
            ("weeks_on_target", N_("Weeks on target")),
            ("caseload", N_("Caseload")),
            ("working", N_("Working")),
            ("job_starts", N_("Job starts")),
            ("waiting", N_("Waiting for first contact")),
        ),
        tuple(rows),
    )


def weekly(r: Report) -> Table:
    n = len(r.scope.specialists)
    rows = tuple(
        (
            w.week.label,
            w.week.monday.isoformat(),
            w.week.sunday.isoformat(),
            w.general,
            w.specific,
            w.total,
            one(w.total / n) if n else 0.0,
            w.complete,
        )
        for w in r.contacts.team_weeks
    )
    return Table(
        "weekly",
        N_("Face-to-face employer contacts per week"),
        cols(
            ("week", N_("Week")),
            ("monday", N_("From")),
            ("sunday", N_("To")),
            ("general", N_("General")),
            ("specific", N_("Jobseeker-specific")),
            ("total", N_("Total")),
            ("per_specialist", N_("Per specialist")),
            ("complete", N_("Whole week in period")),
        ),
        rows,
    )


def weekly_by_specialist(r: Report) -> Table:
    names = {s.id: s.name for s in r.scope.specialists}
    rows = tuple(
        (names[s.specialist_id], w.week.label, w.general, w.specific, w.total)
        for s in r.contacts.specialists
        for w in s.weeks
    )
    return Table(
        "weekly_by_specialist",
        N_("Face-to-face contacts per specialist and week"),
        cols(
            ("specialist", N_("Specialist")),
            ("week", N_("Week")),
            ("general", N_("General")),
            ("specific", N_("Jobseeker-specific")),
            ("total", N_("Total")),
        ),
        rows,
    )


def first_contact(r: Report) -> Table:
    labels = {"waiting": Msg(N_("still waiting"))}
    return Table(
        "first_contact",
        N_("Days from program entry to first face-to-face employer contact"),
        cols(("days", N_("Days")), ("jobseekers", N_("Jobseekers"))),
        tuple((labels.get(b.label, b.label), b.count) for b in r.first_contact.buckets),
    )


def waiting(r: Report) -> Table:
    names = {s.id: s.name for s in r.scope.specialists}
    return Table(
        "waiting",
        N_("Jobseekers still waiting for a first contact"),
        cols(
            ("reference", N_("Reference")),
            ("specialist", N_("Specialist")),
            ("entry", N_("Program entry")),
            ("days", N_("Days waiting")),
        ),
        tuple(
            (w.reference, names.get(w.specialist_id, ""), w.entry.isoformat(), w.waiting_days)
            for w in r.first_contact.waiting
        ),
    )


def cohort(r: Report) -> Table:
    names = {s.id: s.name for s in r.scope.specialists}
    return Table(
        "cohort",
        N_("Jobseekers who entered in the period"),
        cols(
            ("reference", N_("Reference")),
            ("specialist", N_("Specialist")),
            ("entry", N_("Program entry")),
            ("first_contact", N_("First face-to-face contact")),
            ("days", N_("Days")),
        ),
        tuple(
            (
                c.reference,
                names.get(c.specialist_id, ""),
                c.entry.isoformat(),
                c.first_contact.isoformat() if c.first_contact else None,
                c.days,
            )
            for c in r.first_contact.cohort
        ),
    )


def job_starts_by_month(r: Report) -> Table:
    return Table(
        "job_starts_by_month",
        N_("Job starts per month"),
        cols(("month", N_("Month")), ("job_starts", N_("Job starts"))),
        tuple(r.job_starts.by_month.items()),
    )


def funnel(r: Report) -> Table:
    return Table(
        "funnel",
        N_("Employers per relationship stage"),
        cols(("stage", N_("Stage")), ("employers", N_("Employers"))),
        tuple((stage.value, n) for stage, n in r.portfolio.funnel),
    )


def portfolio_months(r: Report) -> Table:
    p = r.portfolio
    return Table(
        "portfolio_months",
        N_("New employers and new active relationships per month"),
        cols(
            ("month", N_("Month")),
            ("new_employers", N_("New employers")),
            ("new_active", N_("New active relationships")),
        ),
        tuple((m, p.new_by_month[m], p.active_by_month[m]) for m in p.new_by_month),
    )


def stale(r: Report) -> Table:
    return Table(
        "stale_employers",
        Msg(
            N_("Owned employers without contact for %(days)s days"),
            {"days": r.portfolio.stale_days},
        ),
        cols(
            ("employer", N_("Employer")),
            ("owner", N_("Owner")),
            ("stage", N_("Stage")),
            ("last_contact", N_("Last contact")),
            ("days", N_("Days since")),
        ),
        tuple(
            (
                e.name,
                e.owner_name,
                e.stage.value,
                e.last_contact.isoformat() if e.last_contact else None,
                e.days,
            )
            for e in r.portfolio.stale
        ),
    )


TABLES: dict[str, Callable[[Report], Table]] = {
    "summary": summary,
    "specialists": specialists,
    "weekly": weekly,
    "weekly_by_specialist": weekly_by_specialist,
    "first_contact": first_contact,
    "waiting": waiting,
    "cohort": cohort,
    "job_starts_by_month": job_starts_by_month,
    "funnel": funnel,
    "portfolio_months": portfolio_months,
    "stale_employers": stale,
}

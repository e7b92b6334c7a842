"""A hand-built data set for the report tests, with every right answer worked out on
paper in the comments (and in EXPECTED). "Today" is frozen at 2027-01-20 (Oslo); the
short period is 2026-12-21 (Mon, week 52) to 2027-01-10 (Sun, week 1 of 2027), across
ISO week 2026-W53 (2026-12-28..2027-01-03). Oslo is UTC+1 in winter.

Team Nord: Anna and Bjørn, and Carl until 2027-01-01, when he moved to team Sør (his
contacts carry the team he was in when he logged them). Sigrid supervises Nord, Tor Sør,
Dina is a specialist in Sør.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from ipscrm.extensions import db
from ipscrm.models import (
    AuditEvent,
    ContactMode,
    ContactPurpose,
    Employer,
    EmployerContact,
    Jobseeker,
    JobseekerStatus,
    JobStart,
    Role,
    Stage,
    User,
)
from ipscrm.timeutil import local_day

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date(2027, 1, 20)
FIRST, LAST = date(2026, 12, 21), date(2027, 1, 10)
YEAR_FIRST = date(2026, 1, 11)


def freeze(monkeypatch) -> None:
    """Make "today" 2027-01-20 10:00 in Oslo for every caller of ipscrm.timeutil."""
    import ipscrm.timeutil as timeutil

    moment = datetime(2027, 1, 20, 10, 0, tzinfo=OSLO)
    monkeypatch.setattr(timeutil, "local_now", lambda: moment.astimezone(timeutil.local_tz()))
    monkeypatch.setattr(timeutil, "now_utc", lambda: moment.astimezone(UTC))


def local(day: str, hhmm: str = "10:00") -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), OSLO)


def utc(day: str, hhmm: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), UTC)


@dataclass
class Dataset:
    users: dict[str, User] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    employers: dict[str, Employer] = field(default_factory=dict)
    jobseekers: dict[str, Jobseeker] = field(default_factory=dict)


def contact(
    who: User,
    employer: Employer,
    at: datetime,
    team_id: int | None,
    jobseeker: Jobseeker | None = None,
    mode: ContactMode = ContactMode.IN_PERSON,
) -> None:
    """A contact stored the way services.contacts.log_contact stores one (local day,
    team at the time, the employer's last contact), but at any moment."""
    db.session.add(
        EmployerContact(
            occurred_at=at,
            occurred_on=local_day(at),
            specialist_id=who.id,
            team_id=team_id,
            employer_id=employer.id,
            mode=mode,
            face_to_face=mode == ContactMode.IN_PERSON,
            purpose=ContactPurpose.WITH_JOBSEEKER if jobseeker else ContactPurpose.FOLLOW_UP,
            jobseeker_id=jobseeker.id if jobseeker else None,
            follow_up_done=False,
        )
    )
    if employer.last_contact_at is None or employer.last_contact_at < at:
        employer.last_contact_at = at


def build(factory) -> Dataset:
    ds = Dataset()
    nord, sor = factory.team("Nord"), factory.team("Sør")
    ds.teams = {"Nord": nord.id, "Sør": sor.id}
    for key, name, role, team in [
        ("anna", "Anna Aas", Role.SPECIALIST, nord),
        ("bjorn", "Bjørn Berg", Role.SPECIALIST, nord),
        ("carl", "Carl Carlsen", Role.SPECIALIST, nord),
        ("dina", "Dina Dahl", Role.SPECIALIST, sor),
        ("sigrid", "Sigrid Sjef", Role.SUPERVISOR, nord),
        ("tor", "Tor Tangen", Role.SUPERVISOR, sor),
        ("admin", "Ada Admin", Role.ADMIN, None),
    ]:
        ds.users[key] = factory.user(role=role, team=team, name=name, email=f"{key}@example.no")
    anna, bjorn, carl = ds.users["anna"], ds.users["bjorn"], ds.users["carl"]

    # Employers. E3 is archived, E6 has no owner: neither is in any portfolio.
    for key, owner, stage, created in [
        ("E1", anna, Stage.ACTIVE, utc("2026-12-31", "23:30")),  # 2027-01-01 00:30 in Oslo
        ("E2", bjorn, Stage.HIRED, utc("2026-12-20", "23:30")),  # 2026-12-21 00:30 in Oslo
        ("E3", anna, Stage.ACTIVE, utc("2026-05-01", "12:00")),
        ("E4", bjorn, Stage.IDENTIFIED, utc("2026-06-01", "12:00")),
        ("E5", anna, Stage.INTRODUCED, utc("2026-05-01", "12:00")),
        ("E6", None, Stage.INTRODUCED, utc("2026-05-01", "12:00")),
    ]:
        employer = factory.employer(name=f"Employer {key}")
        employer.owner_id = owner.id if owner else None
        employer.stage = stage
        employer.created_at = created
        ds.employers[key] = employer
    e = ds.employers
    e["E3"].archived = True
    e["E3"].archived_at = utc("2026-06-01", "12:00")
    e["E3"].last_contact_at = utc("2026-04-01", "12:00")
    e["E5"].last_contact_at = local("2026-09-01")  # 141 days before 2027-01-20
    e["E6"].last_contact_at = utc("2026-04-01", "12:00")

    # Jobseekers: (key, specialist, entry, status, closed_on)
    for key, who, entry, status, closed in [
        ("J1", anna, "2026-12-21", JobseekerStatus.SEARCHING, None),
        ("J2", bjorn, "2026-12-01", JobseekerStatus.SEARCHING, None),
        ("J3", anna, "2026-12-22", JobseekerStatus.SEARCHING, None),
        ("J4", bjorn, "2026-11-20", JobseekerStatus.CLOSED, "2026-12-15"),
        ("J5", anna, "2027-01-02", JobseekerStatus.SEARCHING, None),
        ("J6", bjorn, "2026-12-21", JobseekerStatus.SEARCHING, None),
        ("J7", anna, "2026-11-01", JobseekerStatus.WORKING, None),
        ("J8", bjorn, "2027-01-05", JobseekerStatus.SEARCHING, None),
        ("J9", carl, "2026-12-01", JobseekerStatus.SEARCHING, None),
        ("J10", bjorn, "2026-03-01", JobseekerStatus.WORKING, None),
    ]:
        js = Jobseeker(
            reference=f"REF-{key}",
            specialist_id=who.id,
            program_entry_date=date.fromisoformat(entry),
            status=status,
            closed_on=date.fromisoformat(closed) if closed else None,
        )
        db.session.add(js)
        ds.jobseekers[key] = js
    db.session.flush()
    j = ds.jobseekers

    n = nord.id
    # Anna: W52 6 general; W53 2 general + 1 specific; W01 1 general + 1 specific = 11.
    contact(anna, e["E1"], local("2026-12-20", "23:50"), n)  # the day before: out
    contact(anna, e["E1"], local("2026-12-21", "00:10"), n)  # first day (UTC: Dec 20): in
    for _ in range(5):
        contact(anna, e["E1"], local("2026-12-23"), n)
    contact(anna, e["E1"], local("2026-12-28", "09:00"), n, j["J1"])  # J1: 7 days
    contact(anna, e["E1"], local("2027-01-01", "12:00"), n)  # 2027, but ISO week 2026-W53
    contact(anna, e["E1"], local("2027-01-03", "23:30"), n)  # Sunday night, still W53
    contact(anna, e["E1"], local("2027-01-05"), n, mode=ContactMode.PHONE)  # not face to face
    contact(anna, e["E1"], local("2027-01-08"), n, j["J5"])  # J5: 6 days
    contact(anna, e["E1"], local("2027-01-10", "23:59"), n)  # last day: in
    contact(anna, e["E1"], local("2027-01-11", "00:05"), n)  # UTC Jan 10, Oslo Jan 11: out
    # Bjørn: W53 6 general + 1 specific; W01 1 general + 1 specific = 9.
    contact(bjorn, e["E2"], local("2026-12-29"), n, j["J2"])  # J2: 28 days
    for _ in range(6):
        contact(bjorn, e["E2"], local("2026-12-30"), n)
    contact(bjorn, e["E2"], local("2027-01-05", "10:00"), n)
    contact(bjorn, e["E2"], local("2027-01-05", "11:00"), n, j["J6"])  # J6: 15 days
    contact(bjorn, e["E2"], local("2026-03-05"), n, j["J10"])  # long before the period
    # Carl: 3 contacts while in Nord (W52 2, W53 1), 3 after moving to Sør (W01).
    for day in ("2026-12-22", "2026-12-22", "2026-12-31"):
        contact(carl, e["E6"], local(day), n)
    for _ in range(3):
        contact(carl, e["E6"], local("2027-01-06"), sor.id)
    carl.team_id = sor.id

    # Job starts: S1 ended after 60 days; S3 (same job type, written in the title) lasts.
    for jobseeker, employer, title, kind, start, end, competitive in [
        (j["J10"], e["E1"], "Kitchen assistant", "kitchen", "2026-06-01", "2026-07-31", True),
        (j["J7"], e["E2"], "Shop assistant", "retail", "2026-12-28", None, False),
        (j["J10"], e["E1"], "Kitchen", None, "2026-09-01", None, True),
    ]:
        db.session.add(
            JobStart(
                jobseeker_id=jobseeker.id,
                employer_id=employer.id,
                job_title=title,
                job_type=kind,
                start_date=date.fromisoformat(start),
                end_date=date.fromisoformat(end) if end else None,
                competitive=competitive,
            )
        )

    # Stage changes in the audit trail (UTC): E1 and E2 become active relationships in
    # December 2026 (E1 twice: counted once); E2's move from active to hired is no news.
    for employer, old, new, at in [
        ("E1", "identified", "active_relationship", utc("2026-12-22", "10:00")),
        ("E1", "dormant", "active_relationship", utc("2026-12-28", "10:00")),
        ("E2", "introduced", "candidate_presented", utc("2026-12-23", "10:00")),
        ("E2", "active_relationship", "hired_supporting", utc("2027-01-04", "10:00")),
        ("E3", "introduced", "active_relationship", utc("2026-12-23", "10:00")),  # archived
    ]:
        db.session.add(
            AuditEvent(
                occurred_at=at,
                action="update",
                entity_type="employer",
                entity_id=e[employer].id,
                changes={"stage": [old, new]},
            )
        )
    db.session.commit()
    return ds


# The answers, worked out on paper from the comments above.
EXPECTED_SHORT = {
    "summary": {
        "specialists": 3,
        "contacts": 23,  # Anna 11 + Bjørn 9 + Carl 3 (his Nord contacts)
        "contacts_per_week": 2.6,  # 23 / 3 specialists / 3 weeks = 2.56
        "first_contact_target": 50.0,  # J1 (7), J5 (6) of J1, J5, J6 (15), J3 (19 waiting)
        "first_contact_limit": 100.0,  # J1, J5, J6 of the same three (J3, J8 not yet due)
        "waiting": 3,  # J7 (70 days), J3 (19), J8 (5)
        "caseload": 8,  # Anna J1 J3 J5 J7, Bjørn J2 J6 J8 J10 (J4 closed, J9 Carl's)
        "caseload_max": 4,
        "job_starts": 1,  # S2
        "competitive": 0.0,
        "employer_diversity": 100.0,
        "job_type_diversity": 100.0,
        "working": 25.0,  # J7, J10 of 8
        "retention": None,  # no start old enough
        "employers": 4,  # E1 E2 E4 E5
        "stale_employers": 2,  # E4 (never contacted, created 2026-06-01), E5
    },
    "specialists": {
        # name: contacts, general, specific, per week, weeks on target, caseload, working,
        # job starts, waiting
        "Anna Aas": [11, 9, 2, 3.7, 1, 4, 1, 1, 2],
        "Bjørn Berg": [9, 7, 2, 3.0, 1, 4, 1, 0, 1],
        "Carl Carlsen": [3, 3, 0, 1.0, 0, 0, 0, 0, 0],
    },
    "weekly": [
        ["2026-W52", 8, 0, 8, 2.7],
        ["2026-W53", 9, 2, 11, 3.7],
        ["2027-W01", 2, 2, 4, 1.3],
    ],
    "first_contact": [2, 1, 0, 0, 2],
    "waiting": ["REF-J7", "REF-J3", "REF-J8"],
    "funnel": {"identified": 1, "introduced": 1, "active_relationship": 1, "hired_supporting": 1},
    "portfolio_months": [["2026-12", 1, 2], ["2027-01", 1, 0]],
    "stale_employers": [["Employer E4", 233], ["Employer E5", 141]],
}
EXPECTED_YEAR = {
    "job_starts": 3,
    "competitive": 66.7,
    "employer_diversity": 66.7,
    "job_type_diversity": 66.7,  # kitchen, retail
    "retention": 50.0,  # S1 ended after 60 days, S3 lasts; S2 too young
}


def load(factory, monkeypatch) -> Dataset:
    """Freeze today and build the data set (each test module wraps it in a fixture)."""
    freeze(monkeypatch)
    return build(factory)

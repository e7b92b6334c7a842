"""Jobseeker figures: days from program entry to the first face-to-face employer
contact, caseload, job starts and their quality, share working and retention.

Definitions (the README's "Reports" section repeats them for supervisors):

- *First contact*: the earliest face-to-face employer contact naming the jobseeker, on or
  after their program entry date and no later than the report's "as of" day. The cohort
  is the jobseekers whose program entry date lies in the period. "Within N days" counts
  first contacts at most N days after entry; its share is taken over the cohort members
  whose outcome is known (contacted, or more than N days passed without contact).
- *Still waiting*: active jobseekers (entered on or before the as-of day, not closed by
  then) without a first contact, whatever their entry date.
- *Caseload*: jobseekers entered on or before the as-of day and not closed by then.
- *Job starts*: starts with a start date in the period. Competitive share = competitive
  starts / starts. Employer diversity = distinct employers / starts. Job-type diversity =
  distinct job types / starts (the job title, lower-cased, stands in for a missing type).
- *Working*: caseload members with a job that started on or before the as-of day and had
  not ended by then, divided by the caseload.
- *Retention*: of the period's starts that began at least RETENTION_DAYS before the as-of
  day, the share whose job lasted at least RETENTION_DAYS (no end date, or ended on or
  after start + RETENTION_DAYS). Younger starts are not yet known and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import Employer, EmployerContact, Jobseeker, JobseekerStatus, JobStart
from ipscrm.services.access import jobseeker_filter
from ipscrm.services.reports.periods import Period, day_number
from ipscrm.services.reports.scope import Scope


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _jobseeker_scope(scope: Scope) -> list[sa.ColumnElement[bool]]:
    """Jobseekers of the scope's specialists (not of those who moved to another team),
    restricted to what the viewer may see."""
    ids = [s.id for s in scope.specialists if not s.moved]
    where = [Jobseeker.specialist_id.in_(ids)]
    if scope.viewer is not None:
        where.append(jobseeker_filter(scope.viewer))
    return where


def _open_on(day: date) -> sa.ColumnElement[bool]:
    """Entered on or before ``day`` and not closed by then."""
    closed = sa.and_(
        Jobseeker.status == JobseekerStatus.CLOSED,
        sa.or_(Jobseeker.closed_on.is_(None), Jobseeker.closed_on <= day),
    )
    return sa.and_(Jobseeker.program_entry_date <= day, sa.not_(closed))


@dataclass(frozen=True)
class FirstContactRow:
    jobseeker_id: int
    reference: str
    specialist_id: int
    entry: date
    first_contact: date | None
    days: int | None  # entry → first contact
    waiting_days: int | None  # entry → as-of day, when still waiting
    open: bool


@dataclass(frozen=True)
class Bucket:
    label: str  # e.g. "0–14", "still waiting"
    count: int


@dataclass(frozen=True)
class FirstContactFigures:
    target_days: int
    limit_days: int
    cohort: tuple[FirstContactRow, ...]
    waiting: tuple[FirstContactRow, ...]
    within_target: int
    known_target: int
    within_limit: int
    known_limit: int
    buckets: tuple[Bucket, ...]

    @property
    def share_target(self) -> float | None:
        return _share(self.within_target, self.known_target)

    @property
    def share_limit(self) -> float | None:
        return _share(self.within_limit, self.known_limit)

    @property
    def contacted(self) -> int:
        return sum(1 for r in self.cohort if r.first_contact is not None)


def first_contacts(scope: Scope, period: Period, target_days: int, limit_days: int):
    as_of = period.as_of
    first = (
        sa.select(sa.func.min(EmployerContact.occurred_on))
        .where(
            EmployerContact.jobseeker_id == Jobseeker.id,
            EmployerContact.face_to_face.is_(True),
            EmployerContact.occurred_on >= Jobseeker.program_entry_date,
            EmployerContact.occurred_on <= as_of,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(
            Jobseeker.id,
            Jobseeker.reference,
            Jobseeker.specialist_id,
            Jobseeker.program_entry_date,
            first.label("first_contact"),
            _open_on(as_of).label("open"),
            Jobseeker.closed_on,
        )
        .where(*_jobseeker_scope(scope), Jobseeker.program_entry_date <= as_of)
        .order_by(Jobseeker.program_entry_date, Jobseeker.reference)
    ).all()
    cohort, waiting = [], []
    within_t = known_t = within_l = known_l = 0
    counts = [0, 0, 0, 0, 0]
    for r in rows:
        first_day = r.first_contact
        if isinstance(first_day, str):  # SQLite returns MIN() of a date as text
            first_day = date.fromisoformat(first_day)
        days = (first_day - r.program_entry_date).days if first_day else None
        still = first_day is None and bool(r.open)
        row = FirstContactRow(
            jobseeker_id=r.id,
            reference=r.reference,
            specialist_id=r.specialist_id,
            entry=r.program_entry_date,
            first_contact=first_day,
            days=days,
            waiting_days=(as_of - r.program_entry_date).days if still else None,
            open=bool(r.open),
        )
        if still:
            waiting.append(row)
        if not period.first <= r.program_entry_date <= period.last:
            continue
        cohort.append(row)
        if days is None:
            end = as_of if r.open or r.closed_on is None else min(r.closed_on, as_of)
            elapsed = (end - r.program_entry_date).days
            known_t += elapsed > target_days
            known_l += elapsed > limit_days
            if still:
                counts[4] += 1
            continue
        known_t += 1
        known_l += 1
        within_t += days <= target_days
        within_l += days <= limit_days
        if days <= target_days:
            counts[0] += 1
        elif days <= limit_days:
            counts[1] += 1
        elif days <= 2 * limit_days:
            counts[2] += 1
        else:
            counts[3] += 1
    labels = (
        f"0–{target_days}",
        f"{target_days + 1}–{limit_days}",
        f"{limit_days + 1}–{2 * limit_days}",
        f"> {2 * limit_days}",
        "waiting",
    )
    waiting.sort(key=lambda r: (-(r.waiting_days or 0), r.reference))
    return FirstContactFigures(
        target_days=target_days,
        limit_days=limit_days,
        cohort=tuple(cohort),
        waiting=tuple(waiting),
        within_target=within_t,
        known_target=known_t,
        within_limit=within_l,
        known_limit=known_l,
        buckets=tuple(Bucket(label, n) for label, n in zip(labels, counts, strict=True)),
    )


@dataclass(frozen=True)
class CaseloadFigures:
    max_size: int
    by_specialist: dict[int, int]
    working_by_specialist: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.by_specialist.values())

    @property
    def working(self) -> int:
        return sum(self.working_by_specialist.values())

    @property
    def share_working(self) -> float | None:
        return _share(self.working, self.total)

    @property
    def over_max(self) -> list[int]:
        return [sid for sid, n in self.by_specialist.items() if n > self.max_size]


def caseload(scope: Scope, period: Period, max_size: int) -> CaseloadFigures:
    as_of = period.as_of
    working = (
        sa.select(JobStart.id)
        .where(
            JobStart.jobseeker_id == Jobseeker.id,
            JobStart.start_date <= as_of,
            sa.or_(JobStart.end_date.is_(None), JobStart.end_date > as_of),
        )
        .exists()
    )
    rows = db.session.execute(
        sa.select(
            Jobseeker.specialist_id,
            sa.func.count().label("n"),
            sa.func.count(sa.case((working, 1))).label("working"),
        )
        .where(*_jobseeker_scope(scope), _open_on(as_of))
        .group_by(Jobseeker.specialist_id)
    ).all()
    by = dict.fromkeys(scope.ids, 0)
    work = dict.fromkeys(scope.ids, 0)
    for r in rows:
        by[r.specialist_id], work[r.specialist_id] = int(r.n), int(r.working)
    return CaseloadFigures(max_size, by, work)


@dataclass(frozen=True)
class JobStartRow:
    id: int
    start_date: date
    end_date: date | None
    jobseeker_id: int
    reference: str
    specialist_id: int
    employer_id: int
    employer_name: str
    job_title: str
    job_type: str | None
    competitive: bool


@dataclass(frozen=True)
class JobStartFigures:
    starts: int
    competitive: int
    employers: int
    job_types: int
    matured: int
    retained: int
    retention_days: int
    by_specialist: dict[int, int]
    by_month: dict[str, int]

    @property
    def competitive_share(self) -> float | None:
        return _share(self.competitive, self.starts)

    @property
    def employer_diversity(self) -> float | None:
        return _share(self.employers, self.starts)

    @property
    def job_type_diversity(self) -> float | None:
        return _share(self.job_types, self.starts)

    @property
    def retention(self) -> float | None:
        return _share(self.retained, self.matured)


def _starts_where(scope: Scope, period: Period) -> list[sa.ColumnElement[bool]]:
    return [
        *_jobseeker_scope(scope),
        JobStart.start_date.between(period.first, period.last),
    ]


def job_starts(scope: Scope, period: Period, retention_days: int) -> JobStartFigures:
    matured_by = period.as_of - timedelta(days=retention_days)
    lasted = sa.or_(
        JobStart.end_date.is_(None),
        day_number(JobStart.end_date) - day_number(JobStart.start_date) >= retention_days,
    )
    matured = JobStart.start_date <= matured_by
    kind = sa.func.coalesce(JobStart.job_type, sa.func.lower(JobStart.job_title))
    totals = db.session.execute(
        sa.select(
            sa.func.count().label("starts"),
            sa.func.count(sa.case((JobStart.competitive.is_(True), 1))).label("competitive"),
            sa.func.count(sa.distinct(JobStart.employer_id)).label("employers"),
            sa.func.count(sa.distinct(kind)).label("job_types"),
            sa.func.count(sa.case((matured, 1))).label("matured"),
            sa.func.count(sa.case((sa.and_(matured, lasted), 1))).label("retained"),
        )
        .join(Jobseeker, Jobseeker.id == JobStart.jobseeker_id)
        .where(*_starts_where(scope, period))
    ).one()
    per = db.session.execute(
        sa.select(Jobseeker.specialist_id, JobStart.start_date)
        .join(Jobseeker, Jobseeker.id == JobStart.jobseeker_id)
        .where(*_starts_where(scope, period))
    ).all()
    by_specialist = dict.fromkeys(scope.ids, 0)
    by_month = dict.fromkeys(period.months, 0)
    for sid, start in per:
        by_specialist[sid] = by_specialist.get(sid, 0) + 1
        by_month[f"{start.year:04d}-{start.month:02d}"] += 1
    return JobStartFigures(
        starts=int(totals.starts),
        competitive=int(totals.competitive),
        employers=int(totals.employers),
        job_types=int(totals.job_types),
        matured=int(totals.matured),
        retained=int(totals.retained),
        retention_days=retention_days,
        by_specialist=by_specialist,
        by_month=by_month,
    )


def job_start_rows(scope: Scope, period: Period) -> list[JobStartRow]:
    """The job starts behind the figures, oldest first."""
    rows = db.session.execute(
        sa.select(JobStart, Jobseeker.reference, Jobseeker.specialist_id, Employer.name)
        .join(Jobseeker, Jobseeker.id == JobStart.jobseeker_id)
        .join(Employer, Employer.id == JobStart.employer_id)
        .where(*_starts_where(scope, period))
        .order_by(JobStart.start_date, JobStart.id)
    ).all()
    return [
        JobStartRow(
            id=s.id,
            start_date=s.start_date,
            end_date=s.end_date,
            jobseeker_id=s.jobseeker_id,
            reference=reference,
            specialist_id=specialist_id,
            employer_id=s.employer_id,
            employer_name=name,
            job_title=s.job_title,
            job_type=s.job_type,
            competitive=s.competitive,
        )
        for s, reference, specialist_id, name in rows
    ]

"""Job development: face-to-face employer contacts per specialist per ISO week, split
into general job development (no jobseeker named) and jobseeker-specific contacts, and
the contacts behind each figure.

Counted: contacts with ``face_to_face`` true whose local day (``occurred_on``) lies in
the period. A team report counts only contacts logged while the specialist was in the
team (:mod:`ipscrm.services.reports.scope`). The average per week is the total divided
by the number of specialists and by the period's length in weeks (days up to today,
divided by 7), so a partial first or last week neither inflates nor deflates it; a week
"meets the target" only when it lies entirely inside the period and is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import ContactMode, ContactPurpose, Employer, EmployerContact, Jobseeker, User
from ipscrm.services.access import jobseeker_filter
from ipscrm.services.reports.periods import IsoWeek, Period, week_index
from ipscrm.services.reports.scope import Scope


@dataclass(frozen=True)
class WeekCount:
    week: IsoWeek
    general: int
    specific: int
    complete: bool  # the whole week lies inside the period

    @property
    def total(self) -> int:
        return self.general + self.specific


@dataclass(frozen=True)
class SpecialistContacts:
    specialist_id: int
    weeks: tuple[WeekCount, ...]
    per_week: float
    weeks_on_target: int

    @property
    def general(self) -> int:
        return sum(w.general for w in self.weeks)

    @property
    def specific(self) -> int:
        return sum(w.specific for w in self.weeks)

    @property
    def total(self) -> int:
        return self.general + self.specific


@dataclass(frozen=True)
class ContactFigures:
    target: int
    weeks: tuple[IsoWeek, ...]
    complete_weeks: int
    specialists: tuple[SpecialistContacts, ...]
    team_weeks: tuple[WeekCount, ...]  # summed over the scope's specialists
    per_week: float  # per specialist per week

    @property
    def total(self) -> int:
        return sum(s.total for s in self.specialists)

    @property
    def general(self) -> int:
        return sum(s.general for s in self.specialists)

    @property
    def specific(self) -> int:
        return sum(s.specific for s in self.specialists)

    def for_specialist(self, specialist_id: int) -> SpecialistContacts | None:
        return next((s for s in self.specialists if s.specialist_id == specialist_id), None)


def _contact_filter(
    scope: Scope, period: Period, by_specialist: bool = True
) -> list[sa.ColumnElement[bool]]:
    """Face-to-face contacts of the scope in the period. For a team the team column
    alone selects them (``by_specialist=False``: the caller keeps the scope's
    specialists), which lets the database read one covering index."""
    where = [
        EmployerContact.face_to_face.is_(True),
        EmployerContact.occurred_on.between(period.first, period.last),
    ]
    if scope.team_id is not None:
        where.append(EmployerContact.team_id == scope.team_id)
    if scope.team_id is None or by_specialist:
        ids = scope.ids
        where.append(
            EmployerContact.specialist_id == ids[0]
            if len(ids) == 1
            else EmployerContact.specialist_id.in_(ids)
        )
    return where


def weekly_contacts(scope: Scope, period: Period, target: int) -> ContactFigures:
    """One GROUP BY over the contact log: (specialist, week) → total and specific."""
    week_col = week_index(EmployerContact.occurred_on).label("week")
    rows = db.session.execute(
        sa.select(
            EmployerContact.specialist_id,
            week_col,
            sa.func.count().label("total"),
            sa.func.count(EmployerContact.jobseeker_id).label("specific"),
        )
        .where(*_contact_filter(scope, period, by_specialist=False))
        .group_by(EmployerContact.specialist_id, week_col)
    ).all()
    counts: dict[tuple[int, int], tuple[int, int]] = {
        (r.specialist_id, int(r.week)): (int(r.total), int(r.specific)) for r in rows
    }
    weeks = period.weeks
    as_of = period.as_of
    length_in_weeks = period.elapsed_days(as_of) / 7
    complete = {w.index: period.covers_week(w, as_of) for w in weeks}
    specialists = []
    for sid in scope.ids:
        series = []
        for week in weeks:
            total, specific = counts.get((sid, week.index), (0, 0))
            series.append(WeekCount(week, total - specific, specific, complete[week.index]))
        on_target = sum(1 for w in series if w.complete and w.total >= target)
        total = sum(w.total for w in series)
        specialists.append(
            SpecialistContacts(sid, tuple(series), total / length_in_weeks, on_target)
        )
    team_weeks = tuple(
        WeekCount(
            week,
            sum(s.weeks[i].general for s in specialists),
            sum(s.weeks[i].specific for s in specialists),
            complete[week.index],
        )
        for i, week in enumerate(weeks)
    )
    all_total = sum(s.total for s in specialists)
    per_week = all_total / len(specialists) / length_in_weeks if specialists else 0.0
    return ContactFigures(
        target=target,
        weeks=tuple(weeks),
        complete_weeks=sum(complete.values()),
        specialists=tuple(specialists),
        team_weeks=team_weeks,
        per_week=per_week,
    )


@dataclass(frozen=True)
class ContactRow:
    id: int
    occurred_at: datetime
    occurred_on: object
    specialist_name: str
    employer_id: int
    employer_name: str
    mode: ContactMode
    purpose: ContactPurpose
    jobseeker_specific: bool
    jobseeker_id: int | None  # None when not specific or not visible to the viewer
    jobseeker_reference: str | None


def contact_rows(
    scope: Scope,
    period: Period,
    specialist_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ContactRow], int]:
    """The face-to-face contacts behind a figure, newest first, and how many there are.
    Jobseeker references are shown only where the viewer may see the jobseeker."""
    where = _contact_filter(scope, period)
    if specialist_id is not None:
        where.append(EmployerContact.specialist_id == specialist_id)
    count = db.session.scalar(sa.select(sa.func.count()).where(*where)) or 0
    visible = sa.select(Jobseeker.id, Jobseeker.reference)
    if scope.viewer is not None:
        visible = visible.where(jobseeker_filter(scope.viewer))
    visible_sq = visible.subquery()
    rows = db.session.execute(
        sa.select(
            EmployerContact.id,
            EmployerContact.occurred_at,
            EmployerContact.occurred_on,
            User.name.label("specialist_name"),
            Employer.id.label("employer_id"),
            Employer.name.label("employer_name"),
            EmployerContact.mode,
            EmployerContact.purpose,
            EmployerContact.jobseeker_id,
            visible_sq.c.id.label("visible_id"),
            visible_sq.c.reference,
        )
        .join(User, User.id == EmployerContact.specialist_id)
        .join(Employer, Employer.id == EmployerContact.employer_id)
        .outerjoin(visible_sq, visible_sq.c.id == EmployerContact.jobseeker_id)
        .where(*where)
        .order_by(EmployerContact.occurred_at.desc(), EmployerContact.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return [
        ContactRow(
            id=r.id,
            occurred_at=r.occurred_at,
            occurred_on=r.occurred_on,
            specialist_name=r.specialist_name,
            employer_id=r.employer_id,
            employer_name=r.employer_name,
            mode=r.mode,
            purpose=r.purpose,
            jobseeker_specific=r.jobseeker_id is not None,
            jobseeker_id=r.visible_id,
            jobseeker_reference=r.reference,
        )
        for r in rows
    ], count

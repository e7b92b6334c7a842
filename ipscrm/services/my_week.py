"""My week: a specialist's face-to-face employer contacts this ISO week against the
weekly target, follow-ups due today or overdue, their jobseekers still without a
face-to-face employer contact within the first-contact target, and the employers they
touched recently. A fixed number of statements, whatever the size of the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import (
    AuditEvent,
    Employer,
    EmployerContact,
    Jobseeker,
    JobseekerStatus,
    User,
)
from ipscrm.services.contacts import face_to_face_count
from ipscrm.services.employer_queries import FollowUpItem
from ipscrm.services.followups import list_follow_ups
from ipscrm.timeutil import iso_week_bounds, today

RECENT_DAYS = 60
RECENT_COUNT = 8
RECENT_CONTACTS_READ = 200


@dataclass
class FirstContactStatus:
    jobseeker_id: int
    reference: str
    entry_date: date
    deadline: date
    first_contact_on: date | None

    @property
    def days_left(self) -> int:
        """Days until the deadline (negative: the target was missed)."""
        return (self.deadline - today()).days


@dataclass
class RecentEmployer:
    id: int
    name: str
    place: str | None
    touched_at: datetime


@dataclass
class MyWeek:
    week: int
    monday: date
    sunday: date
    face_to_face: int
    target: int
    follow_ups: list[FollowUpItem]
    first_contact: list[FirstContactStatus]
    recent_employers: list[RecentEmployer]

    @property
    def target_met(self) -> bool:
        return self.face_to_face >= self.target


def first_contact_missing(specialist_id: int, target_days: int) -> list[FirstContactStatus]:
    """The specialist's active jobseekers with no face-to-face employer contact (about
    them) within ``target_days`` of program entry, earliest deadline first."""
    first = (
        sa.select(sa.func.min(EmployerContact.occurred_on))
        .where(
            EmployerContact.jobseeker_id == Jobseeker.id,
            EmployerContact.face_to_face.is_(True),
            EmployerContact.occurred_on >= Jobseeker.program_entry_date,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Jobseeker.id, Jobseeker.reference, Jobseeker.program_entry_date, first)
        .where(Jobseeker.specialist_id == specialist_id, Jobseeker.status != JobseekerStatus.CLOSED)
        .order_by(Jobseeker.program_entry_date, Jobseeker.reference)
    ).all()
    found = []
    for jobseeker_id, reference, entry, first_on in rows:
        deadline = entry + timedelta(days=target_days)
        if first_on is None or first_on > deadline:
            found.append(FirstContactStatus(jobseeker_id, reference, entry, deadline, first_on))
    return found


def recent_employers(user_id: int, limit: int = RECENT_COUNT) -> list[RecentEmployer]:
    """Employers the user logged a contact with or changed lately, most recent first."""
    since = today() - timedelta(days=RECENT_DAYS)
    touched: dict[int, datetime] = {}
    # The user's latest contacts, newest day first (read from the index), then the
    # distinct employers among them.
    contacted = db.session.execute(
        sa.select(EmployerContact.employer_id, EmployerContact.occurred_at)
        .where(EmployerContact.specialist_id == user_id, EmployerContact.occurred_on >= since)
        .order_by(EmployerContact.occurred_on.desc())
        .limit(RECENT_CONTACTS_READ)
    ).all()
    for employer_id, moment in contacted:
        if employer_id not in touched or touched[employer_id] < moment:
            touched[employer_id] = moment
    edited = db.session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.occurred_at)
        .where(
            AuditEvent.user_id == user_id,
            AuditEvent.entity_type == "employer",
            AuditEvent.occurred_at >= datetime.combine(since, time.min, tzinfo=UTC),
        )
        .order_by(AuditEvent.occurred_at.desc())
        .limit(limit * 3)
    ).all()
    for employer_id, moment in edited:
        if employer_id is not None and (
            employer_id not in touched or touched[employer_id] < moment
        ):
            touched[employer_id] = moment
    newest = sorted(touched.items(), key=lambda kv: kv[1], reverse=True)[:limit]
    if not newest:
        return []
    names = {
        row.id: row
        for row in db.session.execute(
            sa.select(Employer.id, Employer.name, Employer.business_place).where(
                Employer.id.in_([i for i, _ in newest]), Employer.archived.is_(False)
            )
        )
    }
    return [
        RecentEmployer(i, names[i].name, names[i].business_place, moment)
        for i, moment in newest
        if i in names
    ]


def my_week(user: User, weekly_target: int, first_contact_days: int) -> MyWeek:
    day = today()
    monday, sunday = iso_week_bounds(day)
    return MyWeek(
        week=day.isocalendar().week,
        monday=monday,
        sunday=sunday,
        face_to_face=face_to_face_count(user.id, monday, sunday),
        target=weekly_target,
        follow_ups=list_follow_ups(user, [user.id], due_until=day, limit=50),
        first_contact=first_contact_missing(user.id, first_contact_days),
        recent_employers=recent_employers(user.id),
    )

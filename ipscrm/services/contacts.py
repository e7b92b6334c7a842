"""The contact log: log an employer contact, with its follow-up; the choices the contact
form offers (visible jobseekers, employers found by name)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ipscrm import events
from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import (
    ContactMode,
    ContactPerson,
    ContactPurpose,
    EmployerContact,
    Jobseeker,
    JobseekerStatus,
    User,
)
from ipscrm.services import audit
from ipscrm.services.access import get_visible_jobseeker, jobseeker_filter
from ipscrm.services.employers import get_employer
from ipscrm.services.errors import ValidationFailed
from ipscrm.timeutil import local_day, now_utc, today

CONTACT_AUDIT_FIELDS = [
    "occurred_at",
    "employer_id",
    "contact_person_id",
    "mode",
    "face_to_face",
    "purpose",
    "jobseeker_id",
    "next_step",
    "follow_up_due",
]
MAX_TEXT = 10_000


@dataclass
class ContactInput:
    employer_id: int
    mode: ContactMode = ContactMode.IN_PERSON
    purpose: ContactPurpose = ContactPurpose.INTRODUCTION
    occurred_at: datetime | None = None  # aware; None = now
    face_to_face: bool | None = None  # None = in person counts as face-to-face
    contact_person_id: int | None = None
    jobseeker_id: int | None = None
    outcome: str | None = None
    notes: str | None = None
    next_step: str | None = None
    follow_up_due: date | None = None


def _text(value: str | None, field: str) -> str | None:
    value = (value or "").strip() or None
    if value and len(value) > MAX_TEXT:
        raise ValidationFailed(N_("At most %(max)s characters."), {"max": MAX_TEXT}, field=field)
    return value


def log_contact(
    actor: User, data: ContactInput, allow_past_follow_up: bool = False
) -> EmployerContact:
    """Store one employer contact by ``actor``; ``allow_past_follow_up`` is for loading
    history (demo data, imports of old logs), never for the forms."""
    employer = get_employer(data.employer_id)
    if employer.archived:
        raise ValidationFailed(
            N_("This employer is archived. Restore it before logging a contact."),
            field="employer_id",
        )
    occurred_at = data.occurred_at or now_utc()
    if occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    if occurred_at > now_utc() + timedelta(minutes=10):
        raise ValidationFailed(N_("The contact cannot be in the future."), field="occurred_at")
    if data.contact_person_id is not None:
        person = db.session.get(ContactPerson, data.contact_person_id)
        if person is None or person.employer_id != employer.id:
            raise ValidationFailed(
                N_("That contact person does not work at this employer."),
                field="contact_person_id",
            )
    if data.jobseeker_id is not None:
        get_visible_jobseeker(actor, data.jobseeker_id)
    if data.follow_up_due is not None and not allow_past_follow_up and data.follow_up_due < today():
        raise ValidationFailed(
            N_("The follow-up date cannot be in the past."), field="follow_up_due"
        )
    mode = ContactMode(data.mode)
    face_to_face = mode == ContactMode.IN_PERSON if data.face_to_face is None else data.face_to_face
    contact = EmployerContact(
        occurred_at=occurred_at,
        occurred_on=local_day(occurred_at),
        specialist_id=actor.id,
        team_id=actor.team_id,
        employer_id=employer.id,
        contact_person_id=data.contact_person_id,
        mode=mode,
        face_to_face=face_to_face,
        purpose=ContactPurpose(data.purpose),
        jobseeker_id=data.jobseeker_id,
        outcome=_text(data.outcome, "outcome"),
        notes=_text(data.notes, "notes"),
        next_step=_text(data.next_step, "next_step"),
        follow_up_due=data.follow_up_due,
        follow_up_done=False,
    )
    db.session.add(contact)
    if employer.last_contact_at is None or employer.last_contact_at < occurred_at:
        employer.last_contact_at = occurred_at
    db.session.flush()
    after = audit.snapshot(contact, CONTACT_AUDIT_FIELDS)
    audit.record(
        actor.id, "create", "contact", contact.id, {k: [None, v] for k, v in after.items()}
    )
    events.emit("contact_logged", contact_id=contact.id, employer_id=employer.id, user_id=actor.id)
    db.session.commit()
    return contact


def face_to_face_count(specialist_id: int, first_day: date, last_day: date) -> int:
    """Face-to-face employer contacts by one specialist, both days included."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(EmployerContact.id)).where(
                EmployerContact.specialist_id == specialist_id,
                EmployerContact.face_to_face.is_(True),
                EmployerContact.occurred_on.between(first_day, last_day),
            )
        )
        or 0
    )


def jobseeker_choices(user: User) -> list[tuple[int, str]]:
    """(id, reference) of the active jobseekers ``user`` may see, for the contact form."""
    return [
        (row.id, row.reference)
        for row in db.session.execute(
            sa.select(Jobseeker.id, Jobseeker.reference)
            .where(jobseeker_filter(user), Jobseeker.status != JobseekerStatus.CLOSED)
            .order_by(Jobseeker.reference)
        )
    ]

"""Accommodations an employer offers (from the catalogue), each with a status and the
date it was recorded: add, change, remove. One transaction each, with an audit event and
``employer_saved`` for plugins."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ipscrm import events
from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import AccommodationStatus, AccommodationType, EmployerAccommodation
from ipscrm.services import audit, edit_conflicts
from ipscrm.services.employers import get_employer
from ipscrm.services.errors import Duplicate, NotFound, ValidationFailed
from ipscrm.timeutil import today

MAX_NOTE = 2_000
FIELDS = ["accommodation_type_id", "status", "recorded_on", "note"]


def _clean(
    status: str | AccommodationStatus, recorded_on: date | None, note: str | None
) -> tuple[AccommodationStatus, date, str | None]:
    try:
        status = AccommodationStatus(status)
    except ValueError as err:
        raise ValidationFailed(
            N_("Unknown value “%(value)s”."), {"value": status}, field="status"
        ) from err
    recorded_on = recorded_on or today()
    if recorded_on > today():
        raise ValidationFailed(N_("The date cannot be in the future."), field="recorded_on")
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise ValidationFailed(N_("At most %(max)s characters."), {"max": MAX_NOTE}, field="note")
    return status, recorded_on, note


def get_accommodation(accommodation_id: int) -> EmployerAccommodation:
    item = db.session.get(EmployerAccommodation, accommodation_id)
    if item is None:
        raise NotFound(N_("No such accommodation."))
    return item


def add_accommodation(
    employer_id: int,
    accommodation_type_id: int,
    status: str | AccommodationStatus,
    recorded_on: date | None,
    note: str | None,
    actor_id: int | None,
) -> EmployerAccommodation:
    employer = get_employer(employer_id)
    kind = db.session.get(AccommodationType, accommodation_type_id)
    if kind is None or not kind.active:
        raise ValidationFailed(N_("Choose an accommodation from the list."), field="type_id")
    status, recorded_on, note = _clean(status, recorded_on, note)
    existing = db.session.scalar(
        sa.select(EmployerAccommodation).where(
            EmployerAccommodation.employer_id == employer.id,
            EmployerAccommodation.accommodation_type_id == kind.id,
        )
    )
    if existing is not None:
        raise Duplicate(
            N_("This accommodation is already recorded for the employer: change it instead."),
            field="type_id",
            existing_id=existing.id,
        )
    item = EmployerAccommodation(
        employer_id=employer.id,
        accommodation_type_id=kind.id,
        status=status,
        recorded_on=recorded_on,
        note=note,
        recorded_by_id=actor_id,
    )
    db.session.add(item)
    db.session.flush()
    after = audit.snapshot(item, FIELDS)
    audit.record(
        actor_id,
        "create",
        "employer_accommodation",
        item.id,
        {"employer_id": [None, employer.id]} | {k: [None, v] for k, v in after.items()},
    )
    events.emit("employer_saved", employer_id=employer.id, created=False, user_id=actor_id)
    db.session.commit()
    return item


def update_accommodation(
    accommodation_id: int,
    status: str | AccommodationStatus,
    recorded_on: date | None,
    note: str | None,
    actor_id: int | None,
    version: edit_conflicts.FormVersion | None = None,
) -> EmployerAccommodation:
    """Save the status, date and note; ``version``: what the form has seen of the
    accommodation (see :mod:`ipscrm.services.edit_conflicts`)."""
    item = get_accommodation(accommodation_id)
    status, recorded_on, note = _clean(status, recorded_on, note)
    wanted = {"status": status, "recorded_on": recorded_on, "note": note}
    if version is not None:  # what others saved since the form was opened
        current = audit.snapshot(item, list(wanted))
        wanted = edit_conflicts.check("employer_accommodation", item.id, wanted, current, version)
    before = audit.snapshot(item, FIELDS)
    for key, value in wanted.items():
        setattr(item, key, value)
    changes = audit.diff(before, audit.snapshot(item, FIELDS))
    if changes:
        item.recorded_by_id = actor_id
        audit.record(actor_id, "update", "employer_accommodation", item.id, changes)
        events.emit("employer_saved", employer_id=item.employer_id, created=False, user_id=actor_id)
    db.session.commit()
    return item


def remove_accommodation(accommodation_id: int, actor_id: int | None) -> int:
    """Remove an accommodation from an employer; returns the employer id."""
    item = get_accommodation(accommodation_id)
    employer_id = item.employer_id
    before = audit.snapshot(item, FIELDS)
    db.session.delete(item)
    audit.record(
        actor_id,
        "delete",
        "employer_accommodation",
        accommodation_id,
        {k: [v, None] for k, v in before.items()},
    )
    events.emit("employer_saved", employer_id=employer_id, created=False, user_id=actor_id)
    db.session.commit()
    return employer_id

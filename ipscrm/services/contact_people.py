"""Contact people at an employer: add, change, remove. Each change is one transaction
with an audit event, and tells plugins the employer changed (``employer_saved``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ipscrm import events
from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import ContactChannel, ContactPerson
from ipscrm.services import audit, edit_conflicts
from ipscrm.services.employers import get_employer
from ipscrm.services.errors import NotFound, ValidationFailed
from ipscrm.validation import InvalidValue, check_email

FIELDS = ["name", "role", "phone", "email", "preferred_channel", "notes"]
MAX_LENGTHS = {"name": 120, "role": 120, "phone": 40, "email": 254, "notes": 10_000}


def clean_person_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, normalised contact person fields; raises :class:`ValidationFailed`."""
    clean: dict[str, Any] = {}
    for key in FIELDS:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, str):
            value = value.strip() or None
        if isinstance(value, str) and len(value) > MAX_LENGTHS.get(key, 255):
            raise ValidationFailed(
                N_("At most %(max)s characters."), {"max": MAX_LENGTHS[key]}, field=key
            )
        if key == "email" and value:
            try:
                value = check_email(value)
            except InvalidValue as err:
                raise ValidationFailed(err.message, err.params, field=key) from err
        if key == "preferred_channel" and value is not None:
            try:
                value = ContactChannel(value)
            except ValueError as err:
                raise ValidationFailed(
                    N_("Unknown value “%(value)s”."), {"value": value}, field=key
                ) from err
        clean[key] = value
    if not clean.get("name"):
        raise ValidationFailed(N_("A name is required."), field="name")
    return clean


def get_person(person_id: int) -> ContactPerson:
    person = db.session.get(ContactPerson, person_id)
    if person is None:
        raise NotFound(N_("No such contact person."))
    return person


def add_person(employer_id: int, data: Mapping[str, Any], actor_id: int | None) -> ContactPerson:
    employer = get_employer(employer_id)
    clean = clean_person_data(data)
    person = ContactPerson(employer_id=employer.id, **clean)
    db.session.add(person)
    db.session.flush()
    after = audit.snapshot(person, list(clean))
    audit.record(
        actor_id,
        "create",
        "contact_person",
        person.id,
        {"employer_id": [None, employer.id]} | {k: [None, v] for k, v in after.items()},
    )
    events.emit("employer_saved", employer_id=employer.id, created=False, user_id=actor_id)
    db.session.commit()
    return person


def update_person(
    person_id: int,
    data: Mapping[str, Any],
    actor_id: int | None,
    version: edit_conflicts.FormVersion | None = None,
) -> ContactPerson:
    """Save changed fields; ``version``: what the form has seen of the person (see
    :mod:`ipscrm.services.edit_conflicts`)."""
    person = get_person(person_id)
    clean = clean_person_data(data)
    if version is not None:  # what others saved since the form was opened
        current = audit.snapshot(person, list(clean))
        clean = edit_conflicts.check("contact_person", person.id, clean, current, version)
    before = audit.snapshot(person, list(clean))
    for key, value in clean.items():
        setattr(person, key, value)
    changes = audit.diff(before, audit.snapshot(person, list(clean)))
    if changes:
        audit.record(actor_id, "update", "contact_person", person.id, changes)
        events.emit(
            "employer_saved", employer_id=person.employer_id, created=False, user_id=actor_id
        )
    db.session.commit()
    return person


def remove_person(person_id: int, actor_id: int | None) -> int:
    """Remove a contact person (logged contacts keep their history without the name).
    Returns the employer id."""
    person = get_person(person_id)
    employer_id = person.employer_id
    before = audit.snapshot(person, FIELDS)
    db.session.delete(person)
    audit.record(
        actor_id, "delete", "contact_person", person_id, {k: [v, None] for k, v in before.items()}
    )
    events.emit("employer_saved", employer_id=employer_id, created=False, user_id=actor_id)
    db.session.commit()
    return employer_id

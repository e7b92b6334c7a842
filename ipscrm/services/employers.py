"""Employers: create, edit, tag, archive (never delete: employers carry history)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ipscrm import events
from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import Employer, EmployerTag, Stage, User, utcnow
from ipscrm.services import audit, edit_conflicts
from ipscrm.services.errors import Duplicate, NotFound, ValidationFailed
from ipscrm.validation import (
    EMPLOYER_TEXT_LIMITS,
    InvalidValue,
    check_email,
    check_municipality_number,
    check_organisation_number,
    check_postcode,
    check_url,
)

# Fields a register or an imported list owns: imports may update these.
REGISTER_FIELDS = [
    "name",
    "organisation_form",
    "industry_code_1",
    "industry_description_1",
    "industry_code_2",
    "industry_description_2",
    "industry_code_3",
    "industry_description_3",
    "industry_classification",
    "employee_count",
    "website",
    "email",
    "phone",
    "business_address",
    "business_postcode",
    "business_place",
    "business_municipality",
    "business_municipality_number",
    "postal_address",
    "postal_postcode",
    "postal_place",
    "postal_municipality",
    "postal_municipality_number",
    "bankrupt",
    "under_liquidation",
    "under_forced_liquidation",
]
# Fields the specialists own: an import never overwrites these.
SPECIALIST_FIELDS = ["stage", "owner_id", "notes", "job_types", "parent_id"]
EDITABLE_FIELDS = ["organisation_number", *REGISTER_FIELDS, *SPECIALIST_FIELDS]

MAX_LENGTHS = EMPLOYER_TEXT_LIMITS
_CHECKS = {
    "organisation_number": check_organisation_number,
    "business_postcode": check_postcode,
    "postal_postcode": check_postcode,
    "business_municipality_number": check_municipality_number,
    "postal_municipality_number": check_municipality_number,
    "email": check_email,
    "website": check_url,
}


def clean_employer_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise employer fields; unknown keys are refused.

    Empty strings become None. Raises :class:`ValidationFailed` naming the field."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationFailed(N_("Unknown field “%(field)s”."), {"field": key}, field=key)
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None and key in _CHECKS:
            try:
                value = _CHECKS[key](value)
            except InvalidValue as err:
                raise ValidationFailed(err.message, err.params, field=key) from err
        if isinstance(value, str) and len(value) > MAX_LENGTHS.get(key, 255):
            raise ValidationFailed(
                N_("At most %(max)s characters."), {"max": MAX_LENGTHS.get(key, 255)}, field=key
            )
        if (
            key == "employee_count"
            and value is not None
            and (not isinstance(value, int) or value < 0 or value > 10_000_000)
        ):
            raise ValidationFailed(N_("Must be a whole number, 0 or more."), field=key)
        if key == "stage" and value is not None:
            try:
                value = Stage(value)
            except ValueError as err:
                raise ValidationFailed(
                    N_("Unknown stage “%(value)s”."), {"value": value}, field=key
                ) from err
        if key == "job_types":
            value = normalise_terms(value or [])
        clean[key] = value
    if "name" in clean and not clean["name"]:
        raise ValidationFailed(N_("A name is required."), field="name")
    if clean.get("owner_id") is not None and db.session.get(User, clean["owner_id"]) is None:
        raise ValidationFailed(N_("No such user."), field="owner_id")
    return clean


def normalise_terms(values: Iterable[str], max_length: int = 60) -> list[str]:
    """Trimmed, lower-case, unique, in the order given; empty entries dropped."""
    seen: dict[str, None] = {}
    for value in values:
        term = " ".join(str(value).split()).lower()[:max_length]
        if term:
            seen.setdefault(term, None)
    return list(seen)


def find_by_organisation_number(number: str) -> Employer | None:
    return db.session.scalar(sa.select(Employer).where(Employer.organisation_number == number))


def _ensure_unique(number: str | None, own_id: int | None) -> None:
    if not number:
        return
    existing = find_by_organisation_number(number)
    if existing is not None and existing.id != own_id:
        raise Duplicate(
            N_("Organisation number %(number)s is already registered for %(name)s."),
            {"number": number, "name": existing.name},
            field="organisation_number",
            existing_id=existing.id,
        )


@contextmanager
def _unique_at_commit(number: str | None, own_id: int | None) -> Iterator[None]:
    """Another user may save the same organisation number between our check and our
    commit: the database's unique constraint then refuses it, and the user gets the same
    message as if the check had seen it (nothing of this save is kept)."""
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        _ensure_unique(number, own_id)
        raise


def _check_parent(employer_id: int | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    seen = {employer_id}
    current = db.session.get(Employer, parent_id)
    if current is None:
        raise ValidationFailed(N_("No such employer."), field="parent_id")
    while current is not None:
        if current.id in seen:
            raise ValidationFailed(
                N_("An employer cannot be its own parent or worksite."), field="parent_id"
            )
        seen.add(current.id)
        current = current.parent


def get_employer(employer_id: int) -> Employer:
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(N_("No such employer."))
    return employer


def create_employer(
    data: Mapping[str, Any],
    actor_id: int | None,
    tags: Iterable[str] = (),
    source: str = "manual",
) -> Employer:
    clean = clean_employer_data(data)
    if not clean.get("name"):
        raise ValidationFailed(N_("A name is required."), field="name")
    _ensure_unique(clean.get("organisation_number"), None)
    _check_parent(None, clean.get("parent_id"))
    employer = Employer(source=source, **clean)
    employer.tag_rows = [EmployerTag(tag=t) for t in normalise_terms(tags)]
    db.session.add(employer)
    with _unique_at_commit(clean.get("organisation_number"), None):
        db.session.flush()
        after = audit.snapshot(employer, list(clean))
        audit.record(
            actor_id, "create", "employer", employer.id, {k: [None, v] for k, v in after.items()}
        )
        events.emit("employer_saved", employer_id=employer.id, created=True, user_id=actor_id)
        db.session.commit()
    return employer


def update_employer(
    employer_id: int,
    data: Mapping[str, Any],
    actor_id: int | None,
    tags: Iterable[str] | None = None,
    version: edit_conflicts.FormVersion | None = None,
) -> Employer:
    """Save changed fields. ``version``: what the form has seen of the employer; changes
    others saved since are kept, or raise
    :class:`~ipscrm.services.edit_conflicts.EditConflict` where this edit crosses them."""
    employer = get_employer(employer_id)
    clean = clean_employer_data(data)
    new_tags = normalise_terms(tags) if tags is not None else None
    if version is not None:
        wanted = clean if new_tags is None else {**clean, "tags": new_tags}
        current = {**audit.snapshot(employer, list(clean)), "tags": employer.tags}
        clean = edit_conflicts.check("employer", employer.id, wanted, current, version)
        new_tags = clean.pop("tags", None)
    if "organisation_number" in clean:
        _ensure_unique(clean["organisation_number"], employer.id)
    if "parent_id" in clean:
        _check_parent(employer.id, clean["parent_id"])
    before = audit.snapshot(employer, list(clean))
    for key, value in clean.items():
        setattr(employer, key, value)
    changes = audit.diff(before, audit.snapshot(employer, list(clean)))
    if new_tags is not None:
        old_tags = employer.tags
        if old_tags != new_tags:
            employer.tag_rows = [EmployerTag(tag=t) for t in new_tags]
            changes["tags"] = [old_tags, new_tags]
    if changes:
        employer.updated_at = utcnow()
        audit.record(actor_id, "update", "employer", employer.id, changes)
        events.emit("employer_saved", employer_id=employer.id, created=False, user_id=actor_id)
    with _unique_at_commit(clean.get("organisation_number"), employer.id):
        db.session.commit()
    return employer


def set_archived(employer_id: int, archived: bool, actor_id: int | None) -> Employer:
    """Archive (or restore) an employer. Employers are never deleted: their contact
    history and job starts count in the fidelity figures."""
    employer = get_employer(employer_id)
    if employer.archived != archived:
        employer.archived = archived
        employer.archived_at = utcnow() if archived else None
        audit.record(
            actor_id,
            "archive" if archived else "restore",
            "employer",
            employer.id,
            {"archived": [not archived, archived]},
        )
        events.emit("employer_saved", employer_id=employer.id, created=False, user_id=actor_id)
        db.session.commit()
    return employer

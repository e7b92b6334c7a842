"""The accommodation catalogue: seeded with the stable codes, extensible by admins."""

from __future__ import annotations

import re

import sqlalchemy as sa

from ipscrm.catalogue import catalogue_rows
from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import AccommodationType, utcnow
from ipscrm.services import audit
from ipscrm.services.errors import Duplicate, NotFound, ValidationFailed


def seed_accommodation_types() -> int:
    """Insert the catalogue codes that are missing; returns how many were added."""
    existing = set(db.session.scalars(sa.select(AccommodationType.code)))
    added = 0
    now = utcnow()
    for row in catalogue_rows():
        if row["code"] not in existing:
            db.session.add(AccommodationType(created_at=now, updated_at=now, **row))
            added += 1
    db.session.commit()
    return added


def list_accommodation_types(active_only: bool = True) -> list[AccommodationType]:
    query = sa.select(AccommodationType).order_by(
        AccommodationType.sort_order, AccommodationType.code
    )
    if active_only:
        query = query.where(AccommodationType.active.is_(True))
    return list(db.session.scalars(query))


def types_by_code() -> dict[str, AccommodationType]:
    return {t.code: t for t in list_accommodation_types(active_only=False)}


def _check_names(name_nb: str, name_en: str) -> tuple[str, str]:
    name_nb, name_en = (name_nb or "").strip(), (name_en or "").strip()
    for field, value in (("name_nb", name_nb), ("name_en", name_en)):
        if not value or len(value) > 120:
            raise ValidationFailed(N_("A name of 1 to 120 characters is required."), field=field)
    return name_nb, name_en


def create_accommodation_type(
    code: str, name_nb: str, name_en: str, actor_id: int | None
) -> AccommodationType:
    code = (code or "").strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
        raise ValidationFailed(
            N_("The code must be 2 to 40 lower-case letters, digits or _, starting with a letter."),
            field="code",
        )
    name_nb, name_en = _check_names(name_nb, name_en)
    if db.session.scalar(sa.select(AccommodationType).where(AccommodationType.code == code)):
        raise Duplicate(N_("The code %(code)s is already in use."), {"code": code}, field="code")
    max_order = db.session.scalar(sa.select(sa.func.max(AccommodationType.sort_order))) or 0
    item = AccommodationType(
        code=code, name_nb=name_nb, name_en=name_en, sort_order=max_order + 10, builtin=False
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor_id, "create", "accommodation_type", item.id, {"code": [None, code]})
    db.session.commit()
    return item


def get_accommodation_type(type_id: int) -> AccommodationType:
    item = db.session.get(AccommodationType, type_id)
    if item is None:
        raise NotFound(N_("No such accommodation."))
    return item


def update_accommodation_type(
    type_id: int, name_nb: str, name_en: str, active: bool, actor_id: int | None
) -> AccommodationType:
    item = db.session.get(AccommodationType, type_id)
    if item is None:
        raise NotFound(N_("No such accommodation."))
    name_nb, name_en = _check_names(name_nb, name_en)
    fields = ["name_nb", "name_en", "active"]
    before = audit.snapshot(item, fields)
    item.name_nb, item.name_en, item.active = name_nb, name_en, bool(active)
    changes = audit.diff(before, audit.snapshot(item, fields))
    if changes:
        audit.record(actor_id, "update", "accommodation_type", item.id, changes)
    db.session.commit()
    return item

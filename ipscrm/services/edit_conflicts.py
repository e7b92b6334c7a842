"""Edits that cross: somebody else saved the same record after this form was opened.

A form remembers the newest audit event of its record when it was opened. On saving, the
fields others changed since then are compared with what the form sends:

- the form still has the value from before their change (the user did not touch it):
  their value is kept, the user's other changes are saved;
- the form has the value they saved: nothing to decide;
- the form has a third value: both changed it, and nothing is saved until the user has
  seen the other value (:class:`EditConflict`, with the fields and who changed them).

Without the old values (sensitive records keep only field names in the audit trail),
every field changed meanwhile whose value differs from the saved one is a conflict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import AuditEvent, User
from ipscrm.services.audit import plain_value
from ipscrm.services.errors import DomainError

EDIT_ACTIONS = ("update", "archive", "restore")
UNKNOWN = object()  # an old value the audit trail does not keep


@dataclass(frozen=True)
class ChangeMeanwhile:
    """A field somebody else changed after the form was opened."""

    field: str
    before: Any  # the value when the form was opened (UNKNOWN for sensitive records)
    after: Any
    user_name: str | None
    at: datetime


class EditConflict(DomainError):
    """Fields both the user and somebody else changed; nothing was saved. ``latest`` is
    the record's newest audit event id: a form that sends it saves its own values."""

    def __init__(self, changes: list[ChangeMeanwhile], latest: int) -> None:
        super().__init__(
            N_(
                "Somebody else saved this while you were editing. Your changes are not "
                "saved yet: check the marked fields and save again to keep your values."
            )
        )
        self.changes = changes
        self.latest = latest


def latest_change(entity_type: str, entity_id: int) -> int:
    """The id of the record's newest audit event (0 when it has none)."""
    return (
        db.session.scalar(
            sa.select(sa.func.max(AuditEvent.id)).where(
                AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id
            )
        )
        or 0
    )


def changes_since(entity_type: str, entity_id: int, seen: int) -> dict[str, ChangeMeanwhile]:
    """Each field changed by an audit event newer than ``seen``: its value before the
    first of them and after the last, and who saved the last."""
    rows = db.session.execute(
        sa.select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(
            AuditEvent.entity_type == entity_type,
            AuditEvent.entity_id == entity_id,
            AuditEvent.id > seen,
            AuditEvent.action.in_(EDIT_ACTIONS),
        )
        .order_by(AuditEvent.id)
    ).all()
    found: dict[str, ChangeMeanwhile] = {}
    for event, user_name in rows:
        for name, values in (event.changes or {}).items():
            known = isinstance(values, list) and len(values) == 2
            before, after = values if known else (UNKNOWN, UNKNOWN)
            if name in found:
                before = found[name].before
            found[name] = ChangeMeanwhile(name, before, after, user_name, event.occurred_at)
    return found


def merge(
    wanted: Mapping[str, Any], current: Mapping[str, Any], meanwhile: Mapping[str, ChangeMeanwhile]
) -> tuple[dict[str, Any], list[ChangeMeanwhile]]:
    """``wanted`` without the fields the user left as they were when somebody else
    changed them, and the fields both changed. ``current`` holds the saved values of the
    fields in ``meanwhile``."""
    keep = dict(wanted)
    crossing = []
    for name, change in meanwhile.items():
        if name not in wanted:
            continue
        mine = plain_value(wanted[name])
        if mine == plain_value(current.get(name)):
            continue
        if change.before is not UNKNOWN and mine == change.before:
            del keep[name]  # untouched in this form: their value stays
            continue
        crossing.append(change)
    return keep, crossing

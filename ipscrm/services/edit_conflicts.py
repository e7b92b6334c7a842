"""Edits that cross: somebody else saved the same record after this form was opened.

A form remembers the newest audit event of its record when it was opened
(:class:`FormVersion`). On saving, the fields others changed since then are compared with
what the form sends:

- the form still has the value from before their change (the user did not touch it):
  their value is kept, the user's other changes are saved;
- the form has the value they saved: nothing to decide;
- the form has a third value: both changed it, and nothing is saved until the user has
  seen the other value (:class:`EditConflict`). The form then also remembers which
  fields it has shown, as of which event: saving it again keeps the user's values for
  those, and still keeps other people's changes to the fields the user did not touch.

Sensitive records keep no old values in the audit trail: there, every field changed
meanwhile whose value differs from the saved one is shown. The saved value shown comes
from the record itself, which the user may see anyway."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
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
    after: Any  # the value saved now
    user_name: str | None
    at: datetime
    last_event: int  # the audit event of the latest change


@dataclass(frozen=True)
class FormVersion:
    """What a form has seen of its record: the newest audit event when it was opened, and
    the fields whose crossing changes it has shown, as of a later event."""

    opened_at: int
    shown: frozenset[str] = frozenset()
    shown_at: int = 0

    def has_shown(self, change: ChangeMeanwhile) -> bool:
        return change.field in self.shown and change.last_event <= self.shown_at


class EditConflict(DomainError):
    """Fields both the user and somebody else changed; nothing was saved. ``latest`` is
    the record's newest audit event: a form that has shown ``changes`` as of it saves
    the user's values for them (see :class:`FormVersion`)."""

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
            found[name] = ChangeMeanwhile(
                name, before, after, user_name, event.occurred_at, event.id
            )
    return found


def merge(
    wanted: Mapping[str, Any],
    current: Mapping[str, Any],
    meanwhile: Mapping[str, ChangeMeanwhile],
    version: FormVersion,
) -> tuple[dict[str, Any], list[ChangeMeanwhile]]:
    """``wanted`` without the fields the user left as they were when somebody else
    changed them, and the fields both changed that the form has not shown yet.
    ``current`` holds the saved values of the fields in ``meanwhile``."""
    keep = dict(wanted)
    crossing = []
    for name, change in meanwhile.items():
        if name not in wanted:
            continue
        mine = plain_value(wanted[name])
        saved = plain_value(current.get(name))
        if mine == saved:
            continue
        if change.before is not UNKNOWN and mine == change.before:
            del keep[name]  # untouched in this form: their value stays
        elif not version.has_shown(change):
            crossing.append(replace(change, after=saved))
    return keep, crossing


def check(
    entity_type: str,
    entity_id: int,
    wanted: Mapping[str, Any],
    current: Mapping[str, Any],
    version: FormVersion,
) -> dict[str, Any]:
    """``wanted`` merged with what others saved since the form was opened (see
    :func:`merge`); raises :class:`EditConflict` for fields the user has yet to see.
    ``current``: the saved values of the record's fields in ``wanted``."""
    meanwhile = changes_since(entity_type, entity_id, version.opened_at)
    if not meanwhile:
        return dict(wanted)
    keep, crossing = merge(wanted, current, meanwhile, version)
    if crossing:
        raise EditConflict(crossing, latest_change(entity_type, entity_id))
    return keep

"""Writing the audit trail. Services call :func:`record` inside their transaction, so an
audit event exists exactly when the change it describes was committed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from ipscrm.extensions import db
from ipscrm.models import AuditEvent

# Entities whose values are sensitive: the trail keeps the names of changed fields only.
SENSITIVE_ENTITIES = {"jobseeker", "job_start"}


def plain_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, as JSON-ready data."""
    return {name: plain_value(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in after
        if before.get(name) != after.get(name)
    }


def record(
    user_id: int | None,
    action: str,
    entity_type: str,
    entity_id: int | None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits)."""
    if changes and entity_type in SENSITIVE_ENTITIES:
        changes = dict.fromkeys(changes)
    event = AuditEvent(
        user_id=user_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        changes=changes or None,
    )
    db.session.add(event)
    return event

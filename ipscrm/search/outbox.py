"""Writing the search outbox. Any ORM change to a record that feeds an employer's search
document (the employer, its tags, contact people, accommodations, contacts, job starts,
and what plugins register) adds outbox rows in the same transaction, so the index can
always be brought in step with the database. Bulk code paths (imports) call
:func:`enqueue` themselves.

Applying the outbox to the index is the job of the search sync (``ipscrm.search.sync``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from ipscrm.models import (
    ContactPerson,
    Employer,
    EmployerAccommodation,
    EmployerContact,
    EmployerTag,
    JobStart,
)
from ipscrm.models.base import utcnow
from ipscrm.models.search import SearchOutbox

# model -> the attribute holding the employer id
_TRACKED: dict[type, str] = {
    Employer: "id",
    EmployerTag: "employer_id",
    ContactPerson: "employer_id",
    EmployerAccommodation: "employer_id",
    EmployerContact: "employer_id",
    JobStart: "employer_id",
}
_PENDING = "ipscrm_search_pending"
# Set on a session whose transaction wrote outbox rows: the inline sync drains after commit.
DIRTY = "ipscrm_search_dirty"


def track(model: type, employer_id_attribute: str = "employer_id") -> None:
    """Make changes to ``model`` refresh the document of the employer it points to."""
    _TRACKED[model] = employer_id_attribute
    _keep_previous_value(model, employer_id_attribute)


def _remember(target: Any, value: Any, oldvalue: Any, initiator: Any) -> Any:
    return value


def _keep_previous_value(model: type, name: str) -> None:
    """Load the old employer id when it is changed, so history shows where it came from."""
    attribute = getattr(model, name)
    if name != "id" and not event.contains(attribute, "set", _remember):
        event.listen(attribute, "set", _remember, active_history=True, retval=True)


def enqueue(connection: sa.Connection | Session, employer_ids: Iterable[int]) -> int:
    """Add outbox rows for ``employer_ids`` in the caller's transaction."""
    now = utcnow()
    rows = [{"employer_id": int(i), "created_at": now} for i in dict.fromkeys(employer_ids) if i]
    if rows:
        connection.execute(sa.insert(SearchOutbox), rows)
        if isinstance(connection, Session):
            connection.info[DIRTY] = True
    return len(rows)


def _attribute(obj: Any) -> str | None:
    for cls in type(obj).__mro__:
        if cls in _TRACKED:
            return _TRACKED[cls]
    return None


def _collect(session: Session, flush_context: Any, instances: Any) -> None:
    """Before flush: remember the tracked objects and the employer they pointed to before
    this change (a contact person moved to another employer refreshes both)."""
    objects = session.info.setdefault(_PENDING, [])
    for obj in (*session.new, *session.dirty, *session.deleted):
        name = _attribute(obj)
        if name is not None:
            previous = sa.inspect(obj).attrs[name].history.deleted
            objects.append((obj, name, previous[0] if previous else None))


def _write(session: Session, flush_context: Any) -> None:
    """After flush (new rows have their ids now): one outbox row per touched employer."""
    objects = session.info.pop(_PENDING, [])
    ids: set[int] = set()
    for obj, name, before in objects:
        ids.update(i for i in (before, getattr(obj, name, None)) if i)
    if ids:
        enqueue(session, sorted(ids))


def _discard(session: Session, *args: Any) -> None:
    session.info.pop(_PENDING, None)


def install() -> None:
    """Register the session listeners (idempotent), and the inline sync after commit."""
    from ipscrm.search import sync

    sync.install()
    for model, name in _TRACKED.items():
        _keep_previous_value(model, name)
    if not event.contains(Session, "before_flush", _collect):
        event.listen(Session, "before_flush", _collect)
        event.listen(Session, "after_flush", _write)
        event.listen(Session, "after_rollback", _discard)

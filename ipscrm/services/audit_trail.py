"""Reading the audit trail: who changed or read what, and when, newest first, for the
admins' audit page. Jobseeker events name fields only (see :mod:`ipscrm.services.audit`),
so nothing sensitive is shown here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, User
from ipscrm.timeutil import from_local

PAGE_SIZE = 50
COUNT_CAP = 10_000  # beyond this the page says "more than"
SORT_MAX = 2_000  # up to this many matching events are sorted; more are read in order
EXPORT_MAX = 1_000_000  # events in one CSV download


@dataclass(frozen=True)
class AuditFilter:
    entity_type: str | None = None
    entity_id: int | None = None
    user_id: int | None = None
    action: str | None = None
    date_from: date | None = None  # local days, both ends included
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: datetime
    user_name: str | None
    action: str
    entity_type: str
    entity_id: int | None
    changes: dict | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    total: int
    capped: bool  # more than ``total`` events match
    has_next: bool


def _conditions(f: AuditFilter, in_time_order: bool = False) -> list[sa.ColumnElement[bool]]:
    """``in_time_order``: many events match; read them newest first from the time index
    and skip the others, rather than sorting all of one kind's events (the databases
    pick the kind's index when they can)."""
    where = []
    if f.entity_type:
        kind = AuditEvent.entity_type
        if in_time_order and f.entity_id is None:
            kind = sa.func.coalesce(kind, "")  # not from the (kind, number) index
        where.append(kind == f.entity_type)
    if f.entity_id is not None:
        where.append(AuditEvent.entity_id == f.entity_id)
    if f.user_id is not None:
        where.append(AuditEvent.user_id == f.user_id)
    if f.action:
        where.append(AuditEvent.action == f.action)
    if f.date_from is not None:
        where.append(AuditEvent.occurred_at >= from_local(datetime.combine(f.date_from, time())))
    if f.date_to is not None:
        end = datetime.combine(f.date_to + timedelta(days=1), time())
        where.append(AuditEvent.occurred_at < from_local(end))
    return where


def _count(f: AuditFilter) -> int:
    """How many events match, counted up to one more than :data:`COUNT_CAP`."""
    limited = sa.select(AuditEvent.id).where(*_conditions(f)).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(limited)) or 0


def _newest_first(f: AuditFilter, total: int) -> sa.Select:
    return (
        sa.select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(*_conditions(f, in_time_order=total > SORT_MAX))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def _row(event: AuditEvent, user_name: str | None) -> AuditRow:
    e = event
    return AuditRow(e.id, e.occurred_at, user_name, e.action, e.entity_type, e.entity_id, e.changes)


def list_events(f: AuditFilter, page: int = 1, page_size: int | None = None) -> AuditPage:
    """One page of events matching ``f``, newest first, and how many match (counted up
    to :data:`COUNT_CAP`)."""
    page = max(1, page)
    page_size = page_size or PAGE_SIZE
    total = _count(f)
    query = _newest_first(f, total).offset((page - 1) * page_size).limit(page_size + 1)
    rows = db.session.execute(query).all()
    return AuditPage(
        rows=[_row(event, name) for event, name in rows[:page_size]],
        page=page,
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
        has_next=len(rows) > page_size,
    )


def iter_events(f: AuditFilter, limit: int = EXPORT_MAX) -> Iterator[AuditRow]:
    """The events matching ``f``, newest first, at most ``limit``, read in batches."""
    query = _newest_first(f, _count(f)).limit(limit).execution_options(yield_per=1_000)
    for event, name in db.session.execute(query):
        yield _row(event, name)


# The distinct entity types, one index lookup each (a plain DISTINCT reads every event).
_ENTITY_TYPES = sa.text(
    """
    WITH RECURSIVE kinds(kind) AS (
        SELECT MIN(entity_type) FROM audit_events
        UNION ALL
        SELECT (SELECT MIN(entity_type) FROM audit_events WHERE entity_type > kind)
        FROM kinds WHERE kind IS NOT NULL
    )
    SELECT kind FROM kinds WHERE kind IS NOT NULL
    """
)


def entity_types() -> list[str]:
    """The kinds of records the trail has events for (for the filter)."""
    return list(db.session.scalars(_ENTITY_TYPES))

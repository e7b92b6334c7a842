"""Undoing an import batch: remove the employers it created and restore the fields it
updated from their before-images. Employers that later work depends on (a contact logged,
a job start, an accommodation or contact person added since, a worksite from elsewhere)
are never removed: the undo is refused naming them, or, when asked, they are kept and the
rest is undone. A field changed again since the import keeps its newer value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import (
    BatchStatus,
    ContactPerson,
    Employer,
    EmployerAccommodation,
    EmployerContact,
    ImportBatch,
    ImportChange,
    JobStart,
    utcnow,
)
from ipscrm.search import outbox
from ipscrm.services import audit
from ipscrm.services.errors import Conflict, NotFound
from ipscrm.services.imports import update_search_index

E = Employer.__table__
CHUNK = 2000


@dataclass
class UndoResult:
    batch: int
    deleted: int = 0
    restored: int = 0
    kept: list[str] = field(default_factory=list)  # employers kept because work depends on them
    kept_count: int = 0
    fields_changed_since: int = 0  # updated fields left alone: changed again after the import


def _blocked(batch: ImportBatch, cutoff: Any) -> sa.ColumnElement[bool]:
    child = E.alias("child")
    ea, cp = EmployerAccommodation.__table__, ContactPerson.__table__
    return sa.or_(
        sa.exists().where(EmployerContact.__table__.c.employer_id == E.c.id),
        sa.exists().where(JobStart.__table__.c.employer_id == E.c.id),
        sa.exists().where(ea.c.employer_id == E.c.id, ea.c.created_at > cutoff),
        sa.exists().where(cp.c.employer_id == E.c.id, cp.c.created_at > cutoff),
        sa.exists().where(
            child.c.parent_id == E.c.id,
            sa.or_(child.c.import_batch_id != batch.id, child.c.import_batch_id.is_(None)),
        ),
    )


def _label(row: Any) -> str:
    number = f", org.nr {row.organisation_number}" if row.organisation_number else ""
    return f"{row.name} (id {row.id}{number})"


def undo_import(
    batch_id: int, actor_id: int | None = None, keep_dependent: bool = False
) -> UndoResult:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(N_("No import batch %(id)s."), {"id": batch_id})
    if batch.status == BatchStatus.UNDONE:
        raise Conflict(N_("Import batch %(id)s was already undone."), {"id": batch_id})
    cutoff = (
        batch.finished_at
        or db.session.scalar(
            sa.select(sa.func.max(E.c.created_at)).where(E.c.import_batch_id == batch.id)
        )
        or utcnow()
    )
    ours = E.c.import_batch_id == batch.id
    blocked = _blocked(batch, cutoff)
    result = UndoResult(batch=batch.id)
    result.kept_count = db.session.scalar(sa.select(sa.func.count()).where(ours, blocked)) or 0
    if result.kept_count:
        rows = db.session.execute(
            sa.select(E.c.id, E.c.name, E.c.organisation_number)
            .where(ours, blocked)
            .order_by(E.c.id)
            .limit(10)
        )
        result.kept = [_label(r) for r in rows]
        if not keep_dependent:
            more = result.kept_count - len(result.kept)
            raise Conflict(
                N_(
                    "Import batch %(id)s cannot be undone: later work depends on %(count)s of its "
                    "employers (contacts logged, job starts, accommodations or contact people "
                    "added, worksites): %(names)s%(more)s. Nothing was changed; use "
                    "--keep-dependent to undo the rest and keep these."
                ),
                {
                    "id": batch.id,
                    "count": result.kept_count,
                    "names": "; ".join(result.kept),
                    "more": f" and {more} more" if more > 0 else "",
                },
            )
    conn = db.session.connection()
    while True:
        ids = list(
            conn.execute(
                sa.select(E.c.id).where(ours, sa.not_(blocked)).order_by(E.c.id).limit(CHUNK)
            ).scalars()
        )
        if not ids:
            break
        outbox.enqueue(conn, ids)
        conn.execute(sa.update(E).where(E.c.parent_id.in_(ids)).values(parent_id=None))
        conn.execute(sa.delete(E).where(E.c.id.in_(ids)))
        result.deleted += len(ids)
    _restore(conn, batch, result)
    batch.status = BatchStatus.UNDONE
    batch.undone_at = utcnow()
    audit.record(
        actor_id,
        "undo",
        "import_batch",
        batch.id,
        {
            "deleted": [None, result.deleted],
            "restored": [None, result.restored],
            "kept": [None, result.kept_count],
        },
    )
    db.session.commit()
    update_search_index()
    return result


def _restore(conn: sa.Connection, batch: ImportBatch, result: UndoResult) -> None:
    """Put back the before-images of updated employers, field by field, where the field
    still holds what the import wrote."""
    changes = ImportChange.__table__
    last_id = 0
    while True:
        rows = list(
            conn.execute(
                sa.select(changes.c.id, changes.c.employer_id, changes.c.before, changes.c.after)
                .where(changes.c.batch_id == batch.id, changes.c.id > last_id)
                .order_by(changes.c.id)
                .limit(CHUNK)
            )
        )
        if not rows:
            return
        last_id = rows[-1].id
        fields = sorted({name for r in rows for name in r.before})
        current = {
            r.id: r._mapping
            for r in conn.execute(
                sa.select(E.c.id, *[E.c[f] for f in fields]).where(
                    E.c.id.in_([r.employer_id for r in rows])
                )
            )
        }
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            now = current.get(r.employer_id)
            if now is None:
                continue
            values = {}
            for name, old in r.before.items():
                if now[name] == r.after.get(name):
                    values[name] = old
                else:
                    result.fields_changed_since += 1
            if values:
                groups[tuple(sorted(values))].append(
                    {"_id": r.employer_id, **{f"_{k}": v for k, v in values.items()}}
                )
        restored = []
        for keys, params in groups.items():
            conn.execute(
                sa.update(E)
                .where(E.c.id == sa.bindparam("_id"))
                .values({**{k: sa.bindparam(f"_{k}") for k in keys}, "updated_at": utcnow()}),
                params,
            )
            restored.extend(p["_id"] for p in params)
        outbox.enqueue(conn, restored)
        result.restored += len(restored)

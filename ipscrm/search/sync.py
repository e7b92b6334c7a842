"""Keeping the index in step with the database.

Changes reach the index only through the outbox (``search_outbox``): :func:`drain` takes
the index lock without waiting, rewrites the documents of the employers in the outbox from
the committed data, commits the index, and only then deletes those outbox rows. Replaying
a row is harmless (the document is rewritten from the database), so a crash anywhere in
between is repaired by the next drain.

``SEARCH_SYNC = "inline"``: the process that committed drains right after the commit.
``SEARCH_SYNC = "worker"``: ``ipscrm search worker`` drains in a loop (multi-process
servers: then only one process ever writes)."""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ipscrm.extensions import db
from ipscrm.models import Employer
from ipscrm.models.search import SearchOutbox
from ipscrm.search import build
from ipscrm.search import index as ix_mod
from ipscrm.search.documents import build_documents
from ipscrm.search.outbox import DIRTY

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    applied: int = 0  # outbox rows applied
    documents: int = 0  # documents written or deleted
    pending: int = 0  # rows left in the outbox
    skipped: str | None = None  # why nothing was written: "locked", "missing", ...


@dataclass
class RebuildResult:
    documents: int
    seconds: float
    generation: str

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else float(self.documents)


@dataclass
class CheckReport:
    state: str
    database_count: int = 0
    index_count: int = 0
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, gone from the database
    stale: list[int] = field(default_factory=list)  # older in the index than in the database
    pending: int = 0  # outbox rows not yet applied
    fingerprint_index: str | None = None
    fingerprint_expected: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.state == ix_mod.OK
            and not (self.missing or self.extra or self.stale)
            and self.database_count == self.index_count
            and self.pending == 0
        )


class RebuildRunning(RuntimeError):
    pass


def pending_count() -> int:
    with db.engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.count(SearchOutbox.id))) or 0


def drain(
    app: Flask | None = None, batch_size: int = 500, max_batches: int | None = None
) -> DrainResult:
    """Apply pending outbox rows to the index, never waiting for the index lock."""
    app = app or current_app
    result = DrainResult()
    batches = 0
    while max_batches is None or batches < max_batches:
        try:
            handle = ix_mod.try_writer(app)
        except ix_mod.IndexUnavailable as err:
            if err.state == ix_mod.MISSING and _small_enough_to_build(app):
                rebuild(app)
                result.pending = pending_count()
                return result
            result.skipped = err.state
            break
        if handle is None:
            result.skipped = "locked"
            break
        _ix, writer = handle
        try:
            with db.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(SearchOutbox.id, SearchOutbox.employer_id)
                    .order_by(SearchOutbox.id)
                    .limit(batch_size)
                ).all()
                if not rows:
                    writer.cancel()
                    break
                employer_ids = sorted({r.employer_id for r in rows})
                docs = build_documents(
                    conn,
                    employer_ids,
                    app.extensions.get("ipscrm_plugins"),
                    ix_mod.current_plugin_fields(app),
                )
            for employer_id, doc in docs.items():
                if doc is None:
                    writer.delete_by_term("id", str(employer_id))
                else:
                    writer.update_document(**doc)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        # The index holds these changes now; a crash before this line only replays them.
        with db.engine.begin() as conn:
            conn.execute(sa.delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
        result.applied += len(rows)
        result.documents += len(docs)
        batches += 1
    result.pending = pending_count()
    return result


def apply_bulk(app: Flask | None = None, batch_size: int = 5000) -> DrainResult | None:
    """After a bulk change (an import, an undo): bring the index up to date in large
    batches, one writer at a time. When the index is missing, or the change touched so
    many employers that building the index anew is faster than rewriting their documents
    one by one (a freshly imported register), a whole new generation is built instead.
    In worker mode the worker does it and this returns None."""
    app = app or current_app
    if app.config.get("SEARCH_SYNC", "inline") != "inline":
        return None
    if ix_mod.status(app).state == ix_mod.MISSING or _rebuild_is_faster(app):
        try:
            rebuild(app)
            return DrainResult(pending=pending_count())
        except RebuildRunning:
            pass  # the running rebuild takes in what it can; the rest is drained below
    return drain(app, batch_size=batch_size)


def _rebuild_is_faster(app: Flask) -> bool:
    """Rewriting a document costs a few times what writing it into a new generation
    does (deletion, then segment merges at every commit), so a change to more than a
    third of the portfolio, and at least ``SEARCH_BULK_REBUILD_MIN`` employers, is
    applied by a rebuild."""
    with db.engine.connect() as conn:
        pending = conn.scalar(sa.select(sa.func.count(sa.distinct(SearchOutbox.employer_id))))
        if not pending or pending < app.config.get("SEARCH_BULK_REBUILD_MIN", 20_000):
            return False
        employers = conn.scalar(sa.select(sa.func.count(Employer.id))) or 0
    return pending * 3 >= employers


def _small_enough_to_build(app: Flask) -> bool:
    """A missing index is built on the spot when the portfolio is small (first start);
    larger ones wait for ``ipscrm search rebuild``."""
    limit = app.config.get("SEARCH_AUTO_BUILD_MAX", 0)
    with db.engine.connect() as conn:
        return (conn.scalar(sa.select(sa.func.count(Employer.id))) or 0) <= limit


def rebuild(app: Flask | None = None, batch_size: int = 1000) -> RebuildResult:
    """Build a complete index beside the current one, then swap it in."""
    app = app or current_app
    started = time.perf_counter()
    with ix_mod.rebuild_lock(app) as acquired:
        if not acquired:
            raise RebuildRunning("another rebuild is running")
        old_lock = _hold_current_writelock(app)
        try:
            generation, new_ix = ix_mod.new_generation(app)
            with db.engine.connect() as conn:
                high_water = conn.scalar(sa.select(sa.func.max(SearchOutbox.id))) or 0
                employers = conn.scalar(sa.select(sa.func.count(Employer.id))) or 0
            processes = build.build_processes(app, employers)
            path = os.path.join(ix_mod.index_root(app), generation)
            try:
                if processes > 1:
                    count = build.build_parallel(app, new_ix, path, processes, batch_size)
                else:
                    count = build.build_serial(app, new_ix, path, batch_size)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)  # never swapped in
                raise
            ix_mod.swap_in(app, generation)
            # Everything enqueued before the build started is in the new generation.
            with db.engine.begin() as conn:
                conn.execute(sa.delete(SearchOutbox).where(SearchOutbox.id <= high_water))
        finally:
            if old_lock is not None:
                old_lock.release()
    ix_mod.forget_searchers()
    seconds = time.perf_counter() - started
    drain(app)  # what was saved while the new generation was being built
    return RebuildResult(count, seconds, generation)


def _hold_current_writelock(app: Flask):
    """Keep writers off the old generation while the new one is built (they leave their
    changes in the outbox, which the new generation then takes in)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.util import filelock

    root = ix_mod.index_root(app)
    generation = ix_mod.current_generation(root)
    if generation is None or not os.path.isdir(os.path.join(root, generation)):
        return None
    lock = FileStorage(os.path.join(root, generation)).lock("MAIN_WRITELOCK")
    if filelock.try_for(lock.acquire, timeout=60.0, delay=0.05):
        return lock
    return None


def check(app: Flask | None = None) -> CheckReport:
    """Compare the index with the database."""
    app = app or current_app
    st = ix_mod.status(app)
    report = CheckReport(state=st.state, fingerprint_expected=ix_mod.current_fingerprint(app))
    with db.engine.connect() as conn:
        in_db = {
            row.id: row.updated_at
            for row in conn.execute(sa.select(Employer.id, Employer.updated_at))
        }
        report.pending = conn.scalar(sa.select(sa.func.count(SearchOutbox.id))) or 0
    report.database_count = len(in_db)
    if not st.usable:
        return report
    root = ix_mod.index_root(app)
    report.fingerprint_index = ix_mod.read_meta(os.path.join(root, st.generation)).get(
        "fingerprint"
    )
    in_index: dict[int, str | None] = {}
    with ix_mod.searcher(app) as s:
        for stored in s.reader().all_stored_fields():
            in_index[int(stored["id"])] = stored.get("updated")
    report.index_count = len(in_index)
    report.missing = sorted(set(in_db) - set(in_index))
    report.extra = sorted(set(in_index) - set(in_db))
    for employer_id, updated in in_db.items():
        if employer_id in in_index and updated is not None:
            stored = in_index[employer_id]
            if stored is None or stored != _iso_utc(updated):
                report.stale.append(employer_id)
    return report


def _iso_utc(value) -> str:
    from ipscrm.search.documents import _aware

    return _aware(value).isoformat()


def run_worker(app: Flask, interval: float = 1.0, iterations: int | None = None) -> None:
    """Drain forever (or ``iterations`` times), sleeping ``interval`` seconds when idle."""
    done = 0
    while iterations is None or done < iterations:
        try:
            result = drain(app)
            if result.applied:
                log.info("search worker applied %s outbox rows", result.applied)
        except Exception:
            log.exception("search worker: drain failed; retrying")
        done += 1
        if iterations is None or done < iterations:
            time.sleep(interval)


# --- inline sync: right after commit, in the process that committed ---------------------


def _after_commit(session: Session) -> None:
    if not session.info.pop(DIRTY, False) or not has_app_context():
        return
    app = current_app._get_current_object()
    if app.config.get("SEARCH_SYNC", "inline") != "inline":
        return
    try:
        # A fresh app context gives plugin hooks a usable ``db.session``: the one that just
        # committed accepts no SQL until this event is over.
        with app.app_context():
            drain(app, max_batches=app.config.get("SEARCH_INLINE_MAX_BATCHES", 4))
    except Exception:  # the save has succeeded; the outbox keeps the change for later
        log.exception("Search index update failed; the change stays in the outbox")


def _after_rollback(session: Session) -> None:
    session.info.pop(DIRTY, None)


def install() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)

"""Writing a whole index generation: in one process, or in several at once.

A full build spends nearly all its time in Whoosh (analysis, posting pools, writing
segments), which is pure Python and runs on one core. With ``SEARCH_BUILD_PROCESSES``
above 1 and at least ``SEARCH_PARALLEL_MIN`` employers, the employers are split into
ranges of ids of about the same size, and each range is read from the database and written
as segments of its own by a forked child process (no documents travel between processes).
The parent then commits the segments together into the new generation; nothing is
visible until then, and a failed child fails the whole build. Either way a segment holds
at most ``SEARCH_SEGMENT_MAX_DOCS`` documents, so memory stays flat.

Forking is only used where the platform forks (``os.fork``) and the calling process runs
no other threads (the CLI, an import); elsewhere, or for smaller portfolios, the build runs
in the calling process."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from whoosh import index as whoosh_index
from whoosh.index import TOC, clean_files
from whoosh.writing import SegmentWriter

from ipscrm.extensions import db
from ipscrm.models import Employer
from ipscrm.search import index as ix_mod
from ipscrm.search.documents import build_documents
from ipscrm.search.writer import IndexWriter

log = logging.getLogger(__name__)

# Build processes when SEARCH_BUILD_PROCESSES is not set: each holds a posting pool.
DEFAULT_MAX_PROCESSES = 4
# Posting pool per writer before it spills sorted runs to disk (MB, Whoosh's estimate).
POOL_MB = 128


class BadSetting(ValueError):
    """A build setting that is not a whole number of at least 1."""


class BuildFailed(RuntimeError):
    """A child process could not write its part; nothing was swapped in."""


@dataclass(frozen=True)
class IdRange:
    """Employers with ``low < id <= high`` (``high`` None: no upper bound)."""

    low: int
    high: int | None


def build_processes(app: Flask, employer_count: int) -> int:
    """How many processes a build of ``employer_count`` employers uses."""
    whole_number_setting(app, "SEARCH_SEGMENT_MAX_DOCS", 100_000)  # checked before any fork
    wanted = whole_number_setting(app, "SEARCH_BUILD_PROCESSES", None)
    if wanted is None:  # one per core, at most DEFAULT_MAX_PROCESSES (memory)
        wanted = min(os.cpu_count() or 1, DEFAULT_MAX_PROCESSES)
    wanted = min(wanted, 16)
    if wanted == 1 or not hasattr(os, "fork") or other_threads_running():
        # Forking a process that runs other threads (a threaded web server) can copy a
        # lock some other thread holds; such builds stay in one process.
        return 1
    if employer_count < max(2, whole_number_setting(app, "SEARCH_PARALLEL_MIN", 20_000)):
        return 1
    return wanted


def whole_number_setting(app: Flask, name: str, default: int | None) -> int | None:
    """A setting that must be a whole number of at least 1 (``default`` when unset);
    anything else stops the build with a message naming the setting and the value."""
    value = app.config.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        value = repr(value)
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise BadSetting(f"{name} must be a whole number of at least 1, not {value!r}")
    return number


def other_threads_running() -> bool:
    return threading.active_count() > 1


def split_ids(conn: sa.Connection, parts: int) -> list[IdRange]:
    """``parts`` ranges of employer ids with about the same number of employers each."""
    total = conn.scalar(sa.select(sa.func.count(Employer.id))) or 0
    bounds: list[int] = []
    for k in range(1, parts):
        before = total * k // parts  # employers in the ranges up to this bound
        if before < 1:
            continue
        bound = conn.scalar(
            sa.select(Employer.id).order_by(Employer.id).offset(before - 1).limit(1)
        )
        if bound is not None and (not bounds or bound > bounds[-1]):
            bounds.append(bound)
    lows = [0, *bounds]
    highs: list[int | None] = [*bounds, None]
    return [IdRange(lo, hi) for lo, hi in zip(lows, highs, strict=True)]


def write_range(
    app: Flask,
    conn: sa.Connection,
    writer: SegmentWriter,
    ids: IdRange,
    batch_size: int,
    max_docs: int | None = None,
) -> tuple[int, int | None]:
    """Add the documents of the employers in ``ids`` to ``writer``, at most ``max_docs``.
    Returns how many were added and the last employer id read, or None for the id when
    the range is finished."""
    pm = app.extensions.get("ipscrm_plugins")
    fields_ = ix_mod.current_plugin_fields(app)
    count = 0
    last_id = ids.low
    while max_docs is None or count < max_docs:
        query = sa.select(Employer.id).where(Employer.id > last_id)
        if ids.high is not None:
            query = query.where(Employer.id <= ids.high)
        size = batch_size if max_docs is None else min(batch_size, max_docs - count)
        batch = list(conn.scalars(query.order_by(Employer.id).limit(size)))
        if not batch:
            return count, None
        for doc in build_documents(conn, batch, pm, fields_).values():
            if doc is not None:
                writer.add_document(**doc)
                count += 1
        last_id = batch[-1]
    return count, last_id


def write_segments(app: Flask, path: str, ids: IdRange, batch_size: int) -> tuple[int, list]:
    """Write the employers in ``ids`` as finished segments of the index in ``path``, a new
    segment every ``SEARCH_SEGMENT_MAX_DOCS`` documents (a writer's memory grows with its
    segment's terms, so this keeps it flat however large the portfolio). The segments are
    not committed: see :func:`commit_segments`.

    No writer.cancel() here: it would remove the temporary folder that all writers of the
    index share. Files of a failed or empty segment are left behind; the commit keeps
    only the segments it is given (Whoosh deletes the rest), or the whole generation is
    dropped."""
    max_docs = whole_number_setting(app, "SEARCH_SEGMENT_MAX_DOCS", 100_000)
    ix = whoosh_index.open_dir(path)
    segments = []
    total = 0
    low: int | None = ids.low
    with db.engine.connect() as conn:
        while low is not None:
            writer = IndexWriter(ix, _lk=False, limitmb=POOL_MB)
            count, low = write_range(
                app, conn, writer, IdRange(low, ids.high), batch_size, max_docs
            )
            if count:
                segments.append(writer._finalize_segment())
            else:
                writer._close_segment()
            total += count
    return total, segments


def build_serial(app: Flask, ix: whoosh_index.FileIndex, path: str, batch_size: int) -> int:
    """Write every employer into ``ix`` from this process."""
    with _index_lock(ix):
        count, segments = write_segments(app, path, IdRange(0, None), batch_size)
        commit_segments(ix, segments)
    return count


@contextmanager
def _index_lock(ix: whoosh_index.FileIndex) -> Iterator[None]:
    """The new generation's write lock, held while its segments are written and committed
    (nobody else writes to a generation that is not current yet; this makes sure)."""
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        raise BuildFailed("the new index generation is locked by another writer")
    try:
        yield
    finally:
        lock.release()


def build_parallel(
    app: Flask, ix: whoosh_index.FileIndex, path: str, processes: int, batch_size: int
) -> int:
    """Write every employer into ``ix`` from ``processes`` forked children, each writing
    its own segments, and commit the segments together."""
    with db.engine.connect() as conn:
        ranges = split_ids(conn, processes)
    ctx = multiprocessing.get_context("fork")
    children = []
    with _index_lock(ix):
        try:
            results = _run_children(ctx, children, app, path, ranges, batch_size)
            commit_segments(ix, [segment for _count, part in results for segment in part])
        except BaseException:
            for child, _receiver in children:
                if child.is_alive():
                    child.terminate()
            raise
        finally:
            for child, receiver in children:
                child.join()
                receiver.close()
    return sum(count for count, _segments in results)


def _run_children(ctx, children: list, app: Flask, path: str, ranges, batch_size: int) -> list:
    """Start one child per range (recorded in ``children``) and collect their results."""
    for ids in ranges:
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(
            target=_child_main,
            args=(app, path, ids, batch_size, sender),
            name=f"ipscrm-index-{ids.low}",
            daemon=True,
        )
        child.start()
        sender.close()
        children.append((child, receiver))
    return [_result_of(child, receiver) for child, receiver in children]


def _result_of(child, receiver) -> tuple[int, list]:
    try:
        status, payload, segments = receiver.recv()
    except EOFError as err:
        child.join()
        raise BuildFailed(
            f"index build process ended without a result (exit code {child.exitcode})"
        ) from err
    if status != "ok":
        raise BuildFailed(f"index build process failed: {payload}")
    return payload, segments


def _child_main(app: Flask, path: str, ids: IdRange, batch_size: int, sender) -> None:
    """In the child: write one range as finished segments and send them to the parent."""
    try:
        # The parent's pooled connections must not be used (nor closed) from here.
        for engine in db.engines.values():
            engine.dispose(close=False)
        with app.app_context():
            count, segments = write_segments(app, path, ids, batch_size)
        sender.send(("ok", count, segments))
    except BaseException as err:  # reported to the parent, which fails the build
        log.error("index build process failed:\n%s", traceback.format_exc())
        sender.send(("error", f"{type(err).__name__}: {err}", []))
    finally:
        sender.close()


def commit_segments(ix: whoosh_index.FileIndex, segments: list) -> None:
    """Make finished segments (from :func:`write_segments`, in this or other processes)
    the content of ``ix``: a new table of contents naming them, as Whoosh's own writers
    commit (the caller holds the index's write lock)."""
    info = ix._read_toc()
    generation = info.generation + 1
    TOC(info.schema, list(segments), generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)

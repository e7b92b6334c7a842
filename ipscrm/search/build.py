"""Writing a whole index generation: in one process, or in several at once.

A full build spends nearly all its time in Whoosh (analysis, posting pools, writing
segments), which is pure Python and runs on one core. With ``SEARCH_BUILD_PROCESSES``
above 1 and at least ``SEARCH_PARALLEL_MIN`` employers, the employers are split into
ranges of ids of about the same size, and each range is read from the database and written
as its own segment by a forked child process (no documents travel between processes).
The parent then commits the segments together into the new generation; nothing is
visible until then, and a failed child fails the whole build.

Forking is only used where the platform forks (``os.fork``) and the calling process runs
no other threads (the CLI, an import); elsewhere, or for smaller portfolios, the build runs
in the calling process."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from whoosh import index as whoosh_index
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


class BuildFailed(RuntimeError):
    """A child process could not write its part; nothing was swapped in."""


@dataclass(frozen=True)
class IdRange:
    """Employers with ``low < id <= high`` (``high`` None: no upper bound)."""

    low: int
    high: int | None


def build_processes(app: Flask, employer_count: int) -> int:
    """How many processes a build of ``employer_count`` employers uses."""
    wanted = app.config.get("SEARCH_BUILD_PROCESSES")
    if wanted is None:  # one per core, at most DEFAULT_MAX_PROCESSES (memory)
        wanted = min(os.cpu_count() or 1, DEFAULT_MAX_PROCESSES)
    wanted = max(1, min(int(wanted), 16))
    if wanted == 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        # Forking a process that runs other threads (a threaded web server) can copy a
        # lock some other thread holds; such builds stay in one process.
        return 1
    if employer_count < max(2, int(app.config.get("SEARCH_PARALLEL_MIN", 20_000))):
        return 1
    return wanted


def split_ids(conn: sa.Connection, parts: int) -> list[IdRange]:
    """``parts`` ranges of employer ids with about the same number of employers each."""
    total = conn.scalar(sa.select(sa.func.count(Employer.id))) or 0
    bounds: list[int] = []
    for k in range(1, parts):
        bound = conn.scalar(
            sa.select(Employer.id).order_by(Employer.id).offset(total * k // parts).limit(1)
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
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add the documents of the employers in ``ids`` to ``writer``; returns how many."""
    pm = app.extensions.get("ipscrm_plugins")
    fields_ = ix_mod.current_plugin_fields(app)
    count = 0
    last_id = ids.low
    while True:
        query = sa.select(Employer.id).where(Employer.id > last_id)
        if ids.high is not None:
            query = query.where(Employer.id <= ids.high)
        batch = list(conn.scalars(query.order_by(Employer.id).limit(batch_size)))
        if not batch:
            return count
        for doc in build_documents(conn, batch, pm, fields_).values():
            if doc is not None:
                writer.add_document(**doc)
                count += 1
        last_id = batch[-1]
        if progress is not None:
            progress(count)


def build_serial(app: Flask, ix: whoosh_index.FileIndex, batch_size: int) -> int:
    """Write every employer into ``ix`` with one writer in this process."""
    writer = IndexWriter(ix, limitmb=POOL_MB * 2)
    try:
        with db.engine.connect() as conn:
            count = write_range(app, conn, writer, IdRange(0, None), batch_size)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


def build_parallel(
    app: Flask, ix: whoosh_index.FileIndex, path: str, processes: int, batch_size: int
) -> int:
    """Write every employer into ``ix`` from ``processes`` forked children, one segment
    each, and commit the segments together."""
    with db.engine.connect() as conn:
        ranges = split_ids(conn, processes)
    writer = ix.writer()  # holds the new generation's lock while the children write
    ctx = multiprocessing.get_context("fork")
    children = []
    try:
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
        results = [_result_of(child, receiver) for child, receiver in children]
        segments = [segment for _count, segment in results if segment is not None]
        _commit_segments(writer, segments)
    except BaseException:
        for child, _receiver in children:
            if child.is_alive():
                child.terminate()
        writer.cancel()
        raise
    finally:
        for child, receiver in children:
            child.join()
            receiver.close()
    return sum(count for count, _segment in results)


def _result_of(child, receiver) -> tuple[int, object]:
    try:
        status, payload, segment = receiver.recv()
    except EOFError as err:
        child.join()
        raise BuildFailed(
            f"index build process ended without a result (exit code {child.exitcode})"
        ) from err
    if status != "ok":
        raise BuildFailed(f"index build process failed: {payload}")
    return payload, segment


def _child_main(app: Flask, path: str, ids: IdRange, batch_size: int, sender) -> None:
    """In the child: write one range as a finished segment and send it to the parent."""
    try:
        # The parent's pooled connections must not be used (nor closed) from here.
        for engine in db.engines.values():
            engine.dispose(close=False)
        with app.app_context():
            ix = whoosh_index.open_dir(path)
            writer = IndexWriter(ix, _lk=False, limitmb=POOL_MB)
            # No writer.cancel() here: it would remove the temporary folder the parent's
            # and the other children's writers share. Files of a failed or empty part are
            # left for the parent, which commits only the segments it receives (Whoosh
            # then deletes everything else) or drops the whole generation.
            with db.engine.connect() as conn:
                count = write_range(app, conn, writer, ids, batch_size)
            if count:
                segment = writer._finalize_segment()
            else:
                writer._close_segment()
                segment = None
        sender.send(("ok", count, segment))
    except BaseException as err:  # reported to the parent, which fails the build
        log.error("index build process failed:\n%s", traceback.format_exc())
        sender.send(("error", f"{type(err).__name__}: {err}", None))
    finally:
        sender.close()


def _commit_segments(writer: SegmentWriter, segments: list) -> None:
    """Commit finished segments written by other processes as the index's content (what
    Whoosh's own multi-process writer does with ``multisegment=True``)."""
    writer._check_state()
    writer._close_segment()  # the parent's own (empty) segment
    writer._commit_toc(list(segments))
    writer._finish()

"""The index on disk: where it lives, whether it is usable, opening searchers and writers.

``SEARCH_INDEX_DIR`` holds generations (``gen-...`` folders, each a Whoosh index with the
schema fingerprint it was built with) and a ``CURRENT`` file naming the one in use. A
rebuild writes a new generation beside the old one and swaps ``CURRENT`` atomically
(``os.replace``), so readers never see a half-built index.

Writers never wait: :func:`try_writer` returns ``None`` when another thread or process
holds the index lock, and the caller leaves its changes in the outbox."""

from __future__ import annotations

import json
import logging
import os
import shutil
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app
from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from ipscrm.search.documents import plugin_fields
from ipscrm.search.schema import PluginField, build_schema, fingerprint
from ipscrm.search.writer import IndexWriter

log = logging.getLogger(__name__)

POINTER = "CURRENT"
META = "ipscrm-index.json"
OK, MISSING, CORRUPT, OUTDATED = "ok", "missing", "corrupt", "outdated"
# What reading a damaged or vanished index raises (not programming errors).
READ_ERRORS = (OSError, EOFError, struct.error, zlib.error)


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; callers fall back to the database."""

    def __init__(self, state: str, detail: str = "") -> None:
        super().__init__(f"search index {state}: {detail}")
        self.state = state
        self.detail = detail


@dataclass(frozen=True)
class IndexStatus:
    state: str
    directory: str
    generation: str | None = None
    detail: str = ""

    @property
    def usable(self) -> bool:
        """Readable (an outdated schema still answers queries until rebuilt)."""
        return self.state in (OK, OUTDATED)


def index_root(app: Flask | None = None) -> str:
    return (app or current_app).config["SEARCH_INDEX_DIR"]


def current_plugin_fields(app: Flask | None = None) -> list[PluginField]:
    app = app or current_app
    cache = app.extensions.setdefault("ipscrm_search", {})
    if "plugin_fields" not in cache:
        cache["plugin_fields"] = plugin_fields(app.extensions.get("ipscrm_plugins"))
    return cache["plugin_fields"]


def current_fingerprint(app: Flask | None = None) -> str:
    return fingerprint(current_plugin_fields(app))


def current_generation(root: str) -> str | None:
    try:
        with open(os.path.join(root, POINTER), encoding="utf-8") as fh:
            name = fh.read().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def read_meta(path: str) -> dict:
    with open(os.path.join(path, META), encoding="utf-8") as fh:
        return json.load(fh)


def status(app: Flask | None = None) -> IndexStatus:
    """Is there an index, can it be opened, was it built with the current schema?"""
    app = app or current_app
    root = index_root(app)
    generation = current_generation(root)
    if generation is None:
        return IndexStatus(MISSING, root)
    path = os.path.join(root, generation)
    try:
        meta = read_meta(path)
        _open(path)
    except Exception as err:  # any failure to read means the index cannot be trusted
        return IndexStatus(CORRUPT, root, generation, f"{type(err).__name__}: {err}")
    if meta.get("fingerprint") != current_fingerprint(app):
        return IndexStatus(OUTDATED, root, generation, "schema fingerprint differs")
    return IndexStatus(OK, root, generation)


def _open(path: str) -> whoosh_index.FileIndex:
    if not whoosh_index.exists_in(path):
        raise FileNotFoundError(f"no index in {path}")
    return whoosh_index.open_dir(path)


def open_current(app: Flask | None = None) -> tuple[str, whoosh_index.FileIndex]:
    root = index_root(app)
    generation = current_generation(root)
    if generation is None:
        raise IndexUnavailable(MISSING, root)
    try:
        return generation, _open(os.path.join(root, generation))
    except Exception as err:
        raise IndexUnavailable(CORRUPT, f"{type(err).__name__}: {err}") from err


# --- searchers: one per thread, refreshed when the index changes ---------------------------

_local = threading.local()


@contextmanager
def searcher(app: Flask | None = None) -> Iterator[Searcher]:
    """A searcher on the current generation (cached per thread, renewed on change)."""
    app = app or current_app
    root = index_root(app)
    cache: dict = getattr(_local, "searchers", None) or {}
    _local.searchers = cache
    generation = current_generation(root)
    entry = cache.get(root)
    try:
        if entry is None or entry[0] != generation:
            if entry is not None:
                entry[1].close()
            gen, ix = open_current(app)
            entry = (gen, ix.searcher())
        elif not entry[1].up_to_date():
            # A fresh reader: Searcher.refresh() reuses segment readers and can miss
            # deletions in them (an edited document would show twice).
            fresh = entry[1]._ix.searcher()
            entry[1].close()
            entry = (entry[0], fresh)
    except IndexUnavailable:
        cache.pop(root, None)
        raise
    except Exception as err:
        cache.pop(root, None)
        raise IndexUnavailable(CORRUPT, f"{type(err).__name__}: {err}") from err
    cache[root] = entry
    try:
        yield entry[1]
    except READ_ERRORS as err:
        # Files gone or damaged under a running query (e.g. a generation removed by a
        # rebuild in another process): the caller falls back to the database this once.
        cache.pop(root, None)
        raise IndexUnavailable(CORRUPT, f"{type(err).__name__}: {err}") from err


def forget_searchers() -> None:
    for _gen, s in (getattr(_local, "searchers", None) or {}).values():
        s.close()
    _local.searchers = {}


# --- writers ------------------------------------------------------------------------------------


def try_writer(app: Flask | None = None) -> tuple[whoosh_index.FileIndex, SegmentWriter] | None:
    """A writer on the current generation, or ``None`` if the lock is held elsewhere.

    Raises :class:`IndexUnavailable` when there is no usable index or it was built with
    another schema (writing to it would fail or mislead)."""
    app = app or current_app
    _gen, ix = open_current(app)
    meta = read_meta(os.path.join(index_root(app), _gen))
    if meta.get("fingerprint") != current_fingerprint(app):
        raise IndexUnavailable(OUTDATED, "schema fingerprint differs")
    try:
        return ix, IndexWriter(ix, timeout=0.0)
    except LockError:
        return None


def new_generation(app: Flask | None = None) -> tuple[str, whoosh_index.FileIndex]:
    """Create an empty index in a new generation folder beside the current one."""
    app = app or current_app
    root = index_root(app)
    os.makedirs(root, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path = os.path.join(root, name)
    os.makedirs(path)
    fields_ = current_plugin_fields(app)
    ix = whoosh_index.create_in(path, build_schema(fields_))
    with open(os.path.join(path, META), "w", encoding="utf-8") as fh:
        json.dump(
            {"fingerprint": fingerprint(fields_), "plugin_fields": [f.name for f in fields_]}, fh
        )
    return name, ix


def swap_in(app: Flask, generation: str) -> None:
    """Make ``generation`` current (atomic rename). The one it replaces is kept until the
    next swap, so queries still running on it in other processes can finish; older ones
    are removed."""
    root = index_root(app)
    previous = current_generation(root)
    tmp = os.path.join(root, f"{POINTER}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(generation)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, os.path.join(root, POINTER))
    for entry in os.listdir(root):
        if entry.startswith("gen-") and entry not in (generation, previous):
            shutil.rmtree(os.path.join(root, entry), ignore_errors=True)


@contextmanager
def rebuild_lock(app: Flask) -> Iterator[bool]:
    """One rebuild at a time across processes; yields False when another one runs."""
    from whoosh.filedb.filestore import FileStorage

    root = index_root(app)
    os.makedirs(root, exist_ok=True)
    lock = FileStorage(root).lock("REBUILD")
    acquired = lock.acquire(blocking=False)
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()

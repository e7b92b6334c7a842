"""Importing employer lists: ``run_import`` (also as a dry run), ``list_batches`` and
``undo_import``. Files are streamed through the readers (``ipscrm.importing``), each row
validated and filtered, and the accepted rows written in batches, each batch committed
with the import batch's counts, so an import killed part-way leaves a consistent database
and running it again finishes the job."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ipscrm import events
from ipscrm.extensions import db
from ipscrm.importing.columns import ColumnMatcher, MappingError, load_mapping
from ipscrm.importing.filters import Filters
from ipscrm.importing.readers import RawRow, read_rows
from ipscrm.importing.rejects import RejectsWriter
from ipscrm.importing.sources import SourceInfo, UnreadableFile, inspect_source
from ipscrm.models import BatchStatus, ImportBatch, utcnow
from ipscrm.services.errors import DomainError
from ipscrm.services.import_runner import Runner, counts
from ipscrm.validation import InvalidValue

log = logging.getLogger(__name__)
ON_EXISTING = ("update", "fill-empty", "skip")


class ImportFileError(DomainError):
    """Bad options or an unreadable file: nothing was imported (exit status 2)."""


@dataclass
class ImportOptions:
    format: str = "auto"
    mapping_file: str | None = None
    sheet: str | None = None
    dry_run: bool = False
    on_existing: str = "update"
    municipalities: Sequence[str] = ()
    industries: Sequence[str] = ()
    min_employees: int | None = None
    include_closed: bool = False
    owner_id: int | None = None
    tags: Sequence[str] = ()
    user_id: int | None = None
    rejects_path: str | None = None  # default: <first input>.rejects.csv
    batch_size: int | None = None  # default: IMPORT_BATCH_SIZE
    progress: Callable[[int], None] | None = None


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    filtered: int = 0
    warned: int = 0
    batch: int | None = None
    dry_run: bool = False
    rejects_path: str | None = None
    files: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, int | None]:
        keys = ("read", "created", "updated", "unchanged", "rejected", "filtered", "batch")
        return {k: getattr(self, k) for k in keys}

    @property
    def adds_up(self) -> bool:
        return self.read == (
            self.created + self.updated + self.unchanged + self.rejected + self.filtered
        )


def default_rejects_path(path: str | Path) -> Path:
    path = Path(path)
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return path.with_name(f"{stem}.rejects.csv")


def _plugin_columns() -> dict[str, list[str]]:
    pm = current_app.extensions.get("ipscrm_plugins")
    columns: dict[str, list[str]] = {}
    if pm is not None:
        for result in pm.hook.ipscrm_import_columns():
            for key, aliases in (result or {}).items():
                columns.setdefault(key, []).extend(aliases)
    return columns


@dataclass
class _Source:
    info: SourceInfo
    rows: Iterator[RawRow]
    first: RawRow | None


def _open_sources(
    paths: Sequence[str | Path], options: ImportOptions, matcher: ColumnMatcher
) -> list[_Source]:
    """Open every file and read up to its first row, so that a file that cannot be read
    at all stops the run before anything is written."""

    def known(text: str) -> bool:
        return matcher.key_for(text) is not None

    sources = []
    for path in paths:
        try:
            info = inspect_source(path, options.format)
            rows = read_rows(info, matcher.score, known, options.sheet)
            first = next(rows, None)
        except UnreadableFile as err:
            raise ImportFileError(f"Cannot import {err.path}: {err.reason}.") from err
        if first is not None and first.error is None and info.format != "brreg-json":
            plan = matcher.plan(first.headers)
            if not plan.has_name:
                raise ImportFileError(
                    f"Cannot import {path}: no name column (headers: {', '.join(first.headers)}). "
                    "Use --mapping to say which column holds the name."
                )
        sources.append(_Source(info, rows, first))
    return sources


def _validate_options(options: ImportOptions) -> Filters:
    if options.on_existing not in ON_EXISTING:
        raise ImportFileError(f"--on-existing must be one of {', '.join(ON_EXISTING)}.")
    try:
        return Filters.build(
            options.municipalities,
            options.industries,
            options.min_employees,
            options.include_closed,
        )
    except InvalidValue as err:
        raise ImportFileError(f"--municipality: {err}") from err


def run_import(paths: Sequence[str | Path], options: ImportOptions | None = None) -> ImportSummary:
    """Import employer lists (see docs/import.md). Raises ImportFileError, before writing
    anything, for bad options and unreadable files."""
    options = options or ImportOptions()
    if not paths:
        raise ImportFileError("No file given.")
    filters = _validate_options(options)
    plugin_columns = _plugin_columns()
    mapping = None
    if options.mapping_file:
        try:
            mapping = load_mapping(options.mapping_file, plugin_columns)
        except MappingError as err:
            raise ImportFileError(str(err)) from err
    matcher = ColumnMatcher(mapping, plugin_columns)
    sources = _open_sources(paths, options, matcher)
    summary = ImportSummary(dry_run=options.dry_run)
    summary.files = [
        {
            "name": str(s.info.path),
            "sha256": s.info.sha256,
            "format": s.info.format,
            "encoding": s.info.encoding,
            "delimiter": s.info.delimiter,
            "size": s.info.size,
        }
        for s in sources
    ]
    rejects_path = Path(options.rejects_path or default_rejects_path(paths[0]))
    folder = rejects_path.parent
    if not os.access(folder if folder.exists() else folder.parent, os.W_OK):
        raise ImportFileError(f"Cannot write the rejects file {rejects_path}; use --rejects PATH.")
    if rejects_path.exists():
        rejects_path.unlink()  # a stale file from an earlier run would mislead
    summary.rejects_path = str(rejects_path)
    batch = None if options.dry_run else _start_batch(sources, options, summary)
    summary.batch = batch.id if batch else None
    runner = Runner(sources, options, filters, matcher, summary, RejectsWriter(rejects_path))
    try:
        runner.run()
    except BaseException as err:
        db.session.rollback()
        if batch is not None:
            # The counts as of the last committed batch: they describe what is stored.
            _finish_batch(
                runner.committed, BatchStatus.FAILED, f"{type(err).__name__}: {err}"[:2000]
            )
            db.session.commit()
        raise
    finally:
        runner.rejects.close()
    if runner.rejects.lines == 0:
        summary.rejects_path = None
    if batch is not None:
        _finish_batch(summary, BatchStatus.COMPLETED, None)
        if runner.collect_ids:
            events.emit("employers_imported", batch_id=batch.id, employer_ids=list(runner.touched))
        db.session.commit()
        update_search_index()
    return summary


def update_search_index() -> None:
    """Index every employer the import touched, in bulk (the rows wait in the search
    outbox). The import has been committed: a failing index update must not undo it."""
    from ipscrm.search import sync

    try:
        sync.apply_bulk()
    except Exception:
        log.exception("Search index update after an import failed; `ipscrm search drain` retries")


def _start_batch(
    sources: list[_Source], options: ImportOptions, summary: ImportSummary
) -> ImportBatch:
    hashes = [s.info.sha256 for s in sources]
    formats = {s.info.format for s in sources}
    batch = ImportBatch(
        filename=", ".join(Path(s.info.path).name for s in sources)[:500],
        sha256=hashes[0]
        if len(hashes) == 1
        else hashlib.sha256("".join(hashes).encode()).hexdigest(),
        format=formats.pop() if len(formats) == 1 else "mixed",
        user_id=options.user_id,
        status=BatchStatus.RUNNING,
        file_size=sum(s.info.size for s in sources),
        options={
            "files": summary.files,
            "on_existing": options.on_existing,
            "municipalities": list(options.municipalities),
            "industries": list(options.industries),
            "min_employees": options.min_employees,
            "include_closed": options.include_closed,
            "owner_id": options.owner_id,
            "tags": list(options.tags),
            "mapping": options.mapping_file,
            "sheet": options.sheet,
        },
    )
    db.session.add(batch)
    db.session.commit()
    return batch


def _finish_batch(summary: ImportSummary, status: BatchStatus, error: str | None) -> None:
    db.session.execute(
        sa.update(ImportBatch)
        .where(ImportBatch.id == summary.batch)
        .values(status=status, finished_at=utcnow(), error=error, **counts(summary))
    )


def list_batches(limit: int = 50) -> list[ImportBatch]:
    return list(
        db.session.scalars(sa.select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))
    )

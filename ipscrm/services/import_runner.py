"""The loop of an import run: every row of every file is read, validated, filtered and
checked for duplicates, and the accepted rows are handed to the store in batches; each
batch is committed together with the import batch's counts, then the plugins get the
values of their columns."""

from __future__ import annotations

import copy
import logging
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app

from ipscrm.extensions import db
from ipscrm.importing.columns import ColumnMatcher, ColumnPlan
from ipscrm.importing.dedupe import DuplicateTracker
from ipscrm.importing.filters import Filters
from ipscrm.importing.readers import RawRow
from ipscrm.importing.rejects import RejectsWriter
from ipscrm.importing.sources import REGISTER_FORMATS
from ipscrm.importing.validate import Record, build_record
from ipscrm.models import AccommodationType, ImportBatch, utcnow
from ipscrm.services.import_store import Outcome, Store, StoreOptions

if TYPE_CHECKING:
    from ipscrm.services.imports import ImportOptions, ImportSummary, _Source

log = logging.getLogger(__name__)


def _accommodations() -> tuple[dict[str, str], dict[str, int]]:
    lookup: dict[str, str] = {}
    ids: dict[str, int] = {}
    for t in db.session.scalars(sa.select(AccommodationType).where(AccommodationType.active)):
        ids[t.code] = t.id
        for name in (t.code, t.name_nb, t.name_en, t.code.replace("_", " ")):
            lookup.setdefault(" ".join(name.split()).lower(), t.code)
    return lookup, ids


def counts(summary: ImportSummary) -> dict[str, int]:
    return {
        "rows_read": summary.read,
        "rows_created": summary.created,
        "rows_updated": summary.updated,
        "rows_unchanged": summary.unchanged,
        "rows_rejected": summary.rejected,
        "rows_filtered": summary.filtered,
        "rows_warned": summary.warned,
    }


class Runner:
    """The loop over all rows of all files, flushing accepted records in batches."""

    def __init__(
        self,
        sources: list[_Source],
        options: ImportOptions,
        filters: Filters,
        matcher: ColumnMatcher,
        summary: ImportSummary,
        rejects: RejectsWriter,
    ) -> None:
        self.sources, self.options, self.filters = sources, options, filters
        self.matcher, self.summary, self.rejects = matcher, summary, rejects
        self.batch_size = options.batch_size or current_app.config["IMPORT_BATCH_SIZE"]
        self.duplicates = DuplicateTracker()
        self.touched = array("q")
        self.plans: dict[tuple[str, ...], ColumnPlan] = {}
        self._last: tuple[tuple[str, ...] | None, ColumnPlan | None] = (None, None)
        self.pm = current_app.extensions.get("ipscrm_plugins")
        # Only remember the touched ids when a plugin listens for employers_imported.
        self.collect_ids = bool(
            self.pm is not None and self.pm.hook.ipscrm_employers_imported.get_hookimpls()
        )
        self.lookup, accommodation_ids = _accommodations()
        register = all(s.info.format in REGISTER_FORMATS for s in sources)
        self.store_options = StoreOptions(
            on_existing=options.on_existing,
            clear_blank=register,
            owner_id=options.owner_id,
            tags=list(options.tags),
            user_id=options.user_id,
            source="brreg" if register else "import",
            dry_run=options.dry_run,
        )
        self.store = Store(
            db.session.connection(), summary.batch, self.store_options, accommodation_ids, utcnow()
        )
        self.pending: list[tuple[str, RawRow, Record]] = []
        self.committed = copy.copy(summary)  # the counts as of the last commit
        postgres = db.engine.dialect.name == "postgresql"
        self.analyze_at: int | None = self.batch_size if postgres else None

    def _plan(self, headers: tuple[str, ...]) -> ColumnPlan:
        if headers is self._last[0]:  # rows of one file share the header tuple
            return self._last[1]  # type: ignore[return-value]
        plan = self.plans.get(headers)
        if plan is None:
            if len(self.plans) > 64:
                self.plans.clear()
            plan = self.plans[headers] = self.matcher.plan(headers)
        self._last = (headers, plan)
        return plan

    def _reject(self, file: str, raw: RawRow, field: str, value: str, reason: str) -> None:
        self.summary.rejected += 1
        self.rejects.write(
            file, raw.sheet, raw.number, "rejected", field, value, reason, raw.headers, raw.values
        )

    def run(self) -> None:
        summary = self.summary
        for source in self.sources:
            file = source.info.path.name
            rows = source.rows if source.first is None else _chain(source.first, source.rows)
            for raw in rows:
                summary.read += 1
                if raw.error is not None:
                    self._reject(file, raw, "", "", raw.error)
                    continue
                record = build_record(raw.number, raw.values, self._plan(raw.headers), self.lookup)
                if self.filters.reason(record) is not None:
                    summary.filtered += 1
                    continue
                if record.error is not None:
                    e = record.error
                    self._reject(file, raw, e.field, e.value, e.reason)
                    continue
                data = record.data
                duplicate = self.duplicates.check(
                    raw.number,
                    record.organisation_number,
                    str(data["name"]),
                    data.get("business_postcode"),  # type: ignore[arg-type]
                )
                if duplicate:
                    self._reject(
                        file,
                        raw,
                        "organisation_number",
                        record.organisation_number or "",
                        duplicate,
                    )
                    continue
                self.pending.append((file, raw, record))
                if len(self.pending) >= self.batch_size:
                    self.flush()
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        summary, pending = self.summary, self.pending
        self.pending = []
        self.store.conn = db.session.connection()
        outcomes = self.store.apply([record for _, _, record in pending])
        plugin_values: dict[int, dict[str, str]] = {}
        for (file, raw, record), outcome in zip(pending, outcomes, strict=True):
            self._count(file, raw, record, outcome)
            if outcome.employer_id and record.plugin:
                plugin_values[outcome.employer_id] = record.plugin
        if summary.batch is not None:
            db.session.execute(
                sa.update(ImportBatch)
                .where(ImportBatch.id == summary.batch)
                .values(**counts(summary))
            )
            db.session.commit()
            self.committed = copy.copy(summary)
            self._refresh_statistics()
            if plugin_values and self.pm is not None:
                try:
                    self.pm.hook.ipscrm_import_values(batch_id=summary.batch, values=plugin_values)
                except Exception:  # a plugin's failure must not stop the import
                    log.exception("Plugin hook ipscrm_import_values failed")
        if self.options.progress is not None:
            self.options.progress(summary.read)

    def _refresh_statistics(self) -> None:
        """PostgreSQL plans the lookups by organisation number from table statistics; a
        table that grows from empty to a million rows during one import needs them
        refreshed, or the planner keeps scanning it as if it were tiny. Done each time
        the number of rows created has quadrupled (a dozen times for the register)."""
        if self.analyze_at is None or self.summary.created < self.analyze_at:
            return
        try:
            db.session.execute(sa.text("ANALYZE employers"))
            db.session.commit()
        except sa.exc.DBAPIError:  # not the table owner: keep going without
            db.session.rollback()
            self.analyze_at = None
            return
        self.analyze_at = self.summary.created * 4

    def _count(self, file: str, raw: RawRow, record: Record, outcome: Outcome) -> None:
        summary = self.summary
        if outcome.action == "rejected":
            self._reject(file, raw, "", "", outcome.reason or "")
            return
        action = outcome.action
        if action == "created":
            summary.created += 1
        elif action == "updated":
            summary.updated += 1
        else:
            summary.unchanged += 1
        if self.collect_ids and action in ("created", "updated") and outcome.employer_id:
            self.touched.append(outcome.employer_id)
        if record.warnings:
            summary.warned += 1
            for w in record.warnings:
                self.rejects.write(
                    file,
                    raw.sheet,
                    raw.number,
                    "field dropped",
                    w.field,
                    w.value,
                    w.reason,
                    raw.headers,
                    raw.values,
                )


def _chain(first: RawRow, rest: Iterator[RawRow]) -> Iterator[RawRow]:
    yield first
    yield from rest

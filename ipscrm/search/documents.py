"""Employer search documents, read from the database in batches with plain SQL (no ORM
objects, so a rebuild of 100,000 employers stays fast), plus the values plugins add."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pluggy
import sqlalchemy as sa

from ipscrm.models import (
    AccommodationType,
    ContactPerson,
    Employer,
    EmployerAccommodation,
    EmployerContact,
    EmployerTag,
    JobStart,
)
from ipscrm.search.schema import PluginField

log = logging.getLogger(__name__)

CONFIRMED_STATUSES = ("confirmed", "used")
ALWAYS = {"id", "name"}
# Flags are indexed only when set: queries only ever ask for the set ones (to leave them
# out), and a missing stored flag reads as False.
FLAGS = ("archived", "closed")
_E = Employer.__table__.c


def plugin_fields(pm: pluggy.PluginManager | None) -> list[PluginField]:
    """The fields plugins contribute, named ``<plugin>_<name>`` (a name that already
    carries the plugin prefix is kept as it is)."""
    found: list[PluginField] = []
    if pm is None:
        return found
    for impl in pm.hook.ipscrm_search_fields.get_hookimpls():
        for field in impl.function() or []:
            prefix = f"{impl.plugin_name}_"
            name = field.name if field.name.startswith(prefix) else prefix + field.name
            found.append(PluginField(impl.plugin_name, field.name, name, field.kind, field.stored))
    return sorted(found, key=lambda f: f.name)


def hours_band(hours: float | None) -> str | None:
    if hours is None:
        return None
    if hours < 10:
        return "lt10"
    if hours < 20:
        return "10to19"
    if hours < 30:
        return "20to29"
    return "30plus"


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return (
        value.replace(tzinfo=None)
        if value.tzinfo is None
        else value.astimezone(UTC).replace(tzinfo=None)
    )


def _grouped(conn: sa.Connection, query: sa.Select) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(query):
        groups[row[0]].append(row)
    return groups


def build_documents(
    conn: sa.Connection,
    employer_ids: Sequence[int],
    pm: pluggy.PluginManager | None = None,
    fields_: list[PluginField] | None = None,
) -> dict[int, dict[str, Any] | None]:
    """Documents for ``employer_ids``; ``None`` for an id that no longer exists."""
    ids = [int(i) for i in employer_ids]
    docs: dict[int, dict[str, Any] | None] = dict.fromkeys(ids)
    if not ids:
        return docs
    employers = conn.execute(sa.select(Employer.__table__).where(_E.id.in_(ids))).all()
    tags = _grouped(
        conn,
        sa.select(EmployerTag.employer_id, EmployerTag.tag).where(EmployerTag.employer_id.in_(ids)),
    )
    people = _grouped(
        conn,
        sa.select(
            ContactPerson.employer_id, ContactPerson.name, ContactPerson.role, ContactPerson.notes
        ).where(ContactPerson.employer_id.in_(ids)),
    )
    accommodations = _grouped(
        conn,
        sa.select(
            EmployerAccommodation.employer_id,
            AccommodationType.code,
            EmployerAccommodation.status,
            EmployerAccommodation.recorded_on,
        )
        .join(
            AccommodationType, AccommodationType.id == EmployerAccommodation.accommodation_type_id
        )
        .where(EmployerAccommodation.employer_id.in_(ids)),
    )
    starts = _grouped(
        conn,
        sa.select(JobStart.employer_id, JobStart.hours_per_week).where(
            JobStart.employer_id.in_(ids)
        ),
    )
    # Contact notes that concern one jobseeker stay out of the shared index.
    contact_notes = _grouped(
        conn,
        sa.select(
            EmployerContact.employer_id, EmployerContact.notes, EmployerContact.outcome
        ).where(EmployerContact.employer_id.in_(ids), EmployerContact.jobseeker_id.is_(None)),
    )
    for row in employers:
        docs[row.id] = _document(
            row,
            [t.tag for t in tags.get(row.id, [])],
            people.get(row.id, []),
            accommodations.get(row.id, []),
            starts.get(row.id, []),
            contact_notes.get(row.id, []),
        )
    _add_plugin_values(docs, pm, fields_ if fields_ is not None else plugin_fields(pm))
    return docs


def _document(row: Any, tags, people, accommodations, starts, contact_notes) -> dict[str, Any]:
    industry_codes = [
        c for c in (row.industry_code_1, row.industry_code_2, row.industry_code_3) if c
    ]
    industry_text = "\n".join(
        d
        for d in (
            row.industry_description_1,
            row.industry_description_2,
            row.industry_description_3,
        )
        if d
    )
    job_types = list(row.job_types or [])
    notes = [row.notes or ""]
    notes += [p.notes for p in people if p.notes]
    notes += [part for c in contact_notes for part in (c.notes, c.outcome) if part]
    notes_text = "\n".join(n for n in notes if n)
    contacts = "\n".join(" — ".join(x for x in (p.name, p.role) if x) for p in people)
    acc_details = sorted(
        (a.code, str(a.status.value if hasattr(a.status, "value") else a.status), a.recorded_on)
        for a in accommodations
    )
    confirmed = [code for code, status, _ in acc_details if status in CONFIRMED_STATUSES]
    hours = sorted(
        {hours_band(float(s.hours_per_week)) for s in starts if s.hours_per_week is not None}
    )
    stage = row.stage.value if hasattr(row.stage, "value") else row.stage
    doc: dict[str, Any] = {
        "id": str(row.id),
        "organisation_number": row.organisation_number or "",
        "name": row.name,
        "name_stem": row.name,
        "industry_codes": ",".join(industry_codes),
        "industry_text": industry_text,
        "industry_division": industry_codes[0].split(".")[0] if industry_codes else "",
        "municipality": row.business_municipality_number or "",
        "municipality_name": row.business_municipality or row.business_place or "",
        "postcode": row.business_postcode or "",
        "place": row.business_place or "",
        "place_text": " ".join(x for x in (row.business_place, row.business_municipality) if x),
        "job_types": "\n".join(job_types),
        "job_types_plain": "\n".join(job_types),
        "job_types_reversed": "\n".join(job_types),
        "notes": notes_text,
        "notes_plain": notes_text,
        "contacts": contacts,
        "accommodations": ",".join(code for code, _, _ in acc_details),
        "accommodations_confirmed": ",".join(confirmed),
        "accommodation_details": [(c, s, d.isoformat() if d else None) for c, s, d in acc_details],
        "tags": ",".join(tags),
        "stage": stage or "",
        "owner": str(row.owner_id or ""),
        "size": row.employee_count or 0,
        "archived": bool(row.archived),
        "closed": bool(row.bankrupt or row.under_liquidation or row.under_forced_liquidation),
        "job_starts": len(starts),
        "job_start_marks": " ".join(str(i) for i in range(1, min(len(starts), 5) + 1)),
        "job_start_hours": " ".join(h for h in hours if h),
        "updated": _aware(row.updated_at).isoformat() if row.updated_at else None,
    }
    if row.last_contact_at is not None:
        doc["last_contact"] = _aware(row.last_contact_at).isoformat()
    for flag in FLAGS:
        if not doc[flag]:
            del doc[flag]
    # Empty values cost analysis time and add nothing (a missing field reads as empty).
    return {k: v for k, v in doc.items() if v != "" or k in ALWAYS}


def _plugin_value(field: PluginField, value: Any) -> Any:
    if value is None:
        return None
    if field.kind == "keyword":
        if isinstance(value, list | tuple | set):
            return ",".join(str(v) for v in value)
        return str(value)
    if field.kind == "boolean":
        return bool(value)
    if field.kind == "numeric":
        return float(value)
    if field.kind == "date":
        if isinstance(value, datetime):
            return _aware(value)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        return None
    return str(value)


def _add_plugin_values(
    docs: dict[int, dict[str, Any] | None],
    pm: pluggy.PluginManager | None,
    fields_: list[PluginField],
) -> None:
    """One ``ipscrm_search_documents`` call per plugin for the whole batch."""
    if pm is None or not fields_:
        return
    by_plugin: dict[str, list[PluginField]] = defaultdict(list)
    for field in fields_:
        by_plugin[field.plugin].append(field)
    ids = [i for i, doc in docs.items() if doc is not None]
    for impl in pm.hook.ipscrm_search_documents.get_hookimpls():
        wanted = by_plugin.get(impl.plugin_name)
        if not wanted:
            continue
        try:
            values = impl.function(employer_ids=ids) or {}
        except Exception:  # a plugin must not stop the core's index from being written
            log.exception("Plugin %s failed in ipscrm_search_documents", impl.plugin_name)
            continue
        for employer_id, fields_values in values.items():
            doc = docs.get(int(employer_id))
            if doc is None or not fields_values:
                continue
            for field in wanted:
                raw = fields_values.get(field.short_name, fields_values.get(field.name))
                value = _plugin_value(field, raw)
                if value is not None:
                    doc[field.name] = value

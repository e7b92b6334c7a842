"""Writing one batch of validated import records with Core statements: find the existing
employers (organisation number; else normalised name + postcode), decide create / update /
unchanged per row, insert and update in bulk, keep before-images of updated fields, link
worksites to parents in either order, and enqueue every touched employer in the search
outbox in the same transaction. Nothing here commits: the caller does, per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ipscrm.importing.validate import FLAGS, Record
from ipscrm.models import (
    AccommodationStatus,
    ContactPerson,
    Employer,
    EmployerAccommodation,
    EmployerTag,
    ImportChange,
    Stage,
)
from ipscrm.search import outbox
from ipscrm.services.employers import REGISTER_FIELDS
from ipscrm.validation import normalise_name

E = Employer.__table__
# Fields an import may change on an existing employer.
UPDATABLE = [*REGISTER_FIELDS, "parent_organisation_number"]
_INSERT_KEYS = ["organisation_number", *UPDATABLE, "job_types", "notes"]
_LOOKUP_COLUMNS = [E.c.id, E.c.organisation_number, E.c.parent_id] + [
    E.c[name] for name in UPDATABLE
]


def _key(record: Record) -> tuple[str, str | None]:
    return (
        normalise_name(str(record.data.get("name"))),
        record.data.get("business_postcode"),  # type: ignore[return-value]
    )


@dataclass
class StoreOptions:
    on_existing: str = "update"  # update | fill-empty | skip
    clear_blank: bool = False  # register files: an empty value clears the field
    owner_id: int | None = None
    tags: list[str] = field(default_factory=list)
    user_id: int | None = None
    source: str = "import"
    dry_run: bool = False


@dataclass
class Outcome:
    action: str  # created | updated | unchanged | rejected
    employer_id: int | None = None
    reason: str | None = None


class Store:
    def __init__(
        self,
        conn: sa.Connection,
        batch_id: int | None,
        options: StoreOptions,
        accommodation_ids: dict[str, int],
        now: datetime,
    ) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.options = options
        self.accommodation_ids = accommodation_ids
        self.now = now
        # Employers without organisation number, by (name key, postcode): a register row
        # for one of them fills in the number instead of creating a duplicate.
        self.unnumbered: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        query = sa.select(E.c.id, E.c.name, E.c.business_postcode).where(
            E.c.organisation_number.is_(None)
        )
        for row in conn.execute(query):
            self.unnumbered[(normalise_name(row.name), row.business_postcode)].append(row.id)
        # Whether any worksite waits for its parent (checked before linking new parents).
        waiting = sa.select(E.c.id).where(
            E.c.parent_organisation_number.is_not(None), E.c.parent_id.is_(None)
        )
        self.orphans = conn.execute(waiting.limit(1)).first() is not None

    # --- matching ------------------------------------------------------------------------

    def _fetch(self, where: Any) -> list[dict[str, Any]]:
        return [
            dict(r._mapping) for r in self.conn.execute(sa.select(*_LOOKUP_COLUMNS).where(where))
        ]

    def _match(self, records: Sequence[Record]) -> list[list[dict[str, Any]]]:
        numbers = [r.organisation_number for r in records if r.organisation_number]
        by_number: dict[str, dict[str, Any]] = {}
        if numbers:
            for row in self._fetch(E.c.organisation_number.in_(numbers)):
                by_number[row["organisation_number"]] = row
        unnumbered_ids: set[int] = set()
        postcodes: set[str | None] = set()
        for r in records:
            if r.organisation_number:
                if self.unnumbered and r.organisation_number not in by_number:
                    unnumbered_ids.update(self.unnumbered.get(_key(r), ()))
            else:
                postcodes.add(r.data.get("business_postcode"))  # type: ignore[arg-type]
        by_id: dict[int, dict[str, Any]] = {}
        if unnumbered_ids:
            rows = self._fetch(E.c.id.in_(sorted(unnumbered_ids)))
            # one given a number earlier in this run is no longer a candidate
            by_id = {row["id"]: row for row in rows if not row["organisation_number"]}
        by_name: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
        if postcodes:
            known = [p for p in postcodes if p]
            where = E.c.business_postcode.in_(known) if known else sa.false()
            if None in postcodes:
                where = sa.or_(where, E.c.business_postcode.is_(None))
            for row in self._fetch(where):
                by_name[(normalise_name(row["name"]), row["business_postcode"])].append(row)
        matches = []
        for r in records:
            if r.organisation_number:
                hit = by_number.get(r.organisation_number)
                if hit is not None:
                    matches.append([hit])
                elif by_id:
                    ids = self.unnumbered.get(_key(r), [])
                    matches.append([by_id[i] for i in ids if i in by_id])
                else:
                    matches.append([])
            else:
                matches.append(by_name.get(_key(r), []))
        return matches

    def _changes(self, record: Record, current: dict[str, Any]) -> dict[str, list[Any]]:
        mode = self.options.on_existing
        if mode == "skip":
            return {}
        changes: dict[str, list[Any]] = {}
        data = record.data
        if record.organisation_number and not current["organisation_number"]:
            changes["organisation_number"] = [None, record.organisation_number]
        for name in UPDATABLE:
            if name not in data:
                continue
            new, old = data[name], current[name]
            if new is None and not self.options.clear_blank:
                continue
            if mode == "fill-empty" and (old not in (None, "") or name in FLAGS):
                continue
            if name in FLAGS:
                new = bool(new)
            if new != old:
                changes[name] = [old, new]
        return changes

    # --- writing -------------------------------------------------------------------------

    def apply(self, records: Sequence[Record]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        creates: list[tuple[int, Record]] = []
        updates: list[tuple[int, dict[str, list[Any]]]] = []
        linkable: list[int] = []
        # employer id -> whether the row that matched it had an organisation number
        claimed: dict[int, bool] = {}
        for index, (record, found) in enumerate(zip(records, self._match(records), strict=True)):
            if len(found) > 1:
                names = "; ".join(
                    f"{c['name']} (id {c['id']}, org.nr {c['organisation_number'] or '-'})"
                    for c in sorted(found, key=lambda c: c["id"])[:5]
                )
                outcomes.append(Outcome("rejected", reason=f"Matches several employers: {names}."))
            elif (
                found
                and found[0]["id"] in claimed
                and not (record.organisation_number and claimed[found[0]["id"]])
            ):
                outcomes.append(
                    Outcome(
                        "rejected",
                        reason=f"Matches {found[0]['name']} (id {found[0]['id']}), which an "
                        "earlier row of this import matched; imported once.",
                    )
                )
            elif found and found[0]["id"] not in claimed:
                current = found[0]
                claimed[current["id"]] = bool(record.organisation_number)
                changes = self._changes(record, current)
                if changes:
                    updates.append((index, changes))
                outcomes.append(Outcome("updated" if changes else "unchanged", current["id"]))
                if current["parent_id"] is None and record.data.get("parent_organisation_number"):
                    linkable.append(current["id"])
            else:
                creates.append((index, record))
                outcomes.append(Outcome("created"))
        if self.options.dry_run:
            return outcomes
        created_ids = self._insert(creates, outcomes)
        self._update(updates, outcomes)
        touched = [o.employer_id for o in outcomes if o.action in ("created", "updated")]
        linkable.extend(
            i
            for i, (_, r) in zip(created_ids, creates, strict=True)
            if r.data.get("parent_organisation_number")
        )
        new_numbers = [r.organisation_number for _, r in creates] if self.orphans else []
        linked = self._link_parents(linkable, new_numbers)
        outbox.enqueue(self.conn, [*touched, *linked])  # type: ignore[list-item]
        return outcomes

    def _insert(self, creates: list[tuple[int, Record]], outcomes: list[Outcome]) -> list[int]:
        if not creates:
            return []
        opts, now = self.options, self.now
        base: dict[str, Any] = dict.fromkeys(_INSERT_KEYS)
        base.update(
            stage=Stage.IDENTIFIED,
            owner_id=opts.owner_id,
            archived=False,
            source=opts.source,
            import_batch_id=self.batch_id,
            created_at=now,
            updated_at=now,
        )
        for flag in FLAGS:
            base[flag] = False
        rows = []
        for _, record in creates:
            row = base.copy()
            row.update(record.data)  # validated employer columns only (flags are bools)
            extras = record.extras
            row["job_types"] = extras.get("job_types") or []
            row["notes"] = extras.get("notes")
            rows.append(row)
        # Leave out the columns that are empty in every row of the batch (NULL anyway):
        # fewer parameters to bind per row.
        empty = [k for k in rows[0] if rows[0][k] is None and all(r[k] is None for r in rows)]
        if empty:
            for row in rows:
                for key in empty:
                    del row[key]
        ids = self._insert_rows(rows)
        tags, people, accommodations = [], [], []
        for (index, record), employer_id in zip(creates, ids, strict=True):
            outcomes[index].employer_id = employer_id
            extras = record.extras
            for tag in dict.fromkeys([*opts.tags, *(extras.get("tags") or [])]):  # type: ignore[misc]
                tags.append({"employer_id": employer_id, "tag": tag})
            if extras.get("contact_person"):
                people.append(
                    {
                        "employer_id": employer_id,
                        "name": extras["contact_person"],
                        "phone": extras.get("contact_phone"),
                        "email": extras.get("contact_email"),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            for code in extras.get("accommodations") or []:  # type: ignore[attr-defined]
                accommodations.append(
                    {
                        "employer_id": employer_id,
                        "accommodation_type_id": self.accommodation_ids[code],
                        "status": AccommodationStatus.OFFERED,
                        "recorded_on": now.date(),
                        "recorded_by_id": opts.user_id,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if not record.organisation_number:
                key = (
                    normalise_name(str(record.data["name"])),
                    record.data.get("business_postcode"),
                )
                self.unnumbered[key].append(employer_id)  # type: ignore[index]
        for table, values in (
            (EmployerTag.__table__, tags),
            (ContactPerson.__table__, people),
            (EmployerAccommodation.__table__, accommodations),
        ):
            if values:
                self.conn.execute(sa.insert(table), values)
        return ids

    def _insert_rows(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert, returning the new ids in order. Rows with an organisation number go in
        one executemany (fast on every driver) and their ids are looked up by number;
        the few without one are inserted with RETURNING."""
        numbered = [r for r in rows if r.get("organisation_number")]
        ids_by_number: dict[str, int] = {}
        if numbered:
            self.conn.execute(sa.insert(E), numbered)
            query = sa.select(E.c.organisation_number, E.c.id).where(
                E.c.organisation_number.in_([r["organisation_number"] for r in numbered])
            )
            ids_by_number = dict(self.conn.execute(query).all())  # type: ignore[arg-type]
        ids = []
        for row in rows:
            if row.get("organisation_number"):
                ids.append(ids_by_number[row["organisation_number"]])
            else:
                ids.append(self.conn.execute(sa.insert(E).returning(E.c.id), row).scalar_one())
        return ids

    def _update(
        self, updates: list[tuple[int, dict[str, list[Any]]]], outcomes: list[Outcome]
    ) -> None:
        if not updates:
            return
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        changes_rows = []
        for index, changes in updates:
            employer_id = outcomes[index].employer_id
            keys = tuple(sorted(changes))
            groups[keys].append({"_id": employer_id, **{f"_{k}": v[1] for k, v in changes.items()}})
            if self.batch_id is not None:
                changes_rows.append(
                    {
                        "batch_id": self.batch_id,
                        "employer_id": employer_id,
                        "before": {k: v[0] for k, v in changes.items()},
                        "after": {k: v[1] for k, v in changes.items()},
                    }
                )
        for keys, params in groups.items():
            statement = (
                sa.update(E)
                .where(E.c.id == sa.bindparam("_id"))
                .values({**{k: sa.bindparam(f"_{k}") for k in keys}, "updated_at": self.now})
            )
            self.conn.execute(statement, params)
        if changes_rows:
            self.conn.execute(sa.insert(ImportChange.__table__), changes_rows)

    def _link_parents(self, children: list[int], new_numbers: list[str | None]) -> list[int]:
        """Set ``parent_id`` where it is empty and the parent now exists: for worksites
        in this batch, and for earlier worksites whose parent this batch created."""
        parent = E.alias("parent")
        pairs: dict[int, int] = {}
        if children:
            query = (
                sa.select(E.c.id, parent.c.id)
                .join(parent, parent.c.organisation_number == E.c.parent_organisation_number)
                .where(E.c.id.in_(children), E.c.parent_id.is_(None))
            )
            pairs.update((child, parent_id) for child, parent_id in self.conn.execute(query))
        numbers = [n for n in new_numbers if n]
        if numbers:
            query = (
                sa.select(E.c.id, parent.c.id)
                .join(parent, parent.c.organisation_number == E.c.parent_organisation_number)
                .where(E.c.parent_organisation_number.in_(numbers), E.c.parent_id.is_(None))
            )
            pairs.update((child, parent_id) for child, parent_id in self.conn.execute(query))
        pairs = {c: p for c, p in pairs.items() if c != p}
        if pairs:
            self.conn.execute(
                sa.update(E)
                .where(E.c.id == sa.bindparam("_id"))
                .values(parent_id=sa.bindparam("_p")),
                [{"_id": c, "_p": p} for c, p in pairs.items()],
            )
        return list(pairs)

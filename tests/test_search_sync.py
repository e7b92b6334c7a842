"""The index follows the database: saves, edits, archiving, contact people,
accommodations and bulk imports; a crash between commit and index write is repaired by
the next drain; a process holding the index lock neither blocks nor loses a save."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import (
    AccommodationStatus,
    AccommodationType,
    ContactPerson,
    EmployerAccommodation,
    SearchOutbox,
)
from ipscrm.search import api, sync
from ipscrm.search import index as ix_mod
from ipscrm.search.outbox import enqueue
from ipscrm.services import employers, matching


def names_for(text: str, group: str = "employers") -> list[str]:
    return [hit.name for hit in api.global_search(text)[group]]


def outbox_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count(SearchOutbox.id)))


def test_create_edit_and_archive_follow(factory):
    employer = factory.employer(name="Fjordbakeriet AS", business_municipality_number="4601")
    assert names_for("fjordbakeriet") == ["Fjordbakeriet AS"]
    assert outbox_rows() == 0  # applied right after the commit (inline mode)

    employers.update_employer(employer.id, {"name": "Kystbakeriet AS"}, None)
    assert names_for("fjordbakeriet") == []
    assert names_for("kystbakeriet") == ["Kystbakeriet AS"]

    prefs = matching.parse_preferences({"job_types": ["baker"], "municipalities": ["4601"]})
    employers.update_employer(employer.id, {"job_types": ["baker"]}, None)
    assert [r.name for r in matching.find_matches(prefs).results] == ["Kystbakeriet AS"]
    employers.set_archived(employer.id, True, None)
    assert matching.find_matches(prefs).results == []
    hits = api.global_search("kystbakeriet")["employers"]
    assert hits[0].archived  # still findable, shown as archived


def test_contact_person_delete_and_accommodation_change_follow(factory):
    employer = factory.employer(name="Lagerhuset AS", job_types=["lager"])
    person = ContactPerson(employer_id=employer.id, name="Solveig Åsheim", role="daglig leder")
    db.session.add(person)
    db.session.commit()
    assert names_for("åsheim", "contacts") == ["Lagerhuset AS"]
    db.session.delete(person)
    db.session.commit()
    assert names_for("åsheim", "contacts") == []

    mentor = db.session.scalar(
        sa.select(AccommodationType).where(AccommodationType.code == "mentor")
    )
    row = EmployerAccommodation(
        employer_id=employer.id,
        accommodation_type_id=mentor.id,
        status=AccommodationStatus.OFFERED,
        recorded_on=date(2026, 2, 1),
    )
    db.session.add(row)
    db.session.commit()
    prefs = matching.parse_preferences({"accommodations": ["mentor"]})
    (result,) = matching.find_matches(prefs).results
    offered_score = result.score
    assert any("tilbudt 2026-02-01" in r.text for r in result.reasons)
    row.status = AccommodationStatus.CONFIRMED
    row.recorded_on = date(2026, 3, 1)
    db.session.commit()
    (result,) = matching.find_matches(prefs).results
    assert result.score > offered_score
    assert any("bekreftet 2026-03-01" in r.text for r in result.reasons)


def test_bulk_import_path_enqueues_and_drains(app_ctx, factory):
    employer = factory.employer(name="Importert AS")
    # An import writes rows with plain SQL and enqueues the touched employers itself.
    with db.engine.begin() as conn:
        conn.execute(
            sa.update(employers.Employer.__table__)
            .where(employers.Employer.id == employer.id)
            .values(name="Registerhandel AS")
        )
        enqueue(conn, [employer.id])
    assert names_for("registerhandel") == []  # not applied yet: a connection, no session
    result = sync.drain()
    assert result.applied == 1 and result.pending == 0
    assert names_for("registerhandel") == ["Registerhandel AS"]


def test_crash_between_commit_and_index_write_is_repaired_by_drain(app_ctx, factory, monkeypatch):
    employer = factory.employer(name="Trøndelag Renhold AS")

    def crash(*args, **kwargs):
        raise RuntimeError("power cut after the data commit")

    monkeypatch.setattr(sync, "drain", crash)
    employers.update_employer(employer.id, {"name": "Trøndelag Rengjøring AS"}, None)  # save ok
    monkeypatch.undo()
    assert outbox_rows() == 1
    assert names_for("rengjøring") == []
    sync.drain()
    assert names_for("rengjøring") == ["Trøndelag Rengjøring AS"]
    assert sync.check().ok


def test_crash_after_index_write_before_outbox_delete_replays_harmlessly(
    app_ctx, factory, monkeypatch
):
    factory.employer(name="Første AS")  # builds the index
    app_ctx.config["SEARCH_SYNC"] = "worker"
    factory.employer(name="Bryggen Kafé AS")
    real_begin = db.engine.begin
    calls = {"n": 0}

    def failing_begin():
        calls["n"] += 1
        raise RuntimeError("crash before the outbox rows were deleted")

    monkeypatch.setattr(db.engine, "begin", failing_begin)
    with pytest.raises(RuntimeError):
        sync.drain()
    monkeypatch.setattr(db.engine, "begin", real_begin)
    assert calls["n"] == 1 and outbox_rows() == 1
    assert names_for("bryggen") == ["Bryggen Kafé AS"]  # the index got it
    sync.drain()  # replay
    sync.drain()
    assert names_for("bryggen") == ["Bryggen Kafé AS"]  # once, not twice
    assert outbox_rows() == 0
    assert sync.check().ok


HOLD_LOCK = """
import sys, time
from whoosh.filedb.filestore import FileStorage
lock = FileStorage(sys.argv[1]).lock("MAIN_WRITELOCK")
assert lock.acquire(blocking=False)
print("locked", flush=True)
sys.stdin.readline()
lock.release()
"""


def test_other_process_holding_the_lock_neither_blocks_nor_loses_a_save(app_ctx, factory):
    employer = factory.employer(name="Sørlandet Transport AS")
    root = ix_mod.index_root()
    generation_path = os.path.join(root, ix_mod.current_generation(root))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, generation_path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        employers.update_employer(employer.id, {"name": "Sørlandet Logistikk AS"}, None)
        elapsed = time.monotonic() - started
        assert elapsed < 5  # did not wait for the lock (Whoosh would wait forever if asked)
        assert outbox_rows() == 1  # kept for later, not lost
        assert sync.drain().skipped == "locked"
        assert names_for("logistikk") == []
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    assert sync.drain().applied == 1
    assert names_for("logistikk") == ["Sørlandet Logistikk AS"]


def test_worker_mode_leaves_changes_for_the_worker(app_ctx, factory):
    factory.employer(name="Første AS")  # builds the index
    app_ctx.config["SEARCH_SYNC"] = "worker"
    factory.employer(name="Vestland Verksted AS")
    assert names_for("verksted") == []
    sync.run_worker(app_ctx, interval=0, iterations=1)
    assert names_for("verksted") == ["Vestland Verksted AS"]


def test_rebuild_swaps_a_new_generation_in(app_ctx, factory):
    for i in range(5):
        factory.employer(name=f"Bedrift nummer {i} AS")
    root = ix_mod.index_root()
    before = ix_mod.current_generation(root)
    result = sync.rebuild()
    after = ix_mod.current_generation(root)
    assert result.documents == 5 and before != after
    sync.rebuild()
    latest = ix_mod.current_generation(root)
    generations = sorted(name for name in os.listdir(root) if name.startswith("gen-"))
    # the generation just replaced stays for queries still running on it; older ones go
    assert generations == sorted([after, latest]) and before not in generations
    assert len(names_for("bedrift")) == 5
    assert sync.check().ok


def test_check_reports_missing_stale_and_pending(app_ctx, factory):
    first = factory.employer(name="Alfa AS")
    assert sync.check().ok
    app_ctx.config["SEARCH_SYNC"] = "worker"
    second = factory.employer(name="Beta AS")
    employers.update_employer(first.id, {"name": "Alfa Gamma AS"}, None)
    report = sync.check()
    assert not report.ok
    assert report.missing == [second.id]
    assert report.stale == [first.id]
    assert report.pending == 2
    sync.drain()
    assert sync.check().ok

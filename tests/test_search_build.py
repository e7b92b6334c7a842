"""Building the index: ipscrm's lean writer writes exactly what Whoosh's own writer
writes, and a build split over several processes gives the same index as one process,
fails as a whole when a part fails, and leaves the current index in place then."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from ipscrm.extensions import db
from ipscrm.search import api, build, sync
from ipscrm.search import index as ix_mod
from ipscrm.search.outbox import enqueue
from ipscrm.search.schema import build_schema
from ipscrm.search.writer import INLINE_LIMIT, IndexWriter
from ipscrm.services import employers

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def sample_documents() -> list[dict]:
    places = [("0301", "OSLO"), ("4601", "BERGEN"), ("5501", "TROMSØ")]
    docs = []
    for i in range(60):
        number, place = places[i % 3]
        doc = {
            "id": str(i + 1),
            "organisation_number": f"9{i:08d}",
            "name": f"Bedrift {i} {'Ærlig Øl og Ål' if i % 4 == 0 else 'Lager'} AS",
            "name_stem": f"Bedriftene {i} lagrene",
            "industry_codes": "47.111,52.100" if i % 2 else "56.101",
            "industry_text": "Butikkhandel med bredt vareutvalg\nLagring",
            "industry_division": "47" if i % 2 else "56",
            "municipality": number,
            "municipality_name": place,
            "postcode": f"{i % 9000 + 1000:04d}",
            "place_text": f"{place} {place}",
            "job_types": "lagermedarbeider\ntruckfører" if i % 3 else "kokk",
            "job_types_plain": "lagermedarbeider\ntruckfører" if i % 3 else "kokk",
            "job_types_reversed": "lagermedarbeider\ntruckfører" if i % 3 else "kokk",
            "notes": f"Tidlige morgener {i}. Sesongarbeid om sommeren." * (1 + i % 3),
            "notes_plain": f"Tidlige morgener {i}. Sesongarbeid om sommeren." * (1 + i % 3),
            "contacts": f"Kari Nordmann {i} — daglig leder",
            "accommodations": "mentor,flexible_hours" if i % 5 == 0 else "",
            "accommodations_confirmed": "mentor" if i % 10 == 0 else "",
            "tags": "Sommer,IPS" if i % 7 == 0 else "",
            "stage": ["prospect", "active_relationship"][i % 2],
            "size": i * 3,
            "job_starts": i % 4,
            "job_start_marks": " ".join(str(n) for n in range(1, i % 4 + 1)),
            "job_start_hours": "20to29" if i % 4 else "",
            "accommodation_details": [("mentor", "confirmed", "2026-03-01")],
            "updated": f"2026-11-{i % 28 + 1:02d}T10:00:00",
        }
        if i % 6 == 0:
            doc["archived"] = True
        if i % 11 == 0:
            doc["closed"] = True
        docs.append({k: v for k, v in doc.items() if v != ""})
    return docs


def index_contents(path: str) -> dict:
    """Everything a query can see: postings (with weights, values, and the field length
    ranges of terms and posting blocks that scoring uses), stored fields, field lengths
    and sortable columns."""
    ix = whoosh_index.open_dir(path)
    with ix.reader() as reader:
        postings = {}
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            matcher = reader.postings(fieldname, btext)
            items: list = [(info.min_length(), info.max_length())]
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                if hasattr(matcher, "block_min_length"):  # a posting block's length range
                    items.append((matcher.block_min_length(), matcher.block_max_length()))
                matcher.next()
            postings[(fieldname, btext)] = items
        stored = list(reader.all_stored_fields())
        lengths = {
            (docnum, name): reader.doc_field_length(docnum, name)
            for docnum in range(reader.doc_count_all())
            for name in ix.schema.scorable_names()
        }
        columns = {
            name: list(reader.column_reader(name))
            for name in ("municipality", "industry_division")
            if reader.has_column(name)
        }
    return {"postings": postings, "stored": stored, "lengths": lengths, "columns": columns}


@pytest.mark.parametrize("limitmb", [64, 0.01])  # 0.01 MB: the pool spills runs to disk
def test_lean_writer_writes_what_whoosh_writes(tmp_path, limitmb):
    schema = build_schema([])
    paths = []
    for kind in ("whoosh", "ipscrm"):
        path = tmp_path / kind
        path.mkdir()
        ix = whoosh_index.create_in(str(path), schema)
        if kind == "whoosh":  # Whoosh's writer, with the codec settings ipscrm uses
            writer = SegmentWriter(ix, limitmb=limitmb, codec=W3Codec(inlinelimit=INLINE_LIMIT))
        else:
            writer = IndexWriter(ix, limitmb=limitmb)
        for doc in sample_documents():
            writer.add_document(**doc)
        writer.commit()
        paths.append(str(path))
    expected, got = (index_contents(p) for p in paths)
    assert got["postings"] and got["postings"] == expected["postings"]
    assert got["stored"] == expected["stored"]
    assert got["lengths"] == expected["lengths"]
    assert got["columns"] == expected["columns"]


@pytest.mark.parametrize("limitmb", [64, 0.01])
@pytest.mark.parametrize("bypass", ["whoosh keywords", "merged segment"])
def test_documents_that_bypass_the_lean_path_are_written_as_whoosh_writes_them(
    tmp_path, limitmb, bypass
):
    """Documents that bypass the lean add_document (ones with Whoosh keywords, or those
    of a segment merged in) make the flush read field lengths back from the segment
    instead of using the ones it kept."""
    schema = build_schema([])
    docs = sample_documents()
    if bypass == "whoosh keywords":
        for doc in docs[::7]:
            doc["_stored_name"] = doc["name"].upper()
        parts = [(docs, False)]
    else:  # the second commit merges the first segment into its own
        parts = [(docs[:25], False), (docs[25:], True)]
    paths = []
    for kind in ("whoosh", "ipscrm"):
        path = tmp_path / kind
        path.mkdir()
        ix = whoosh_index.create_in(str(path), schema)
        for part, optimize in parts:
            if kind == "whoosh":
                codec = W3Codec(inlinelimit=INLINE_LIMIT)
                writer = SegmentWriter(ix, limitmb=limitmb, codec=codec)
            else:
                writer = IndexWriter(ix, limitmb=limitmb)
            for doc in part:
                writer.add_document(**doc)
            writer.commit(optimize=optimize)
        assert len(ix._segments()) == 1
        paths.append(str(path))
    expected, got = (index_contents(p) for p in paths)
    assert got == expected


def test_lean_writer_refuses_unknown_fields_and_takes_whoosh_keywords(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema([]))
    writer = IndexWriter(ix)
    with pytest.raises(Exception, match="No field named 'colour'"):
        writer.add_document(id="1", name="Rød AS", colour="red")
    writer.add_document(id="2", name="Blå AS", _stored_name="Blå AS (stored)")
    writer.commit()
    with ix.searcher() as s:
        assert [d["name"] for d in s.all_stored_fields()] == ["Blå AS (stored)"]


@pytest.fixture
def forking_allowed(monkeypatch):
    """Builds may fork although the test process runs other threads (a browser test's
    server or driver): the guard against that has its own test below."""
    monkeypatch.setattr(build, "other_threads_running", lambda: False)


def make_portfolio(factory, count: int) -> None:
    for i in range(count):
        employer = factory.employer(
            name=f"Lagerhuset {i} AS" if i % 2 else f"Kafé Øst {i} AS",
            business_municipality_number="0301" if i % 3 else "4601",
            job_types=["lagermedarbeider"] if i % 2 else ["servitør"],
        )
        if i % 9 == 0:
            employers.set_archived(employer.id, True, None)


def generations(root: str) -> set[str]:
    return {name for name in os.listdir(root) if name.startswith("gen-")}


def search_names(text: str) -> list[str]:
    return sorted(hit.name for hit in api.global_search(text)["employers"])


def test_parallel_build_gives_the_same_answers_as_one_process(app_ctx, factory, forking_allowed):
    make_portfolio(factory, 30)
    app_ctx.config["SEARCH_BUILD_PROCESSES"] = 1
    sync.rebuild()
    serial = {q: search_names(q) for q in ("lager", "kafé", "øst", "lagerhuset 7")}
    assert serial["lager"] and serial["kafé"]

    app_ctx.config.update(SEARCH_BUILD_PROCESSES=3, SEARCH_PARALLEL_MIN=1)
    assert build.build_processes(app_ctx, 30) == 3
    result = sync.rebuild()
    assert result.documents == 30
    with ix_mod.searcher() as s:
        assert len(s.reader().leaf_readers()) == 3  # one segment per process
    assert {q: search_names(q) for q in serial} == serial
    assert sync.check().ok

    # the index keeps working as usual afterwards: edits reach it through the outbox
    employer = factory.employer(name="Nyoppstartet Bakeri AS")
    assert search_names("bakeri") == ["Nyoppstartet Bakeri AS"]
    assert employer.id


@pytest.mark.parametrize("processes", [1, 2])
def test_a_build_writes_a_new_segment_every_so_many_documents(
    app_ctx, factory, processes, forking_allowed
):
    make_portfolio(factory, 12)
    sync.rebuild()
    expected = {q: search_names(q) for q in ("lager", "kafé", "øst 4")}
    app_ctx.config.update(
        SEARCH_BUILD_PROCESSES=processes, SEARCH_PARALLEL_MIN=1, SEARCH_SEGMENT_MAX_DOCS=4
    )
    assert sync.rebuild().documents == 12
    with ix_mod.searcher() as s:
        sizes = sorted(r.doc_count_all() for r, _offset in s.reader().leaf_readers())
    # 12 documents in one process: 4 + 4 + 4; in two processes of 6 each: 4 + 2 twice
    assert sizes == ([4, 4, 4] if processes == 1 else [2, 2, 4, 4])
    assert {q: search_names(q) for q in expected} == expected
    assert sync.check().ok


def test_small_portfolios_and_one_core_build_in_one_process(app_ctx, forking_allowed):
    app_ctx.config.update(SEARCH_BUILD_PROCESSES=4, SEARCH_PARALLEL_MIN=20_000)
    assert build.build_processes(app_ctx, 19_999) == 1
    assert build.build_processes(app_ctx, 20_000) == 4
    app_ctx.config["SEARCH_BUILD_PROCESSES"] = 1
    assert build.build_processes(app_ctx, 1_000_000) == 1


def test_a_process_running_other_threads_builds_in_one_process(app_ctx, monkeypatch):
    app_ctx.config.update(SEARCH_BUILD_PROCESSES=4, SEARCH_PARALLEL_MIN=1)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert build.other_threads_running()
        assert build.build_processes(app_ctx, 100) == 1
    finally:
        stop.set()
        server.join()
    monkeypatch.setattr(build.threading, "active_count", lambda: 1)
    assert not build.other_threads_running()
    assert build.build_processes(app_ctx, 100) == 4


def test_a_failing_part_fails_the_build_and_keeps_the_current_index(
    app_ctx, factory, monkeypatch, forking_allowed
):
    make_portfolio(factory, 12)
    sync.rebuild()
    root = ix_mod.index_root()
    current = ix_mod.current_generation(root)
    before = search_names("lagerhuset")
    assert len(before) == 6
    kept = generations(root)
    app_ctx.config.update(SEARCH_BUILD_PROCESSES=2, SEARCH_PARALLEL_MIN=1)
    real = build.build_documents

    def fail_in_second_half(conn, ids, *args, **kwargs):
        if max(ids) > 6 and os.getpid() != parent:
            raise RuntimeError("disk full")
        return real(conn, ids, *args, **kwargs)

    parent = os.getpid()
    monkeypatch.setattr(build, "build_documents", fail_in_second_half)
    with pytest.raises(build.BuildFailed, match="disk full"):
        sync.rebuild()
    assert ix_mod.current_generation(root) == current
    assert generations(root) == kept  # the half-built generation is gone
    assert search_names("lagerhuset") == before
    monkeypatch.undo()
    assert sync.rebuild().documents == 12
    assert sync.check().ok


def touch_by_sql(employer_ids: list[int], suffix: str) -> None:
    """What an import does: plain SQL updates, the employers enqueued in the outbox."""
    table = employers.Employer.__table__
    with db.engine.begin() as conn:
        for employer_id in employer_ids:
            conn.execute(
                sa.update(table)
                .where(table.c.id == employer_id)
                .values(name=f"Lager {suffix} {employer_id} AS")
            )
        enqueue(conn, employer_ids)


def test_a_bulk_change_to_much_of_the_portfolio_is_indexed_by_a_rebuild(app_ctx, factory):
    make_portfolio(factory, 12)
    root = ix_mod.index_root()
    ids = sorted(e.id for e in db.session.scalars(sa.select(employers.Employer)))
    app_ctx.config["SEARCH_BULK_REBUILD_MIN"] = 3

    before = ix_mod.current_generation(root)
    touch_by_sql(ids[:2], "liten")  # below the minimum: rewritten document by document
    sync.apply_bulk()
    assert ix_mod.current_generation(root) == before
    assert len(search_names("liten")) == 2

    touch_by_sql(ids[:5], "stor")  # 5 of 12: more than a third, built anew
    sync.apply_bulk()
    assert ix_mod.current_generation(root) != before
    assert len(search_names("stor")) == 5 and search_names("liten") == []
    assert sync.check().ok

    touch_by_sql(ids[:3], "middels")  # 3 of 12: at the minimum, but only a quarter
    generation = ix_mod.current_generation(root)
    sync.apply_bulk()
    assert ix_mod.current_generation(root) == generation
    assert len(search_names("middels")) == 3


def test_a_cancelled_writer_leaves_no_files(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema([]))
    before = set(os.listdir(tmp_path))
    writer = IndexWriter(ix)
    writer.add_document(id="1", name="Avbrutt AS")
    writer.cancel()
    assert set(os.listdir(tmp_path)) - {"MAIN_WRITELOCK"} == before  # the lock file stays
    assert ix.doc_count() == 0


@pytest.mark.parametrize("value", [0, -3, "many", 2.5, True])
def test_a_wrong_build_setting_is_named_and_changes_nothing(app_ctx, factory, value):
    make_portfolio(factory, 3)
    root = ix_mod.index_root()
    current = ix_mod.current_generation(root)
    app_ctx.config["SEARCH_SEGMENT_MAX_DOCS"] = value
    with pytest.raises(build.BadSetting, match="SEARCH_SEGMENT_MAX_DOCS"):
        sync.rebuild()
    assert ix_mod.current_generation(root) == current
    app_ctx.config["SEARCH_SEGMENT_MAX_DOCS"] = 100_000
    app_ctx.config["SEARCH_BUILD_PROCESSES"] = value
    with pytest.raises(build.BadSetting, match="SEARCH_BUILD_PROCESSES"):
        sync.rebuild()
    assert ix_mod.current_generation(root) == current


def test_the_cli_names_a_wrong_build_setting(run_cli, monkeypatch):
    run_cli("db", "upgrade")
    monkeypatch.setenv("IPSCRM_SEARCH_BUILD_PROCESSES", "many")
    result = run_cli("search", "rebuild")
    assert result.exit_code == 1
    assert "SEARCH_BUILD_PROCESSES must be a whole number of at least 1, not 'many'" in (
        result.output
    )

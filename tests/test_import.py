"""The import use case: register files and lists into the database, matching existing
employers, fields specialists own, worksite links, idempotence, interrupted runs, undo,
plugin columns and events, and the search outbox."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.hookspecs import hookimpl
from ipscrm.models import (
    BatchStatus,
    ContactMode,
    ContactPurpose,
    Employer,
    EmployerContact,
    ImportBatch,
    SearchOutbox,
    Stage,
    utcnow,
)
from ipscrm.search import sync
from ipscrm.services import import_undo
from ipscrm.services.errors import Conflict
from ipscrm.services.imports import ImportFileError, ImportOptions, run_import
from tests.factories import make_orgnr

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def by_number(number: str) -> Employer:
    db.session.expire_all()
    return db.session.scalar(sa.select(Employer).where(Employer.organisation_number == number))


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    """The fixtures copied, so rejects files land in the test's folder."""
    target = tmp_path / "in"
    shutil.copytree(FIXTURES, target)
    return target


def test_register_csv_import(app_ctx, files):
    summary = run_import([files / "enheter.csv"])
    assert summary.as_json() == {
        "read": 6, "created": 3, "updated": 0, "unchanged": 0, "rejected": 1, "filtered": 2,
        "batch": summary.batch,
    }  # fmt: skip
    bakery = by_number("974760673")
    assert bakery.name == "BAKERIET PÅ TORGET AS"
    assert bakery.business_address == "Torggata 1\nBakgården"
    assert bakery.industry_codes == [("10.710", "Produksjon av brød og ferske konditorvarer")]
    assert bakery.website == "https://www.bakeriet.no"
    assert bakery.source == "brreg" and bakery.import_batch_id == summary.batch
    assert by_number("988077917").email is None  # invalid e-mail dropped, row kept
    assert by_number("900010001") is None  # bankrupt: filtered by default
    batch = db.session.get(ImportBatch, summary.batch)
    assert batch.status == BatchStatus.COMPLETED and batch.rows_created == 3
    assert batch.rows_warned == 1 and len(batch.sha256) == 64
    # every imported employer went through the search outbox into the index
    assert db.session.scalar(sa.select(sa.func.count(SearchOutbox.id))) == 0
    report = sync.check()
    assert (report.index_count, report.missing, report.extra) == (3, [], [])


def test_in_worker_mode_the_outbox_keeps_every_imported_employer(app_ctx, files):
    app_ctx.config["SEARCH_SYNC"] = "worker"
    run_import([files / "enheter.csv"])
    outboxed = set(db.session.scalars(sa.select(SearchOutbox.employer_id)))
    assert outboxed == set(db.session.scalars(sa.select(Employer.id)))


def test_same_file_again_is_unchanged(app_ctx, files):
    run_import([files / "enheter.csv"])
    again = run_import([files / "enheter.csv"], ImportOptions(include_closed=True))
    assert (again.created, again.unchanged, again.filtered) == (2, 3, 0)
    third = run_import([files / "enheter.csv"], ImportOptions(include_closed=True))
    assert (third.created, third.updated, third.unchanged) == (0, 0, 5)


def test_worksites_link_to_parents_in_either_order(app_ctx, files):
    run_import([files / "underenheter.csv"])  # one parent is missing still
    run_import([files / "enheter.csv"])
    assert by_number("900030002").parent_id == by_number("974760673").id
    assert by_number("900040008").parent_id is None
    run_import([files / "enheter.json"])  # the other parent arrives
    assert by_number("900040008").parent_id == by_number("900050003").id


def test_update_keeps_specialist_fields_and_modes(app_ctx, factory, tmp_path):
    owner = factory.user()
    employer = factory.employer(
        name="Gammelt Navn AS", organisation_number="974760673", business_postcode="0150",
        notes="Kjenner daglig leder", stage=Stage.ACTIVE, owner_id=owner.id, tags=["favoritt"],
    )  # fmt: skip
    path = write_csv(
        tmp_path / "l.csv",
        [
            "Navn,Org.nr,Postnr,Telefon,Notat,Stikkord",
            "Nytt Navn AS,974760673,0151,22 22 22 22,Ny,ny",
        ],
    )
    skip = run_import([path], ImportOptions(on_existing="skip"))
    assert skip.unchanged == 1 and by_number("974760673").name == "Gammelt Navn AS"
    fill = run_import([path], ImportOptions(on_existing="fill-empty"))
    stored = by_number("974760673")
    assert fill.updated == 1 and stored.phone == "22 22 22 22" and stored.name == "Gammelt Navn AS"
    update = run_import([path])
    stored = by_number("974760673")
    assert update.updated == 1
    assert (stored.name, stored.business_postcode) == ("Nytt Navn AS", "0151")
    assert stored.notes == "Kjenner daglig leder" and stored.stage == Stage.ACTIVE
    assert stored.owner_id == owner.id and stored.tags == ["favoritt"]
    assert stored.id == employer.id


def test_duplicates_against_the_database(app_ctx, factory, tmp_path):
    factory.employer(name="Kiwi Majorstuen", organisation_number=None, business_postcode="0367")
    factory.employer(name="KIWI MAJORSTUEN AS", organisation_number=None, business_postcode="0367")
    factory.employer(name="Rema Bislett", organisation_number=None, business_postcode="0170")
    path = write_csv(
        tmp_path / "l.csv",
        [
            "Navn;Postnr;Org.nr;Telefon",
            "Kiwi Majorstuen;0367;;1",
            "Rema Bislett AS;0170;;22 00 00 00",
            f"Rema Bislett;0170;{make_orgnr(77)};",
        ],
    )
    summary = run_import([path])
    assert (summary.rejected, summary.updated) == (2, 1)
    rejects = Path(summary.rejects_path).read_text(encoding="utf-8-sig")
    assert "Matches several employers: Kiwi Majorstuen" in rejects
    assert "which an earlier row of this import matched" in rejects
    rema = db.session.scalar(sa.select(Employer).where(Employer.business_postcode == "0170"))
    assert (rema.name, rema.phone) == ("Rema Bislett AS", "22 00 00 00")


def test_register_number_fills_in_a_manual_employer(app_ctx, factory, tmp_path):
    manual = factory.employer(name="Fjordlaks", organisation_number=None, business_postcode="6002")
    options = ImportOptions(rejects_path=str(tmp_path / "r.csv"))
    summary = run_import([FIXTURES / "enheter.json"], options)
    assert summary.created == 1 and summary.updated == 1
    assert by_number("900060009").id == manual.id


def test_generic_list_sets_create_only_fields(app_ctx, factory, files):
    owner = factory.user(email="eier@example.no")
    summary = run_import(
        [files / "excel_1252.csv"], ImportOptions(owner_id=owner.id, tags=["nav-liste"])
    )
    assert summary.as_json()["created"] == 4 and summary.rejected == 3
    plumber = by_number("900080018")
    assert plumber.owner_id == owner.id
    assert plumber.tags == ["nav-liste", "rørlegger"]
    assert plumber.notes == "Ring før besøk"
    assert [p.name for p in plumber.contact_people] == ["Åse Ødegård"]
    assert sorted(a.type.code for a in plumber.accommodations) == ["flexible_hours", "mentor"]
    flowers = db.session.scalar(
        sa.select(Employer).where(Employer.name == "Blomsterbutikken Åsane")
    )
    assert [a.type.code for a in flowers.accommodations] == ["arbeidstrening"]


def test_unreadable_file_imports_nothing(app_ctx, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(ImportFileError):
        run_import([FIXTURES / "enheter.csv", bad])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportBatch)) == 0


def test_dry_run_writes_nothing(app_ctx, files):
    summary = run_import([files / "enheter.csv"], ImportOptions(dry_run=True))
    assert (summary.created, summary.rejected, summary.batch) == (3, 1, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox)) == 0


def _register_file(path: Path, count: int) -> Path:
    lines = ['"organisasjonsnummer","navn","forretningsadresse.postnummer"']
    lines += [f'"{make_orgnr(500 + i * 3)}","FIRMA {i} AS","0150"' for i in range(count)]
    return write_csv(path, lines)


def test_interrupted_import_is_finished_by_running_it_again(app_ctx, tmp_path):
    path = _register_file(tmp_path / "big.csv", 9)
    calls = []

    def stop_after_first_batch(rows: int) -> None:
        calls.append(rows)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import([path], ImportOptions(batch_size=4, progress=stop_after_first_batch))
    first = db.session.scalar(sa.select(ImportBatch))
    assert first.status == BatchStatus.FAILED and first.rows_created == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 4
    again = run_import([path], ImportOptions(batch_size=4))
    assert (again.created, again.unchanged) == (5, 4)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 9


def test_undo_removes_created_and_restores_updated(app_ctx, factory, tmp_path):
    existing = factory.employer(name="Før AS", organisation_number="974760673", phone="1")
    path = write_csv(
        tmp_path / "l.csv",
        ["Navn,Org.nr,Telefon", "Etter AS,974760673,2", f"Ny AS,{make_orgnr(5)},3"],
    )
    summary = run_import([path])
    assert (summary.created, summary.updated) == (1, 1)
    result = import_undo.undo_import(summary.batch)
    assert (result.deleted, result.restored) == (1, 1)
    restored = by_number("974760673")
    assert (restored.id, restored.name, restored.phone) == (existing.id, "Før AS", "1")
    assert by_number(make_orgnr(5)) is None
    assert db.session.get(ImportBatch, summary.batch).status == BatchStatus.UNDONE
    with pytest.raises(Conflict, match="already undone"):
        import_undo.undo_import(summary.batch)


def test_undo_refuses_when_a_contact_was_logged(app_ctx, factory, tmp_path):
    specialist = factory.user()
    path = _register_file(tmp_path / "r.csv", 3)
    summary = run_import([path])
    visited = by_number(make_orgnr(500))
    now = utcnow()
    db.session.add(
        EmployerContact(
            occurred_at=now, occurred_on=date.today(), specialist_id=specialist.id,
            employer_id=visited.id, mode=ContactMode.IN_PERSON, face_to_face=True,
            purpose=ContactPurpose.INTRODUCTION,
        )
    )  # fmt: skip
    db.session.commit()
    with pytest.raises(Conflict) as err:
        import_undo.undo_import(summary.batch)
    assert "FIRMA 0 AS" in str(err.value)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 3
    result = import_undo.undo_import(summary.batch, keep_dependent=True)
    assert (result.deleted, result.kept_count) == (2, 1)
    assert by_number(make_orgnr(500)) is not None


class ColumnsPlugin:
    def __init__(self):
        self.values = []
        self.imported = []

    @hookimpl
    def ipscrm_import_columns(self):
        return {"alcohol_policy": ["Ruspolicy", "AKAN"]}

    @hookimpl
    def ipscrm_import_values(self, batch_id, values):
        self.values.append((batch_id, values))

    @hookimpl
    def ipscrm_employers_imported(self, batch_id, employer_ids):
        self.imported.append((batch_id, sorted(employer_ids)))


def test_plugin_columns_values_and_event(app_ctx, tmp_path):
    plugin = ColumnsPlugin()
    app_ctx.extensions["ipscrm_plugins"].register(plugin, name="test-columns")
    path = write_csv(tmp_path / "l.csv", ["Navn,AKAN", "Med policy,skriftlig", "Uten policy,"])
    summary = run_import([path])
    ids = sorted(db.session.scalars(sa.select(Employer.id)))
    with_policy = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Med policy"))
    assert plugin.values == [(summary.batch, {with_policy: {"alcohol_policy": "skriftlig"}})]
    assert plugin.imported == [(summary.batch, ids)]


def test_job_types_and_contact_on_create_only(app_ctx, factory, tmp_path):
    factory.employer(name="Finnes AS", organisation_number="974760673", job_types=["lager"])
    path = write_csv(
        tmp_path / "l.csv",
        [
            "Navn,Org.nr,Jobbtyper,Kontaktperson,Kontakt telefon",
            "Finnes AS,974760673,kasse;butikk,Per,99",
            f"Ny AS,{make_orgnr(9)},Kasse; butikk,Per Olsen,99 88 77 66",
        ],
    )
    run_import([path])
    existing, new = by_number("974760673"), by_number(make_orgnr(9))
    assert existing.job_types == ["lager"] and existing.contact_people == []
    assert new.job_types == ["kasse", "butikk"]
    assert [(p.name, p.phone) for p in new.contact_people] == [("Per Olsen", "99 88 77 66")]


def test_peak_memory_does_not_grow_with_rows(app_ctx, tmp_path):
    """Streaming: ten times the rows, about the same peak (batches of 200). The search
    index is left to the worker here: this measures the import itself."""
    import tracemalloc

    app_ctx.config["SEARCH_SYNC"] = "worker"
    peaks = []
    for n, count in enumerate((500, 5000)):
        lines = ['"organisasjonsnummer","navn","forretningsadresse.adresse"']
        lines += [
            f'"{make_orgnr(100_000 * (n + 1) + i * 3)}","FIRMA {i} AS","Gate {i}\nBakgården"'
            for i in range(count)
        ]
        path = write_csv(tmp_path / f"r{count}.csv", lines)
        tracemalloc.start()
        summary = run_import([path], ImportOptions(batch_size=200))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert summary.created == count
    assert peaks[1] < peaks[0] + 1_000_000, peaks


def test_two_register_units_named_like_one_manual_employer(app_ctx, factory, tmp_path):
    manual = factory.employer(name="Kiwi", organisation_number=None, business_postcode="0150")
    path = write_csv(
        tmp_path / "l.csv",
        ["Navn,Org.nr,Postnr", f"Kiwi AS,{make_orgnr(21)},0150", f"KIWI,{make_orgnr(22)},0150"],
    )
    first = run_import([path])
    assert (first.updated, first.created) == (1, 1)
    assert by_number(make_orgnr(21)).id == manual.id
    again = run_import([path])
    assert (again.created, again.unchanged) == (0, 2)


def test_crash_mid_batch_keeps_committed_counts(app_ctx, tmp_path, monkeypatch):
    from ipscrm.services import import_store

    path = _register_file(tmp_path / "big.csv", 10)
    real_apply = import_store.Store.apply
    calls = []

    def failing_apply(self, records):
        calls.append(len(records))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_apply(self, records)

    monkeypatch.setattr(import_store.Store, "apply", failing_apply)
    with pytest.raises(RuntimeError):
        run_import([path], ImportOptions(batch_size=4))
    batch = db.session.scalar(sa.select(ImportBatch))
    assert (batch.status, batch.rows_read, batch.rows_created) == (BatchStatus.FAILED, 4, 4)
    assert "disk full" in batch.error
    monkeypatch.setattr(import_store.Store, "apply", real_apply)
    again = run_import([path], ImportOptions(batch_size=4))
    assert (again.created, again.unchanged) == (6, 4)


def test_nul_characters_are_removed_from_imported_text(app_ctx, tmp_path):
    path = write_csv(tmp_path / "nul.csv", ["Navn,Notat", "Null\x00byte AS,Ringte\x00 i går"])
    summary = run_import([path])
    assert (summary.created, summary.rejected) == (1, 0)
    employer = db.session.scalar(sa.select(Employer))
    assert employer.name == "Nullbyte AS"

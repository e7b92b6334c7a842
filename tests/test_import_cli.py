"""``ipscrm import``: exit codes, JSON summary, rejects file, dry run, template, list and
undo, checked by re-opening the database."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import sqlalchemy as sa

from tests.test_import_readers import make_workbook

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def count(reopen, table: str) -> int:
    with reopen() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    return target


def test_register_import_json_summary_and_rejects(run_cli, reopen, tmp_path):
    path = copy(tmp_path, "enheter.csv")
    result = run_cli("import", "employers", str(path), "--json")
    assert result.exit_code == 1, result.output  # one row rejected
    summary = json.loads(result.output)
    assert list(summary) == [
        "read", "created", "updated", "unchanged", "rejected", "filtered", "batch",
    ]  # fmt: skip
    assert summary["read"] == 6 and summary["created"] == 3 and summary["rejected"] == 1
    assert count(reopen, "employers") == 3
    with open(tmp_path / "enheter.rejects.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rejected = [r for r in rows if r["outcome"] == "rejected"]
    assert [(r["row"], r["field"], r["navn"]) for r in rejected] == [
        ("9", "organisation_number", "FEIL SJEKKSIFFER AS")
    ]
    assert "check digit" in rejected[0]["reason"]
    assert rejected[0]["nyKolonneFra2026"] == ""  # original columns kept, unknown ones too
    dropped = [r for r in rows if r["outcome"] == "field dropped"]
    assert [(r["field"], r["value"]) for r in dropped] == [("email", "kafe@@feil")]

    again = run_cli("import", "employers", str(path), "--json")
    assert json.loads(again.output)["unchanged"] == 3
    assert json.loads(again.output)["created"] == 0


def test_exit_0_when_every_row_is_accepted_and_quiet_off_a_terminal(run_cli, reopen, tmp_path):
    path = copy(tmp_path, "underenheter.csv")
    result = run_cli("import", "employers", str(path))
    assert result.exit_code == 0, result.output
    assert "created 2" in result.output and "rows/s" not in result.output
    assert not (tmp_path / "underenheter.rejects.csv").exists()


def test_exit_2_for_unreadable_files_and_bad_options(run_cli, reopen, tmp_path):
    bad = tmp_path / "bilde.csv"
    bad.write_bytes(bytes(range(256)) * 4)
    good = copy(tmp_path, "enheter.csv")
    result = run_cli("import", "employers", str(good), str(bad))
    assert result.exit_code == 2
    assert "bilde.csv" in result.output
    assert run_cli("import", "employers", str(tmp_path / "missing.csv")).exit_code == 2
    assert run_cli("import", "employers", str(good), "--on-existing", "merge").exit_code == 2
    assert run_cli("import", "employers", str(good), "--owner", "nobody@example.no").exit_code == 2
    assert run_cli("import", "employers", str(good), "--municipality", "Oslo").exit_code == 2
    assert count(reopen, "employers") == 0 and count(reopen, "import_batches") == 0


def test_dry_run_reports_and_writes_nothing(run_cli, reopen, tmp_path):
    path = copy(tmp_path, "excel_1252.csv")
    result = run_cli("import", "employers", str(path), "--dry-run")
    assert result.exit_code == 1
    assert "Would import: read 7, created 4" in result.output
    assert count(reopen, "employers") == 0 and count(reopen, "import_batches") == 0


def test_filters_owner_and_tags(run_cli, reopen, tmp_path):
    run_cli(
        "users", "create", "--email", "js@example.no", "--name", "Jo", "--password-stdin",
        input="correct horse battery\n",
    )  # fmt: skip
    path = copy(tmp_path, "enheter.csv")
    result = run_cli(
        "import", "employers", str(path), "--municipality", "301,5501", "--owner",
        "js@example.no", "--tag", "Oslo-lista", "--json", "--include-closed",
    )  # fmt: skip
    summary = json.loads(result.output)
    assert (summary["created"], summary["filtered"]) == (2, 4)  # incl. the invalid row
    with reopen() as conn:
        owned = conn.execute(
            sa.text(
                "SELECT e.name, t.tag, u.email FROM employers e JOIN employer_tags t ON"
                " t.employer_id = e.id JOIN users u ON u.id = e.owner_id ORDER BY e.name"
            )
        ).all()
    assert owned == [
        ("BAKERIET PÅ TORGET AS", "oslo-lista", "js@example.no"),
        ("ÆRLIG KAFÉ DA", "oslo-lista", "js@example.no"),
    ]


def test_xlsx_import_all_sheets_or_one(run_cli, reopen, tmp_path):
    path = make_workbook(tmp_path / "liste.xlsx")
    one = run_cli("import", "employers", str(path), "--sheet", "Bergen", "--json")
    assert json.loads(one.output)["created"] == 1
    both = run_cli("import", "employers", str(path), "--json")
    assert json.loads(both.output) | {"batch": None} == {
        "read": 3, "created": 2, "updated": 0, "unchanged": 1, "rejected": 0, "filtered": 0,
        "batch": None,
    }  # fmt: skip
    with reopen() as conn:
        row = conn.execute(
            sa.text("SELECT business_postcode, business_address FROM employers WHERE name = :n"),
            {"n": "Bakeriet på Torget AS"},
        ).one()
    assert tuple(row) == ("0181", "Torggata 1")


def test_template_round_trip(run_cli, tmp_path):
    csv_path, xlsx_path = tmp_path / "mal.csv", tmp_path / "mal.xlsx"
    assert run_cli("import", "template", "--format", "csv", "-o", str(csv_path)).exit_code == 0
    assert run_cli("import", "template", "--format", "xlsx", "-o", str(xlsx_path)).exit_code == 0
    header = csv_path.read_text(encoding="utf-8-sig").strip().split(";")
    assert header[:4] == ["Navn", "Org.nr", "Adresse", "Postnr"] and "Tilrettelegging" in header
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert [c.value for c in sheet[1]] == header
    with open(csv_path, "a", encoding="utf-8") as fh:
        fh.write("Testbedrift;974760673" + ";" * (len(header) - 2) + "\n")
    result = run_cli("import", "employers", str(csv_path), "--json")
    assert json.loads(result.output)["created"] == 1


def test_list_and_undo(run_cli, reopen, tmp_path):
    path = copy(tmp_path, "underenheter.csv")
    run_cli("import", "employers", str(path))
    listed = run_cli("import", "list", "--json")
    batches = json.loads(listed.output)
    assert [(b["status"], b["created"], b["file"]) for b in batches] == [
        ("completed", 2, "underenheter.csv")
    ]
    assert "completed" in run_cli("import", "list").output
    undo = run_cli("import", "undo", str(batches[0]["batch"]))
    assert undo.exit_code == 0 and "removed 2 employers" in undo.output
    assert count(reopen, "employers") == 0
    again = run_cli("import", "undo", str(batches[0]["batch"]))
    assert again.exit_code == 1 and "already undone" in again.output
    assert run_cli("import", "undo", "999").exit_code == 1


def test_imported_employers_are_searchable_and_undo_removes_them(run_cli, tmp_path):
    path = copy(tmp_path, "enheter.csv")
    imported = json.loads(run_cli("import", "employers", str(path), "--json").output)

    def found(query: str) -> list[str]:
        result = run_cli("search", "employers", query, "--json")
        assert result.exit_code == 0, result.output
        return [hit["name"] for hit in json.loads(result.output)]

    assert found("gartneri") == ["LØVENSKIOLD GARTNERI AS"]
    assert run_cli("search", "check").exit_code == 0  # index and database agree, nothing pending
    run_cli("import", "undo", str(imported["batch"]))
    assert found("gartneri") == []
    assert run_cli("search", "check").exit_code == 0

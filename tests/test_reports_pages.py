"""The report pages, their CSV exports and the command line show the same numbers for
the hand-built data set (tests/reports_dataset.py); access is checked on every page."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from tests.reports_dataset import (
    EXPECTED_SHORT,
    EXPECTED_YEAR,
    FIRST,
    LAST,
    YEAR_FIRST,
    load,
)

PERIOD = f"from={FIRST}&to={LAST}"


class _Tables(HTMLParser):
    """Cell texts of every <table id=...> on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table] = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table and not self._in_head:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def dataset(factory, monkeypatch):
    return load(factory, monkeypatch)


def page_tables(response) -> dict[str, list[list[str]]]:
    assert response.status_code == 200, response.status_code
    parser = _Tables()
    parser.feed(response.get_data(as_text=True))
    return parser.tables


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def number(text: str) -> float | None:
    return None if text in ("–", "") else float(text.replace(",", ""))


@pytest.fixture
def english(client):
    def switch():
        client.post("/language", data={"lang": "en", "next": "/"})

    return switch


def test_page_csv_and_cli_agree_on_the_team_report(client, login, english, dataset, run_cli):
    login(dataset.users["sigrid"])
    english()
    nord = dataset.teams["Nord"]
    page = page_tables(client.get(f"/reports/?team={nord}&{PERIOD}"))
    exported = csv_rows(client.get(f"/reports/export/summary.csv?team={nord}&{PERIOD}"))
    result = run_cli(
        "report",
        "fidelity",
        "--team",
        "Nord",
        "--from",
        str(FIRST),
        "--to",
        str(LAST),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    expected = EXPECTED_SHORT["summary"]
    on_page = {row[0]: number(row[2]) for row in page["table-summary"]}
    in_csv = {row[0]: number(row[2]) for row in exported[1:]}
    in_cli = {key: item["value"] for key, item in cli["summary"].items()}
    assert on_page == in_csv == in_cli == expected
    # Specialists: the page, the CSV and the CLI.
    page_sp = {r[0]: [number(v) for v in r[1:]] for r in page["table-specialists"]}
    csv_sp = csv_rows(client.get(f"/reports/export/specialists.csv?team={nord}&{PERIOD}"))
    csv_sp = {r[0]: [number(v) for v in r[1:]] for r in csv_sp[1:]}
    cli_sp = {
        r["specialist"]: [v for k, v in r.items() if k != "specialist"] for r in cli["specialists"]
    }
    assert page_sp == csv_sp == cli_sp == EXPECTED_SHORT["specialists"]
    # Weeks, across the new year.
    page_weeks = [[r[0], *map(number, r[3:7])] for r in page["table-weekly"]]
    cli_weeks = [
        [w["week"], w["general"], w["specific"], w["total"], w["per_specialist"]]
        for w in cli["weekly"]
    ]
    assert page_weeks == cli_weeks == EXPECTED_SHORT["weekly"]
    # The matrix of specialists and weeks, each cell a link to its contacts.
    assert page["table-matrix"] == [
        ["Anna Aas", "6", "3", "2"],
        ["Bjørn Berg", "0", "7", "2"],
        ["Carl Carlsen", "2", "1", "0"],
    ]
    # Still waiting, by reference (on the page and in its CSV, never in the CLI).
    assert [r[0] for r in page["table-waiting"]] == EXPECTED_SHORT["waiting"]
    waiting_csv = csv_rows(client.get(f"/reports/export/waiting.csv?team={nord}&{PERIOD}"))
    assert [r[0] for r in waiting_csv[1:]] == EXPECTED_SHORT["waiting"]
    assert "REF-" not in result.output


def test_page_and_cli_agree_on_a_year_of_job_starts(client, login, english, dataset, run_cli):
    login(dataset.users["admin"])
    english()
    nord = dataset.teams["Nord"]
    period = f"from={YEAR_FIRST}&to={LAST}"
    page = page_tables(client.get(f"/reports/?team={nord}&{period}"))
    on_page = {row[0]: number(row[2]) for row in page["table-summary"]}
    result = run_cli(
        "report",
        "fidelity",
        "--team",
        str(nord),
        "--from",
        str(YEAR_FIRST),
        "--to",
        str(LAST),
        "--format",
        "json",
    )
    cli = json.loads(result.output)["summary"]
    for key, value in EXPECTED_YEAR.items():
        assert on_page[key] == cli[key]["value"] == value, key
    assert (cli["retention"]["count"], cli["retention"]["of"]) == (1, 2)


def test_cli_table_csv_and_weekly(dataset, run_cli):
    table = run_cli("report", "fidelity", "--team", "Nord", "--from", str(FIRST), "--to", str(LAST))
    assert table.exit_code == 0
    assert "2026-W53" in table.output and "Carl Carlsen" in table.output
    as_csv = run_cli(
        "report",
        "fidelity",
        "--team",
        "Nord",
        "--from",
        str(FIRST),
        "--to",
        str(LAST),
        "--format",
        "csv",
        "--table",
        "weekly",
    )
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0][:6] == ["week", "monday", "sunday", "general", "specific", "total"]
    assert [r[5] for r in rows[1:]] == ["8", "11", "4"]
    weekly = run_cli(
        "report", "weekly", "--specialist", "anna@example.no", "--weeks", "5", "--format", "json"
    )
    weeks = json.loads(weekly.output)["weeks"]
    # "Today" is 2027-01-20 (week 3); the 00:05 contact of 2027-01-11 is in week 2.
    assert [(w["week"], w["total"]) for w in weeks] == [
        ("2026-W52", 6),
        ("2026-W53", 3),
        ("2027-W01", 2),
        ("2027-W02", 1),
        ("2027-W03", 0),
    ]


def test_cli_explains_bad_input(dataset, run_cli):
    missing = run_cli("report", "fidelity", "--team", "Nowhere")
    assert missing.exit_code == 1 and "No team named “Nowhere”" in missing.output
    reversed_ = run_cli(
        "report", "fidelity", "--team", "Nord", "--from", "2027-01-10", "--to", "2027-01-01"
    )
    assert reversed_.exit_code == 1 and "start date" in reversed_.output
    bad = run_cli("report", "fidelity", "--team", "Nord", "--from", "2027-13-01")
    assert bad.exit_code == 2 and "2027-13-01" in bad.output
    nobody = run_cli("report", "weekly", "--specialist", "nobody@example.no")
    assert nobody.exit_code == 1 and "nobody@example.no" in nobody.output


def test_drill_down_lists_the_contacts_of_a_week(client, login, english, dataset):
    login(dataset.users["sigrid"])
    english()
    nord, anna = dataset.teams["Nord"], dataset.users["anna"]
    page = client.get(f"/reports/contacts?team={nord}&week=2026-W53")
    rows = page_tables(page)["table-contacts"]
    assert len(rows) == 11  # the team's figure for week 53
    assert "Contacts: 11" in page.get_data(as_text=True)
    mine = page_tables(
        client.get(f"/reports/contacts?team={nord}&week=2026-W53&specialist={anna.id}")
    )
    assert [(r[0], r[5]) for r in mine["table-contacts"]] == [
        ("2027-01-03", "General"),
        ("2027-01-01", "General"),
        ("2026-12-28", "REF-J1"),
    ]
    # Carl has moved to Sør, but his Nord weeks stay visible to Nord's supervisor.
    carl = dataset.users["carl"]
    carl_rows = page_tables(
        client.get(f"/reports/contacts?team={nord}&specialist={carl.id}&{PERIOD}")
    )
    assert len(carl_rows["table-contacts"]) == 3
    bad = client.get(f"/reports/contacts?team={nord}&week=2027-W53")
    assert bad.status_code == 400 and "2027-W53" in bad.get_data(as_text=True)


def test_first_contact_and_job_start_drill_downs(client, login, english, dataset):
    login(dataset.users["sigrid"])
    english()
    nord = dataset.teams["Nord"]
    tables_ = page_tables(client.get(f"/reports/first-contact?team={nord}&{PERIOD}"))
    assert [r[0] for r in tables_["table-waiting"]] == EXPECTED_SHORT["waiting"]
    cohort = {r[0]: r[4] for r in tables_["table-cohort"]}
    assert cohort == {"REF-J1": "7", "REF-J6": "15", "REF-J3": "–", "REF-J5": "6", "REF-J8": "–"}
    stale = page_tables(client.get(f"/reports/employers-without-contact?team={nord}"))
    assert [(r[0], r[4]) for r in stale["table-stale_employers"]] == [
        ("Employer E4", "233"),
        ("Employer E5", "141"),
    ]
    starts = page_tables(client.get(f"/reports/job-starts?team={nord}&from={YEAR_FIRST}&to={LAST}"))
    assert [(r[0], r[1], r[2]) for r in starts["table-job-starts"]] == [
        ("2026-06-01", "2026-07-31", "REF-J10"),
        ("2026-09-01", "–", "REF-J10"),
        ("2026-12-28", "–", "REF-J7"),
    ]


def test_specialists_see_only_their_own_figures(client, login, english, dataset):
    anna, bjorn, nord = dataset.users["anna"], dataset.users["bjorn"], dataset.teams["Nord"]
    login(anna)
    english()
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/fidelity?team={nord}").status_code == 403
    assert client.get(f"/reports/contacts?team={nord}&{PERIOD}").status_code == 403
    assert client.get(f"/reports/contacts?specialist={bjorn.id}&{PERIOD}").status_code == 403
    assert client.get(f"/reports/export/waiting.csv?specialist={bjorn.id}").status_code == 403
    own = page_tables(client.get(f"/reports/me?{PERIOD}"))
    summary = {r[0]: number(r[2]) for r in own["table-summary"]}
    assert (summary["contacts"], summary["waiting"]) == (11, 2)
    assert [r[0] for r in own["table-waiting"]] == ["REF-J7", "REF-J3"]
    # The query string cannot widen "my figures" to someone else.
    other = page_tables(client.get(f"/reports/me?{PERIOD}&specialist={bjorn.id}&team={nord}"))
    assert {r[0]: number(r[2]) for r in other["table-summary"]}["contacts"] == 11


def test_supervisors_see_their_own_team_only(client, login, english, dataset):
    login(dataset.users["tor"])
    english()
    assert client.get(f"/reports/?team={dataset.teams['Nord']}").status_code == 403
    page = client.get(f"/reports/?{PERIOD}")  # defaults to Sør
    assert "Team report: Sør" in page.get_data(as_text=True)
    assert [r[0] for r in page_tables(page)["table-waiting"]] == ["REF-J9"]
    assert client.get("/reports/?team=9999").status_code == 404
    assert client.get("/reports/?from=2026-02-30").status_code == 400
    assert client.get("/reports/export/nothing.csv").status_code == 404


def test_printable_fidelity_review(client, login, english, dataset):
    login(dataset.users["sigrid"])
    english()
    response = client.get(f"/reports/fidelity?team={dataset.teams['Nord']}&quarter=2026-Q4")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fidelity review 2026-Q4" in html and "reports-print.css" in html
    summary = {r[0]: number(r[2]) for r in page_tables(response)["table-summary"]}
    # Q4 2026 (to 2026-12-31): Anna 8 (with the one of 12-20), Bjørn 7, Carl 3.
    assert summary["contacts"] == 18
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert client.get("/reports/fidelity?quarter=2026-Q9").status_code == 400


def test_csv_export_is_safe_for_spreadsheets(client, login, english, dataset, app):
    from ipscrm.extensions import db

    with app.app_context():
        from ipscrm.models import Employer

        employer = db.session.get(Employer, dataset.employers["E5"].id)
        employer.name = '=HYPERLINK("http://evil")'
        db.session.commit()
    login(dataset.users["sigrid"])
    english()
    rows = csv_rows(client.get(f"/reports/export/stale_employers.csv?team={dataset.teams['Nord']}"))
    assert rows[0] == ["Employer", "Owner", "Stage", "Last contact", "Days since"]
    assert rows[2][0].startswith("'=")
    assert rows[2][2] == "Introduced"


def test_norwegian_page(client, login, dataset):
    login(dataset.users["sigrid"])
    html = client.get(f"/reports/?team={dataset.teams['Nord']}&{PERIOD}").get_data(as_text=True)
    assert "Rapport for team Nord" in html
    assert "2,6" in html  # contacts per specialist per week, with a decimal comma


def test_empty_team_and_empty_own_figures(client, login, english, dataset, app):
    with app.app_context():
        from tests.factories import Factory

        empty = Factory().team("Tom").id
    login(dataset.users["admin"])
    english()
    tables_ = page_tables(client.get(f"/reports/?team={empty}&{PERIOD}"))
    summary = {r[0]: r[2] for r in tables_["table-summary"]}
    assert (summary["specialists"], summary["contacts"], summary["competitive"]) == ("0", "0", "–")
    own = page_tables(client.get(f"/reports/me?{PERIOD}"))
    assert {r[0]: r[2] for r in own["table-summary"]}["contacts"] == "0"

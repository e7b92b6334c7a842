"""Import readers: encodings, delimiters, header rows, register JSON, Excel sheets with
merged header cells, .gz files. No database."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import openpyxl
import pytest

from ipscrm.importing import readers
from ipscrm.importing.columns import ColumnMatcher, MappingError, load_mapping
from ipscrm.importing.dedupe import NumberSet
from ipscrm.importing.filters import Filters
from ipscrm.importing.sources import UnreadableFile, inspect_source, sniff_delimiter
from ipscrm.importing.validate import build_record

FIXTURES = Path(__file__).parent / "fixtures" / "import"
MATCHER = ColumnMatcher()


def rows_of(path, **kwargs):
    info = inspect_source(path, kwargs.pop("fmt", "auto"))
    known = lambda text: MATCHER.key_for(text) is not None  # noqa: E731
    return info, list(readers.read_rows(info, MATCHER.score, known, **kwargs))


def record_of(raw):
    return build_record(raw.number, raw.values, MATCHER.plan(raw.headers))


def make_workbook(path: Path) -> Path:
    """Two sheets: 'Oslo' with a merged title row and a two-row header (Navn and Org.nr
    merged down, Adresse merged across Gate | Postnr | Poststed), 'Bergen' plain."""
    wb = openpyxl.Workbook()
    oslo = wb.active
    oslo.title = "Oslo"
    oslo["A1"] = "Arbeidsgivere i Oslo, mars 2026"
    oslo.merge_cells("A1:F1")
    oslo["A2"], oslo["B2"], oslo["C2"], oslo["F2"] = "Navn", "Org.nr", "Adresse", "Kommunenr"
    oslo.merge_cells("A2:A3")
    oslo.merge_cells("B2:B3")
    oslo.merge_cells("C2:E2")
    oslo.merge_cells("F2:F3")
    oslo["C3"], oslo["D3"], oslo["E3"] = "Gate", "Postnr", "Poststed"
    oslo.append(["Bakeriet på Torget AS", 974760673, "Torggata 1", 181, "Oslo", 301])
    oslo.append([None, None, None, None, None, None])
    oslo.append(["Kafé Ørken", None, "Storgata 9", 150.0, "Oslo", "0301"])
    bergen = wb.create_sheet("Bergen")
    bergen.append(["Bedrift", "Organisasjonsnummer", "Postnr", "Antall ansatte"])
    bergen.append(["Fisketorget Bergen AS", "810034882", 5014, 14])
    notes = wb.create_sheet("Notater")
    notes.append(["Lista er laget av NAV Grünerløkka."])
    wb.save(path)
    return path


def test_register_csv_keeps_newlines_and_ignores_unknown_columns():
    info, rows = rows_of(FIXTURES / "enheter.csv")
    assert (info.format, info.encoding, info.delimiter) == ("brreg-csv", "utf-8-sig", ",")
    first = record_of(rows[0])
    assert first.data["business_address"] == "Torggata 1\nBakgården"
    assert first.data["phone"] == "912 34 567"  # `mobil` when `telefon` is empty
    assert "nyKolonneFra2026" in MATCHER.plan(rows[0].headers).unknown_headers()
    # line numbers where each record starts, past the multi-line fields
    assert [r.number for r in rows][:2] == [2, 5]
    assert len(rows) == 6  # the trailing blank line is not a row


def test_windows_1252_semicolons_and_lost_leading_zeros():
    info, rows = rows_of(FIXTURES / "excel_1252.csv")
    assert (info.format, info.encoding, info.delimiter) == ("csv", "cp1252", ";")
    record = record_of(rows[0])
    assert record.data["name"] == "Rørlegger Øst AS"
    assert record.data["business_postcode"] == "0150"
    assert record.data["business_municipality_number"] == "0301"
    assert record.extras["contact_person"] == "Åse Ødegård"
    assert record.data["industry_description_1"] == "Rørleggerarbeid"
    assert record_of(rows[1]).data["industry_code_1"] == "47.761"


def test_utf8_bom_tab_and_gzip(tmp_path):
    path = tmp_path / "liste.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8-sig") as fh:
        fh.write("Navn\tPostnr\n\nÆrlig Øl\t0150\t\t\n")
    info, rows = rows_of(path)
    assert info.gzipped and info.delimiter == "\t" and info.format == "csv"
    assert [record_of(r).data["name"] for r in rows] == ["Ærlig Øl"]


def test_header_row_found_below_a_title_line(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Eksport fra Kundesystem 2026;;\nBedriftsnavn;Org nr;E-post\nA;;a@b.no\n")
    _, rows = rows_of(path)
    assert [record_of(r).data["name"] for r in rows] == ["A"]


def test_unreadable_inputs(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "noheader.csv").write_text("a,b\n1,2\n")
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(UnreadableFile, match="empty"):
        rows_of(tmp_path / "empty.csv")
    with pytest.raises(UnreadableFile, match="no known column headers"):
        rows_of(tmp_path / "noheader.csv")
    with pytest.raises(UnreadableFile, match="Excel"):
        rows_of(tmp_path / "fake.xlsx")


def test_register_json_nested_addresses_and_lines():
    info, rows = rows_of(FIXTURES / "enheter.json")
    assert info.format == "brreg-json"
    record = record_of(rows[0])
    assert record.data["business_address"] == "Kirkegata 5\n3. etasje"
    assert record.data["employee_count"] == 23
    assert record.data["bankrupt"] is False
    assert record_of(rows[1]).data["postal_address"] == "Postboks 77"
    assert record_of(rows[2]).error.field == "name"


def test_json_streams_across_chunks_and_api_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK", 64)
    items = [
        {"organisasjonsnummer": "974760673", "navn": f"Navn {i} " + "x" * 50} for i in range(20)
    ]
    (tmp_path / "a.json").write_text(json.dumps(items))
    _, rows = rows_of(tmp_path / "a.json")
    assert [record_of(r).data["name"] for r in rows] == [i["navn"] for i in items]
    page = {"_embedded": {"enheter": items[:3]}, "page": {"size": 3}}
    (tmp_path / "b.json").write_text(json.dumps(page))
    assert len(rows_of(tmp_path / "b.json")[1]) == 3
    (tmp_path / "c.json").write_text(json.dumps(items[:2])[:-30])  # cut off
    _, rows = rows_of(tmp_path / "c.json")
    assert rows[-1].error and "invalid JSON" in rows[-1].error


def test_xlsx_two_sheets_merged_header_cells(tmp_path):
    path = make_workbook(tmp_path / "liste.xlsx")
    info, rows = rows_of(path)
    assert info.format == "xlsx"
    records = [(r.sheet, r.number, record_of(r).data) for r in rows]
    assert [(s, n) for s, n, _ in records] == [("Oslo", 4), ("Oslo", 6), ("Bergen", 2)]
    first = records[0][2]
    assert first["organisation_number"] == "974760673"
    assert first["business_address"] == "Torggata 1"
    assert first["business_postcode"] == "0181"
    assert first["business_place"] == "Oslo"
    assert first["business_municipality_number"] == "0301"
    assert records[1][2]["business_postcode"] == "0150"
    assert records[2][2]["employee_count"] == 14
    _, only = rows_of(path, sheet="Bergen")
    assert [r.sheet for r in only] == ["Bergen"]
    with pytest.raises(UnreadableFile, match="no sheet named"):
        rows_of(path, sheet="Trondheim")


def test_mapping_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"Firma X": "name", "Nr": "organisation_number", "Kommune": None}))
    matcher = ColumnMatcher(load_mapping(path))
    plan = matcher.plan(["Firma X", "Nr", "Kommune"])
    assert plan.columns == {"name": [0], "organisation_number": [1]}
    path.write_text(json.dumps({"Firma X": "firmanavn"}))
    with pytest.raises(MappingError, match="Unknown field"):
        load_mapping(path)


def test_optional_fields_are_dropped_not_the_row():
    plan = MATCHER.plan(["Navn", "Postnr", "E-post", "Nettside", "Antall ansatte", "Konkurs"])
    record = build_record(2, ["Firma", "12345", "x@", "not a url", "mange", "kanskje"], plan)
    assert record.error is None
    assert {w.field for w in record.warnings} == {
        "business_postcode", "email", "website", "employee_count", "bankrupt",
    }  # fmt: skip
    assert "business_postcode" not in record.data


def test_filters():
    plan = MATCHER.plan(["Navn", "Kommunenr", "Næringskode", "Antall ansatte", "Konkurs"])
    rec = build_record(2, ["A", "301", "56.101", "4", "false"], plan)
    assert Filters.build(["0301"], ["56"], 4).reason(rec) is None
    assert Filters.build(["4601"]).reason(rec) == "municipality not selected"
    assert Filters.build(industries=["47"]).reason(rec) == "industry not selected"
    assert Filters.build(industries=["56.10"]).reason(rec) is None
    assert Filters.build(min_employees=5).reason(rec) == "fewer employees than the minimum"
    closed = build_record(3, ["B", "301", "", "", "true"], plan)
    assert Filters.build().reason(closed) == "closed (bankrupt)"
    assert Filters.build(include_closed=True).reason(closed) is None


def test_number_set():
    seen = NumberSet()
    assert seen.add(974760673) and not seen.add(974760673)
    assert 974760673 in seen and 810034882 not in seen


def test_delimiter_sniffing_ignores_quoted_commas():
    assert sniff_delimiter('"Navn, fullt";"Postnr"\n') == ";"
    assert sniff_delimiter("Navn\n") == ","


def test_every_alias_is_documented():
    from ipscrm.importing.columns import ALIASES

    docs = (Path(__file__).parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    missing = [
        f"{key}: {alias}"
        for key, aliases in ALIASES.items()
        for alias in [key, *aliases]
        if f"`{alias}`" not in docs
    ]
    assert missing == []


def test_damaged_gzip_and_workbook(tmp_path):
    good = gzip.compress(("Navn\n" + "Firma\n" * 5000).encode())
    (tmp_path / "cut.csv.gz").write_bytes(good[: len(good) // 2] + b"\x00" * 50)
    with pytest.raises(UnreadableFile, match="cannot be read"):
        rows_of(tmp_path / "cut.csv.gz")
    book = make_workbook(tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "damaged.xlsx").write_bytes(book[: len(book) // 2])
    with pytest.raises(UnreadableFile, match="Excel"):
        rows_of(tmp_path / "damaged.xlsx")

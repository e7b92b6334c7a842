"""The employer list's search box: a substring of the name or the place, whatever the
case (Æ, Ø and Å too), found from the text index (ipscrm/models/employer_text.py) for
terms of three characters or more and by other means for shorter ones; the index follows
every way employers change (forms, archive, import, undo, migration of a full database).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipscrm import create_app
from ipscrm.extensions import db
from ipscrm.models import Employer, Stage, employer_text
from ipscrm.services import employer_queries, employer_text_match, employers
from ipscrm.services.employer_queries import EmployerFilter, list_employers
from ipscrm.validation import orgnr_check_digit
from tests.factories import make_orgnr
from tests.support import PG_URL, base_config, dispose, fresh_database, migrate_to_head


def names(q: str = "", page_size: int = 50, **filters) -> list[str]:
    db.session.rollback()  # see what other connections (the CLI) committed
    page = list_employers(EmployerFilter(q=q, **filters), page_size)
    return [e.name for e in page.rows]


@pytest.fixture
def some(factory):
    factory.employer(name="Bakeriet Tøyen AS", business_place="Oslo")
    factory.employer(name="Bakeriet Toyen AS", business_place="Oslo")
    factory.employer(name="Fiskebutikken AS", business_place="Bærum")
    factory.employer(name="ÆRLIGE ÅLESUND MAT AS", business_place="Ålesund")
    factory.employer(name="Bø Sag AS", business_place="Bø i Telemark")
    factory.employer(name="100% Rør AS", business_place="Bergen")
    factory.employer(name="Snekker_Data AS", business_place="Molde")
    factory.employer(name='Kafé "Sitat" AS', business_place="O'Hara")
    factory.employer(name="Uten sted AS", business_place=None)


def test_substring_anywhere_in_name_or_place_ignoring_case(some):
    assert names("keriet t") == ["Bakeriet Toyen AS", "Bakeriet Tøyen AS"]  # mid-word
    assert names("TØYEN") == ["Bakeriet Tøyen AS"]  # Ø is not O, but is ø
    assert names("tøyen") == names("TøYeN") == ["Bakeriet Tøyen AS"]
    assert names("toyen") == ["Bakeriet Toyen AS"]
    assert names("bÆRUM") == ["Fiskebutikken AS"]  # the place
    assert names("ærlige ålesund") == ["ÆRLIGE ÅLESUND MAT AS"]
    assert names("ålesund") == ["ÆRLIGE ÅLESUND MAT AS"]  # in name and place: once
    assert names("telemark") == ["Bø Sag AS"]
    assert names("utensted") == [] and names("oslo bakeriet") == []


@pytest.mark.parametrize("share", [0.0, 2.0], ids=["common", "rare"])
def test_one_and_two_character_terms(some, share, monkeypatch):
    # PostgreSQL reads a common short term, and looks a rare one up in an index.
    monkeypatch.setattr(employer_text_match, "COMMON_SHARE", share)
    assert names("ø") == ["100% Rør AS", "Bakeriet Tøyen AS", "Bø Sag AS"]
    assert names("Ø") == names("ø")
    assert names("bø") == ["Bø Sag AS"]  # not "Bakeriet", "Bergen", ...
    assert names("BØ") == ["Bø Sag AS"]
    assert names("æ") == ["Fiskebutikken AS", "ÆRLIGE ÅLESUND MAT AS"]
    assert names("KK") == ["Fiskebutikken AS", "Snekker_Data AS"]
    assert names("'h") == ['Kafé "Sitat" AS']
    assert names("q") == []


def test_wildcards_and_quotes_are_plain_characters(some):
    assert names("100%") == ["100% Rør AS"]
    assert names("%") == ["100% Rør AS"]
    assert names("0% r") == ["100% Rør AS"]
    assert names("r_d") == ["Snekker_Data AS"]
    assert names("_") == ["Snekker_Data AS"]
    assert names("rød") == [] and names("r%r") == []  # no wildcards
    assert names('"sitat"') == ['Kafé "Sitat" AS']
    assert names('"') == ['Kafé "Sitat" AS']
    assert names('é "si') == ['Kafé "Sitat" AS']
    assert names("o'hara") == ['Kafé "Sitat" AS']
    assert names("*") == [] and names("[a]") == [] and names("a?") == []


def _orgnr(first: str) -> str:
    """A valid organisation number starting with ``first`` (unlike the factory's)."""
    for n in range(100):
        eight = f"{first}{n:02d}".ljust(8, "0")[:8]
        check = orgnr_check_digit(eight)
        if check is not None:
            return f"{eight}{check}"
    raise AssertionError(first)


def test_organisation_number_prefix_and_digits_in_names(factory):
    number = _orgnr("812345")
    factory.employer(name="Nummeret AS", organisation_number=number)
    factory.employer(name=f"Firma {number[:4]} AS")
    factory.employer(name="Andre AS")
    assert names(number[:4]) == [f"Firma {number[:4]} AS", "Nummeret AS"]
    assert names(number[:2]) == [f"Firma {number[:4]} AS", "Nummeret AS"]
    assert names(" ".join([number[:3], number[3:6], number[6:]])) == ["Nummeret AS"]


def test_index_follows_create_edit_rename_and_archive(factory):
    user = factory.user()
    shop = factory.employer(user, name="Gamle Navnet AS", business_place="Hamar")
    assert names("navnet") == ["Gamle Navnet AS"]
    employers.update_employer(shop.id, {"name": "Nye Firmaet AS"}, user.id)
    assert names("navnet") == [] and names("firmaet") == ["Nye Firmaet AS"]
    employers.update_employer(shop.id, {"business_place": "Tønsberg"}, user.id)
    assert names("hamar") == [] and names("tønsberg") == ["Nye Firmaet AS"]
    employers.update_employer(shop.id, {"employee_count": 12}, user.id)  # other fields
    assert names("firmaet") == ["Nye Firmaet AS"]
    employers.set_archived(shop.id, True, user.id)
    assert names("firmaet") == []
    assert names("firmaet", archived="yes") == ["Nye Firmaet AS"]
    assert names("firmaet", archived="all") == ["Nye Firmaet AS"]
    employers.set_archived(shop.id, False, user.id)
    assert names("firmaet") == ["Nye Firmaet AS"]
    db.session.execute(sa.delete(Employer).where(Employer.id == shop.id))
    db.session.commit()
    assert names("firmaet") == []


def test_combined_with_filters_sorting_and_pages(factory, app):
    user = factory.user()
    for i, (place, number) in enumerate(
        [("Oslo", "0301"), ("Bergen", "4601"), ("Oslo", "0301"), ("Oslo", "0301")]
    ):
        factory.employer(
            name=f"Kantine {'DCBA'[i]} AS",
            business_place=place,
            business_municipality_number=number,
            stage=Stage.ACTIVE if i != 3 else Stage.IDENTIFIED,
            owner_id=user.id,
        )
    gone = factory.employer(name="Kantinen i Bergen AS", business_place="Bergen")
    employers.set_archived(gone.id, True, None)
    assert names("kantine", municipality="0301", sort="name") == [
        "Kantine A AS",
        "Kantine B AS",
        "Kantine D AS",
    ]
    assert names("ANTINE", municipality="0301", stage="active_relationship", sort="-name") == [
        "Kantine D AS",
        "Kantine B AS",
    ]
    assert names("kantine", sort="place") == [
        "Kantine C AS",
        "Kantine A AS",
        "Kantine B AS",
        "Kantine D AS",
    ]
    assert names("bergen", archived="all", sort="-created") == [
        "Kantinen i Bergen AS",
        "Kantine C AS",
    ]
    assert names("kantine", owner_id=user.id, sort="-last_contact") == [
        "Kantine D AS",
        "Kantine C AS",
        "Kantine B AS",
        "Kantine A AS",
    ]
    db.session.rollback()
    first = list_employers(EmployerFilter(q="kantine", sort="name"), page_size=3)
    second = list_employers(EmployerFilter(q="kantine", sort="name", page=2), page_size=3)
    assert [e.name for e in first.rows + second.rows] == [
        "Kantine A AS",
        "Kantine B AS",
        "Kantine C AS",
        "Kantine D AS",
    ]
    assert (first.total, first.pages, second.first) == (4, 2, 4)


def test_common_terms_give_the_same_pages(factory, monkeypatch):
    """More matches than the count's cap (a common term) are read in the sort order; fewer
    are sorted from the ids found: the same rows in the same order either way."""
    for i in range(7):
        employer = factory.employer(
            name=f"Felles {i % 3} Hage {i} AS", business_place=f"By {i % 2}"
        )
    employers.set_archived(employer.id, True, None)
    for i in range(3):
        factory.employer(name=f"Felles {i} AS", business_place=f"Felles {i}")

    def pages(q: str, **filters) -> list[tuple]:
        return [
            (p.page, [e.name for e in p.rows])
            for sort in ("name", "-name", "place", "-created", "-last_contact", "last_contact")
            for number in (1, 2, 3)
            for p in [list_employers(EmployerFilter(q=q, sort=sort, page=number, **filters), 1)]
        ]

    for q, filters in [("felles", {}), ("hage", {"archived": "all"}), ("e", {}), ("by 1", {})]:
        few = pages(q, **filters)
        monkeypatch.setattr(employer_queries, "TEXT_COUNT_CAP", 2)  # 3 pages: all capped
        assert pages(q, **filters) == few, q
        monkeypatch.undo()
    capped = list_employers(EmployerFilter(q="felles"), 2)
    assert (capped.total, capped.capped, capped.pages) == (9, False, 5)
    assert [e.name for e in capped.rows] == ["Felles 0 AS", "Felles 0 Hage 0 AS"]


def test_count_is_capped_for_text_searches(factory, monkeypatch):
    monkeypatch.setattr(employer_queries, "TEXT_COUNT_CAP", 3)
    for i in range(6):
        factory.employer(name=f"Mange {i} AS")
    page = list_employers(EmployerFilter(q="mange"), page_size=2)
    assert (page.total, page.capped, page.pages) == (3, True, 3)
    page = list_employers(EmployerFilter(q="ange 5"), page_size=2)
    assert (page.total, page.capped) == (1, False)


def _write_register_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ['"organisasjonsnummer","navn","forretningsadresse.poststed"']
    lines += [f'"{number}","{name}","{place}"' for number, name, place in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_index_follows_import_reimport_and_undo(run_cli, app_ctx, tmp_path):
    first = _write_register_csv(
        tmp_path / "first.csv",
        [
            (make_orgnr(501), "SJØBUA RESTAURANT AS", "ÅLESUND"),
            (make_orgnr(502), "VERKSTED AS", "HAMAR"),
        ],
    )
    result = run_cli("import", "employers", str(first), "--json")
    assert json.loads(result.output)["created"] == 2, result.output
    assert names("sjøbua") == ["SJØBUA RESTAURANT AS"]
    assert names("Ålesund") == ["SJØBUA RESTAURANT AS"]
    renamed = _write_register_csv(
        tmp_path / "renamed.csv",
        [(make_orgnr(501), "SJØBUA BISTRO AS", "MOLDE"), (make_orgnr(502), "VERKSTED AS", "HAMAR")],
    )
    second = json.loads(run_cli("import", "employers", str(renamed), "--json").output)
    assert second["updated"] == 1 and second["unchanged"] == 1
    assert names("restaurant") == [] and names("ålesund") == []
    assert names("bistro") == ["SJØBUA BISTRO AS"] and names("molde") == ["SJØBUA BISTRO AS"]
    assert run_cli("import", "undo", str(second["batch"])).exit_code == 0
    assert names("restaurant") == ["SJØBUA RESTAURANT AS"] and names("bistro") == []
    first_batch = json.loads(run_cli("import", "list", "--json").output)[-1]["batch"]
    assert run_cli("import", "undo", str(first_batch)).exit_code == 0
    assert names("sjøbua") == [] and names("verksted") == []


def test_upgrade_of_a_populated_database_fills_the_index(tmp_path, monkeypatch):
    from flask_migrate import upgrade

    from ipscrm.cli import cli

    with fresh_database(tmp_path) as url:
        app = create_app(base_config(tmp_path, url))
        try:
            with app.app_context():
                upgrade(revision="0003_employer_web")
                db.session.execute(
                    sa.insert(Employer),
                    [
                        {
                            "name": name,
                            "business_place": place,
                            "stage": "identified",
                            "archived": False,
                            "source": "manual",
                            "job_types": [],
                        }
                        for name, place in [("Gamle Bakeri AS", "Tromsø"), ("Annen AS", "Oslo")]
                    ],
                )
                db.session.commit()
            monkeypatch.setenv("IPSCRM_DATABASE_URL", url)
            monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path / "instance"))
            monkeypatch.setenv("IPSCRM_SEARCH_INDEX_DIR", str(tmp_path / "search-index"))
            from click.testing import CliRunner

            result = CliRunner().invoke(cli, ["db", "upgrade"], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            with app.app_context():
                assert names("TROMSØ") == ["Gamle Bakeri AS"]
                assert names("bakeri") == ["Gamle Bakeri AS"]
                assert names("msø") == ["Gamle Bakeri AS"]
        finally:
            dispose(app)


def _text_index_objects(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                rows = conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE name LIKE 'employers_fts%'"
                )
            else:
                rows = conn.exec_driver_sql(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'employers' "
                    "AND indexname IN ('ix_employers_name_trgm', 'ix_employers_place_trgm', "
                    "'ix_employers_text_grams') UNION ALL SELECT proname FROM pg_proc "
                    "WHERE proname = 'ipscrm_employer_grams'"
                )
            return {name for (name,) in rows}
    finally:
        engine.dispose()


def test_migration_creates_and_drops_the_index(tmp_path):
    from flask_migrate import downgrade

    with fresh_database(tmp_path) as url:
        app = create_app(base_config(tmp_path, url))
        try:
            migrate_to_head(app)
            if PG_URL:
                expected = {*employer_text.TRIGRAM_INDEXES, employer_text.GRAMS_INDEX}
                expected.add(employer_text.GRAMS_FUNCTION)
            else:
                expected = {employer_text.FTS_TABLE, *employer_text.TRIGGERS}
            assert expected <= _text_index_objects(url)
            with app.app_context():
                downgrade(revision="0003_employer_web")
            assert _text_index_objects(url) == set()
            migrate_to_head(app)
            assert expected <= _text_index_objects(url)
        finally:
            dispose(app)


def test_search_works_without_the_trigram_index(tmp_path, monkeypatch, caplog):
    """Where the database cannot build the trigram index (no pg_trgm; a SQLite without
    the trigram tokenizer), the migration warns and the search reads the table."""
    if PG_URL:
        monkeypatch.setattr(employer_text, "TRIGRAM_EXTENSION", "ipscrm_no_such_extension")
    else:
        monkeypatch.setattr(employer_text, "FTS_TOKENIZER", "ipscrm_no_such_tokenizer")
    with fresh_database(tmp_path) as url:
        app = create_app(base_config(tmp_path, url))
        try:
            with caplog.at_level(logging.WARNING, logger="ipscrm.models.employer_text"):
                migrate_to_head(app)
            assert "employer search reads" in caplog.text
            objects = _text_index_objects(url)
            assert not objects & {*employer_text.TRIGRAM_INDEXES, employer_text.FTS_TABLE}
            with app.app_context():
                employers.create_employer({"name": "Bakeriet Tøyen AS"}, None)
                employers.create_employer({"name": "Bø Sag AS"}, None)
                assert names("TØYEN") == ["Bakeriet Tøyen AS"]
                assert names("keri") == ["Bakeriet Tøyen AS"]
                assert names("bø") == ["Bø Sag AS"]
        finally:
            dispose(app)


def test_employer_pickers_find_names_any_case_and_the_organisation_number_first(
    some, factory, client, login
):
    pick = employer_text_match.pick_employers
    assert [c.name for c in pick("tøy")] == ["Bakeriet Tøyen AS"]
    assert [c.name for c in pick("ærlige")] == ["ÆRLIGE ÅLESUND MAT AS"]  # Æ folds on SQLite too
    assert [c.name for c in pick("ØYEN")] == ["Bakeriet Tøyen AS"]
    assert [c.name for c in pick("bakeriet", limit=1)] == ["Bakeriet Toyen AS"]
    assert pick("100%") and pick("_Data") and not pick("") and not pick("zzz")
    number = make_orgnr(77_001)
    named = factory.employer(name="Rør 910 AS", organisation_number=number)
    factory.employer(name=f"Lager {number} AS")
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert [c.name for c in pick(number)] == ["Rør 910 AS", f"Lager {number} AS"]
    assert pick(spaced) == [(named.id, "Rør 910 AS", None)]  # as written in the register
    employers.set_archived(named.id, True, None)
    assert [c.name for c in pick(number)] == [f"Lager {number} AS"]
    # Both forms' pickers use it: the contact form's first step and the job start list.
    user = factory.user()
    login(user)
    page = client.get("/contacts/new", query_string={"q": "TØYEN"}).get_data(as_text=True)
    assert "Bakeriet Tøyen AS" in page and "Bakeriet Toyen AS" not in page
    options = client.get("/jobseekers/employer-options", query_string={"q": "øyen"}).json
    assert [o["label"] for o in options] == ["Bakeriet Tøyen AS (Oslo)"]

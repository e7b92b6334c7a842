"""Property-based tests: whatever bytes or rows come in, the importer never raises
anything but a clear "cannot import this file" error, the counts always add up, and
importing the same rows again creates nothing."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipscrm.extensions import db
from ipscrm.importing.columns import ColumnMatcher
from ipscrm.importing.validate import build_record
from ipscrm.models import Employer
from ipscrm.services.imports import ImportFileError, ImportOptions, run_import
from tests.factories import make_orgnr

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADERS = ["Navn", "Org.nr", "Postnr", "Kommunenr", "E-post", "Antall ansatte", "Konkurs"]
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
values = {
    "Navn": st.one_of(text, st.sampled_from(["Kiwi AS", "KIWI", "Bakeriet på Torget", ""])),
    "Org.nr": st.one_of(
        text,
        st.integers(1, 60).map(make_orgnr),
        st.sampled_from(["123456789", "97476067", "974 760 673", ""]),
    ),
    "Postnr": st.one_of(text, st.integers(0, 99999).map(str)),
    "Kommunenr": st.one_of(text, st.sampled_from(["301", "0301", "5001", "x"])),
    "E-post": st.one_of(text, st.just("post@example.no")),
    "Antall ansatte": st.one_of(text, st.integers(-5, 10**9).map(str)),
    "Konkurs": st.one_of(text, st.sampled_from(["true", "false", "ja", ""])),
}
rows = st.lists(st.fixed_dictionaries(values), max_size=25)


def leave_the_index_to_the_worker(app) -> None:
    """Hypothesis seeds ``random`` for every example, so Whoosh would pick the same segment
    names again in one index folder; these tests are about the import's counts."""
    app.config["SEARCH_SYNC"] = "worker"


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".json", ".xlsx", ".txt"]))
def test_random_bytes_never_crash(app_ctx, tmp_path, data, suffix):
    leave_the_index_to_the_worker(app_ctx)
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        summary = run_import([path], ImportOptions(rejects_path=str(tmp_path / "r.csv")))
    except ImportFileError as err:
        assert str(err)
        return
    assert summary.adds_up


@SETTINGS
@given(
    data=rows,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_random_rows_counts_add_up_and_reimport_creates_nothing(
    app_ctx, tmp_path, data, delimiter, encoding
):
    leave_the_index_to_the_worker(app_ctx)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows([[row[h] for h in HEADERS] for row in data])
    path = tmp_path / "rows.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    options = ImportOptions(rejects_path=str(tmp_path / "r.csv"), include_closed=True)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Employer))
    first = run_import([path], options)
    assert first.adds_up
    assert first.read <= len(data)  # blank rows are not rows
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Employer))
    assert after - before == first.created
    second = run_import([path], options)
    assert second.adds_up and second.created == 0 and second.read == first.read


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(text, max_size=10), headers=st.lists(text, max_size=10))
def test_build_record_never_raises(cells, headers):
    plan = ColumnMatcher().plan(["Navn", "Org.nr", "Postnr", "Bransje", *headers])
    record = build_record(2, cells, plan)
    assert record.error is not None or record.data.get("name")

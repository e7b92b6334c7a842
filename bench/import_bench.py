"""Benchmark of ``ipscrm import employers`` against a baseline, in the same run.

Generates a register-format CSV (the columns of Enhetsregisteret's ``enheter`` download,
every field quoted, some fields with newlines, extra columns the importer does not know)
and imports it into SQLite and PostgreSQL:

- baseline: the same rows parsed with the csv module, inserted with one executemany, and
  indexed with a bare Whoosh writer on the real employer search schema
  (``ipscrm.search.schema.build_schema``, plugin fields included) with the same documents
  the search module writes for a freshly imported employer;
- ipscrm: the real service (``run_import``: sniffing, hashing, header mapping,
  validation, duplicate check, batched upsert, before-images, search outbox, import
  batch, then the bulk search index update ``sync.apply_bulk``).

Both are timed end to end; the table also shows the split: "db" is everything up to the
last commit, "index" the Whoosh part (for ipscrm: ``update_search_index``). Each
measurement runs in a fresh child process, so the reported peak memory (ru_maxrss) is
that of one import only (the baseline holds all rows in memory; ipscrm streams); "ix proc
MB" is the peak of the largest index build process the import forked (a large import is
indexed by one process per core, see ``SEARCH_BUILD_PROCESSES``), so the import's total
is at most "peak MB" plus that many times "ix proc MB".
The CPU columns (process time of the child and its build processes; on SQLite that
includes the database's work)
are the fairer comparison on a busy machine, where wall-clock time mostly measures waiting.

    .venv/bin/python bench/import_bench.py                 # 100,000 rows
    .venv/bin/python bench/import_bench.py --rows 1000000  # also 1M (peak memory check)
    .venv/bin/python bench/import_bench.py --db sqlite --rows 20000
    .venv/bin/python bench/import_bench.py --db sqlite --rows 1000000 --only service
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get(
    "IPSCRM_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_importperf"
)
HEADERS = [
    "organisasjonsnummer", "navn", "organisasjonsform.kode", "organisasjonsform.beskrivelse",
    "registreringsdatoEnhetsregisteret", "registrertIMvaregisteret", "naeringskode1.kode",
    "naeringskode1.beskrivelse", "naeringskode2.kode", "naeringskode2.beskrivelse",
    "antallAnsatte", "hjemmeside", "postadresse.adresse", "postadresse.poststed",
    "postadresse.postnummer", "postadresse.kommune", "postadresse.kommunenummer",
    "forretningsadresse.adresse", "forretningsadresse.poststed",
    "forretningsadresse.postnummer", "forretningsadresse.kommune",
    "forretningsadresse.kommunenummer", "forretningsadresse.land", "institusjonellSektorkode.kode",
    "konkurs", "underAvvikling", "underTvangsavviklingEllerTvangsopplosning",
    "maalform", "vedtektsfestetFormaal", "aktivitet",
]  # fmt: skip
# register column -> employer field, for the baseline
FIELDS = {
    "organisasjonsnummer": "organisation_number",
    "navn": "name",
    "organisasjonsform.kode": "organisation_form",
    "naeringskode1.kode": "industry_code_1",
    "naeringskode1.beskrivelse": "industry_description_1",
    "naeringskode2.kode": "industry_code_2",
    "naeringskode2.beskrivelse": "industry_description_2",
    "antallAnsatte": "employee_count",
    "hjemmeside": "website",
    "postadresse.adresse": "postal_address",
    "postadresse.poststed": "postal_place",
    "postadresse.postnummer": "postal_postcode",
    "postadresse.kommune": "postal_municipality",
    "postadresse.kommunenummer": "postal_municipality_number",
    "forretningsadresse.adresse": "business_address",
    "forretningsadresse.poststed": "business_place",
    "forretningsadresse.postnummer": "business_postcode",
    "forretningsadresse.kommune": "business_municipality",
    "forretningsadresse.kommunenummer": "business_municipality_number",
    "konkurs": "bankrupt",
    "underAvvikling": "under_liquidation",
    "underTvangsavviklingEllerTvangsopplosning": "under_forced_liquidation",
}
PLACES = [("0150", "OSLO", "0301"), ("5003", "BERGEN", "4601"), ("7010", "TRONDHEIM", "5001"),
          ("9008", "TROMSØ", "5501"), ("1350", "LOMMEDALEN", "3024"), ("6002", "ÅLESUND", "1508")]  # fmt: skip
INDUSTRIES = [("56.101", "Drift av restauranter og kafeer"), ("47.110", "Butikkhandel med bredt vareutvalg"),
              ("10.710", "Produksjon av brød og ferske konditorvarer"), ("86.211", "Allmenn legetjeneste"),
              ("43.220", "Rørleggerarbeid"), ("49.410", "Godstransport på vei")]  # fmt: skip
WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr(seed: int) -> str:
    n = seed
    while True:
        first = f"{800_000_00 + n:08d}"[-8:]
        r = sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11
        if r != 1:
            return first + str(0 if r == 0 else 11 - r)
        n += 1


def generate(path: Path, rows: int) -> None:
    rnd = random.Random(2026)
    used: set[str] = set()
    seed = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADERS)
        for i in range(rows):
            while True:
                seed += rnd.randint(1, 9)
                number = orgnr(seed)
                if number not in used:
                    break
            used.add(number)
            if len(used) > 200_000:
                used.clear()  # seeds only grow, old numbers cannot come back
            postcode, place, municipality = rnd.choice(PLACES)
            code, description = rnd.choice(INDUSTRIES)
            lines = f"Storgata {i % 200 + 1}" + ("\nBakgården" if i % 7 == 0 else "")
            writer.writerow([
                number, f"FIRMA {i} ÆØÅ AS", "AS", "Aksjeselskap", "2001-01-01", "true", code,
                description, "", "", str(rnd.randint(0, 500)),
                f"www.firma{i}.no" if i % 3 == 0 else "", "Postboks 1", place, postcode, place,
                municipality, lines, place, postcode, place, municipality, "Norge", "2100",
                "false", "false", "false", "Bokmål",
                "Drive handel\nog annen virksomhet" if i % 5 == 0 else "", "",
            ])  # fmt: skip


# --- children ---------------------------------------------------------------------------------


def _app(url: str, tmp: Path):
    from ipscrm import create_app

    os.environ["IPSCRM_INSTANCE_PATH"] = str(tmp / "instance")
    return create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "SEARCH_INDEX_DIR": str(tmp / "ix")}
    )


def cpu_time() -> float:
    """CPU seconds of this process and its finished children (the index build forks one
    process per core for a large import)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def child_service(url: str, path: Path, tmp: Path) -> dict:
    from ipscrm.services import imports
    from ipscrm.services.imports import ImportOptions, run_import

    app = _app(url, tmp)
    index_seconds, index_cpu = [0.0], [0.0]
    update_search_index = imports.update_search_index

    def timed_update() -> None:
        started, cpu_started = time.perf_counter(), cpu_time()
        update_search_index()
        index_seconds[0] += time.perf_counter() - started
        index_cpu[0] += cpu_time() - cpu_started

    imports.update_search_index = timed_update
    with app.app_context():
        start, cpu = time.perf_counter(), cpu_time()
        summary = run_import([path], ImportOptions(rejects_path=str(tmp / "rejects.csv")))
        elapsed, cpu = time.perf_counter() - start, cpu_time() - cpu
        from ipscrm.search import sync

        pending = sync.pending_count()
        with sync.ix_mod.searcher(app) as searcher:
            indexed = searcher.doc_count()
    assert summary.created == summary.read, summary.as_json()
    assert pending == 0 and indexed == summary.read, (pending, indexed, summary.read)
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rows": summary.read,
        "index_seconds": index_seconds[0],
        "index_cpu": index_cpu[0],
    }


def _baseline_document(employer_id: int, row: dict, updated: str, alcohol: tuple | None) -> dict:
    """The document ``ipscrm.search.documents`` writes for a freshly imported employer
    (no tags, people, notes or job starts yet; empty fields left out), with the values
    the bundled substance_free plugin adds (its status from the industry code)."""
    codes = [c for c in (row["industry_code_1"], row["industry_code_2"]) if c]
    descriptions = [d for d in (row["industry_description_1"], row["industry_description_2"]) if d]
    place, municipality = row["business_place"], row["business_municipality"]
    doc = {
        "id": str(employer_id),
        "organisation_number": row["organisation_number"] or "",
        "name": row["name"],
        "name_stem": row["name"],
        "industry_codes": ",".join(codes),
        "industry_text": "\n".join(descriptions),
        "industry_division": codes[0].split(".")[0] if codes else "",
        "municipality": row["business_municipality_number"] or "",
        "municipality_name": municipality or place or "",
        "postcode": row["business_postcode"] or "",
        "place": place or "",
        "place_text": " ".join(x for x in (place, municipality) if x),
        "stage": "identified",
        "size": row["employee_count"] or 0,
        "archived": False,
        "closed": row["bankrupt"] or row["under_liquidation"] or row["under_forced_liquidation"],
        "accommodation_details": [],
        "job_starts": 0,
        "updated": updated,
    }
    if alcohol is not None:
        serves = any(c.startswith(alcohol) for c in codes)
        doc.update(
            substance_free_status="no" if serves else "unknown", substance_free_verified=False
        )
    return {k: v for k, v in doc.items() if v != "" or k in ("id", "name")}


def child_baseline(url: str, path: Path, tmp: Path) -> dict:
    import sqlalchemy as sa
    from whoosh import index

    from ipscrm.models import Employer, Stage, utcnow
    from ipscrm.search import index as ix_mod
    from ipscrm.search.schema import build_schema

    app = _app(url, tmp)  # only for the plugin fields of the real schema
    with app.app_context():
        plugin_fields = ix_mod.current_plugin_fields(app)
        schema = build_schema(plugin_fields)
    assert {f.name for f in plugin_fields} <= {
        "substance_free_status", "substance_free_verified", "substance_free_verified_on"
    }, "the baseline documents know the substance_free plugin's fields only"  # fmt: skip
    alcohol = None
    if plugin_fields:
        alcohol = tuple(app.config["SUBSTANCE_FREE_ALCOHOL_INDUSTRY_CODES"])
    folder = tmp / "whoosh"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    ix = index.create_in(folder, schema)
    engine = sa.create_engine(url)
    table = Employer.__table__
    start, cpu = time.perf_counter(), time.process_time()
    now = utcnow()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        index_ = [(header.index(col), field) for col, field in FIELDS.items()]
        rows = []
        for values in reader:
            row = {field: (values[i] or None) for i, field in index_}
            for flag in ("bankrupt", "under_liquidation", "under_forced_liquidation"):
                row[flag] = row[flag] == "true"
            row["employee_count"] = int(row["employee_count"]) if row["employee_count"] else None
            row.update(stage=Stage.IDENTIFIED, archived=False, source="brreg", job_types=[],
                       created_at=now, updated_at=now)  # fmt: skip
            rows.append(row)
    with engine.begin() as conn:
        conn.execute(sa.insert(table), rows)
    db_seconds, db_cpu = time.perf_counter() - start, time.process_time() - cpu
    updated = now.isoformat()
    writer = ix.writer(limitmb=256)
    for employer_id, row in enumerate(rows, 1):
        writer.add_document(**_baseline_document(employer_id, row, updated, alcohol))
    writer.commit()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rows": len(rows),
        "index_seconds": elapsed - db_seconds,
        "index_cpu": cpu - db_cpu,
    }


CHILDREN = {"service": child_service, "baseline": child_baseline}


def run_child(kind: str, url: str, path: Path, tmp: Path) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--url",
        url,
        "--file",
        str(path),
        "--tmp",
        str(tmp),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"The {kind} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- parent -------------------------------------------------------------------------------------


def _create_database_if_missing(url: str) -> None:
    """The benchmark's own PostgreSQL database, created on first use."""
    import sqlalchemy as sa

    target = sa.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    admin.dispose()


def fresh_database(kind: str, tmp: Path) -> str:
    import sqlalchemy as sa

    from ipscrm.migrations_support import upgrade_all

    if kind == "sqlite":
        db_file = tmp / "bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    else:
        url = PG_URL
        _create_database_if_missing(url)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
    app = _app(url, tmp)
    import logging

    logging.disable(logging.INFO)
    with app.app_context():
        upgrade_all(app)
        from ipscrm.extensions import db

        db.session.remove()
        db.engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, action="append", help="rows (repeatable; default 100000)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--only", choices=list(CHILDREN), help="run one side only (no ratio; e.g. 1M memory)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best kept)")
    parser.add_argument("--child", choices=list(CHILDREN))
    parser.add_argument("--url")
    parser.add_argument("--file")
    parser.add_argument("--tmp")
    args = parser.parse_args()
    if args.child:
        result = CHILDREN[args.child](args.url, Path(args.file), Path(args.tmp))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["children_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps(result))
        return
    sizes = args.rows or [100_000]
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    sides = [args.only] if args.only else ["baseline", "service"]
    tmp = Path(tempfile.mkdtemp(prefix="ipscrm-import-bench-"))
    print(
        f"{'rows':>9} {'database':<10} {'what':<9} {'seconds':>8} {'db s':>7} {'index s':>8}"
        f" {'rows/s':>8} {'ratio':>6} {'db ratio':>8} {'ix ratio':>8} {'cpu s':>7}"
        f" {'db cpu':>7} {'ix cpu':>7} {'cpu ratio':>9} {'db cpu r':>8} {'ix cpu r':>8}"
        f" {'peak MB':>8} {'ix proc MB':>10}",
        flush=True,
    )
    try:
        for rows in sizes:
            path = tmp / f"enheter_{rows}.csv"
            generate(path, rows)
            for kind in databases:
                results: dict[str, dict] = {}
                for _ in range(args.repeat):  # alternate, keep the best of each
                    for what in sides:
                        url = fresh_database(kind, tmp)
                        shutil.rmtree(tmp / "ix", ignore_errors=True)
                        r = run_child(what, url, path, tmp)
                        best = results.get(what)
                        if best is None or r["seconds"] < best["seconds"]:
                            results[what] = r
                base = results.get("baseline")
                for what, r in results.items():
                    seconds, index_s = r["seconds"], r["index_seconds"]
                    db_s = seconds - index_s
                    cpu, index_cpu = r["cpu_seconds"], r["index_cpu"]
                    db_cpu = cpu - index_cpu
                    if base:
                        base_db = base["seconds"] - base["index_seconds"]
                        base_db_cpu = base["cpu_seconds"] - base["index_cpu"]
                        ratios = (
                            f"{seconds / base['seconds']:>5.2f}x {db_s / base_db:>7.2f}x"
                            f" {index_s / base['index_seconds']:>7.2f}x"
                        )
                        cpu_ratios = (
                            f"{cpu / base['cpu_seconds']:>8.2f}x {db_cpu / base_db_cpu:>7.2f}x"
                            f" {index_cpu / base['index_cpu']:>7.2f}x"
                        )
                    else:
                        ratios = f"{'-':>6} {'-':>8} {'-':>8}"
                        cpu_ratios = f"{'-':>9} {'-':>8} {'-':>8}"
                    print(
                        f"{rows:>9} {kind:<10} {what:<9} {seconds:>8.1f} {db_s:>7.1f}"
                        f" {index_s:>8.1f} {r['rows'] / seconds:>8,.0f} {ratios}"
                        f" {cpu:>7.1f} {db_cpu:>7.1f} {index_cpu:>7.1f} {cpu_ratios}"
                        f" {r['peak_rss_mb']:>8.0f} {r.get('children_peak_mb', 0):>10.0f}",
                        flush=True,
                    )
            path.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

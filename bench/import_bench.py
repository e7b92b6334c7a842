"""Benchmark of ``ipscrm import employers`` against a baseline, in the same run.

Generates a register-format CSV (the columns of Enhetsregisteret's ``enheter`` download,
every field quoted, some fields with newlines, extra columns the importer does not know)
and imports it into SQLite and PostgreSQL:

- baseline: the same rows parsed with the csv module and inserted with one executemany;
- ipscrm: the real service (``run_import``: sniffing, hashing, header mapping,
  validation, duplicate check, batched upsert, search outbox, import batch);
- separately, a bare Whoosh writer indexing the same rows on a simple schema, so the
  indexing share can be added once the search index writer is merged.

Each measurement runs in a fresh child process, so the reported peak memory (ru_maxrss)
is that of one import only.

    .venv/bin/python bench/import_bench.py                 # 100,000 rows
    .venv/bin/python bench/import_bench.py --rows 1000000  # also 1M (peak memory check)
    .venv/bin/python bench/import_bench.py --db sqlite --rows 20000
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
    "IPSCRM_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test_import"
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


def child_service(url: str, path: Path, tmp: Path) -> dict:
    from ipscrm.services.imports import ImportOptions, run_import

    app = _app(url, tmp)
    with app.app_context():
        start, cpu = time.perf_counter(), time.process_time()
        summary = run_import([path], ImportOptions(rejects_path=str(tmp / "rejects.csv")))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert summary.created == summary.read, summary.as_json()
    return {"seconds": elapsed, "cpu_seconds": cpu, "rows": summary.read}


def child_baseline(url: str, path: Path, tmp: Path) -> dict:
    import sqlalchemy as sa

    from ipscrm.models import Employer, Stage, utcnow

    engine = sa.create_engine(url)
    table = Employer.__table__
    start, cpu = time.perf_counter(), time.process_time()
    now = utcnow()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        index = [(header.index(col), field) for col, field in FIELDS.items()]
        rows = []
        for values in reader:
            row = {field: (values[i] or None) for i, field in index}
            for flag in ("bankrupt", "under_liquidation", "under_forced_liquidation"):
                row[flag] = row[flag] == "true"
            row["employee_count"] = int(row["employee_count"]) if row["employee_count"] else None
            row.update(stage=Stage.IDENTIFIED, archived=False, source="brreg", job_types=[],
                       created_at=now, updated_at=now)  # fmt: skip
            rows.append(row)
    with engine.begin() as conn:
        conn.execute(sa.insert(table), rows)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    return {"seconds": elapsed, "cpu_seconds": cpu, "rows": len(rows)}


def child_whoosh(url: str, path: Path, tmp: Path) -> dict:
    from whoosh import fields, index

    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True), name=fields.TEXT(), address=fields.TEXT(),
        place=fields.TEXT(), industry=fields.TEXT(), orgnr=fields.ID(),
    )  # fmt: skip
    folder = tmp / "whoosh"
    folder.mkdir(exist_ok=True)
    ix = index.create_in(folder, schema)
    start, cpu = time.perf_counter(), time.process_time()
    count = 0
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        pos = {h: i for i, h in enumerate(header)}
        writer = ix.writer(limitmb=128)
        for values in reader:
            count += 1
            writer.add_document(
                id=str(count), name=values[pos["navn"]],
                address=values[pos["forretningsadresse.adresse"]],
                place=values[pos["forretningsadresse.poststed"]],
                industry=values[pos["naeringskode1.beskrivelse"]],
                orgnr=values[pos["organisasjonsnummer"]],
            )  # fmt: skip
        writer.commit()
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "rows": count,
    }


CHILDREN = {"service": child_service, "baseline": child_baseline, "whoosh": child_whoosh}


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
    parser.add_argument("--no-whoosh", action="store_true", help="skip the bare Whoosh writer")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best kept)")
    parser.add_argument("--child", choices=list(CHILDREN))
    parser.add_argument("--url")
    parser.add_argument("--file")
    parser.add_argument("--tmp")
    args = parser.parse_args()
    if args.child:
        result = CHILDREN[args.child](args.url, Path(args.file), Path(args.tmp))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    sizes = args.rows or [100_000]
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    tmp = Path(tempfile.mkdtemp(prefix="ipscrm-import-bench-"))
    print(
        f"{'rows':>9} {'database':<10} {'what':<9} {'seconds':>8} {'rows/s':>9} {'ratio':>6}"
        f" {'cpu s':>7} {'cpu ratio':>9} {'peak MB':>8}"
    )
    try:
        for rows in sizes:
            path = tmp / f"enheter_{rows}.csv"
            generate(path, rows)
            for kind in databases:
                results: dict[str, dict] = {}
                for _ in range(args.repeat):  # alternate, keep the best of each
                    for what in ("baseline", "service"):
                        url = fresh_database(kind, tmp)
                        r = run_child(what, url, path, tmp)
                        best = results.get(what)
                        if best is None or r["seconds"] < best["seconds"]:
                            r["cpu_best"] = min(r["cpu_seconds"], (best or r)["cpu_seconds"])
                            results[what] = r
                base = results["baseline"]
                for what, r in results.items():
                    print(
                        f"{rows:>9} {kind:<10} {what:<9} {r['seconds']:>8.1f} "
                        f"{r['rows'] / r['seconds']:>9,.0f} {r['seconds'] / base['seconds']:>5.2f}x"
                        f" {r['cpu_best']:>7.1f} {r['cpu_best'] / base['cpu_best']:>8.2f}x"
                        f" {r['peak_rss_mb']:>8.0f}"
                    )
            if args.no_whoosh:
                path.unlink()
                continue
            r = run_child("whoosh", "", path, tmp)
            print(
                f"{rows:>9} {'-':<10} {'whoosh':<9} {r['seconds']:>8.1f} "
                f"{r['rows'] / r['seconds']:>9,.0f}  (bare writer on a simple schema, separate)"
                f" {r['cpu_seconds']:>7.1f} {'':>9} {r['peak_rss_mb']:>8.0f}"
            )
            shutil.rmtree(tmp / "whoosh", ignore_errors=True)
            path.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

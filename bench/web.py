"""Benchmark of the employer web pages with a large portfolio.

Loads 100,000 employers and 1,000,000 contact log entries (plus 400 specialists in 20
teams, their jobseekers, contact people, tags, accommodations and open follow-ups) into SQLite
and, when reachable, PostgreSQL; then serves the real app in-process (Flask test client,
logged-in session) and reports the median and 95th-percentile server time of the
employer list (unfiltered and filtered), the employer page, My week and the follow-ups
page, next to a bare Flask route on the same app in the same run.

    .venv/bin/python bench/web.py                      # SQLite, and PostgreSQL if reachable
    .venv/bin/python bench/web.py --no-postgres
    .venv/bin/python bench/web.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench_webcore
    .venv/bin/python bench/web.py --employers 10000 --contacts 100000   # a quick run

The generated SQLite database is cached in bench/results/ (git-ignored), and the
PostgreSQL one is kept in its database, so reruns only measure (after running any new
migrations on them). Target: p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipscrm import create_app  # noqa: E402
from ipscrm.extensions import db  # noqa: E402
from ipscrm.models import (  # noqa: E402
    AccommodationType,
    ContactPerson,
    Employer,
    EmployerAccommodation,
    EmployerContact,
    EmployerTag,
    Jobseeker,
    PlannedFollowUp,
    Role,
    User,
)

RESULTS = ROOT / "bench" / "results"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_webcore"
# 400 specialists in 20 teams: 1,000,000 contacts over two years is then about 25
# contacts a week each, a realistic pace (6 face-to-face visits and calls and e-mails).
SPECIALISTS = 400
TEAMS = 20
JOBSEEKERS_PER_SPECIALIST = 20
BATCH = 20_000
DAYS = 730
TARGET_MS = 100.0

INDUSTRIES = [
    ("56.101", "Drift av restauranter og kafeer"),
    ("56.301", "Drift av barer"),
    ("47.111", "Butikkhandel med bredt vareutvalg med hovedvekt på nærings- og nytelsesmidler"),
    ("47.710", "Butikkhandel med klær"),
    ("10.710", "Produksjon av brød og ferske konditorvarer"),
    ("55.101", "Drift av hoteller, pensjonater og moteller med restaurant"),
    ("81.210", "Rengjøring av bygninger"),
    ("81.300", "Beplantning av hager og parkanlegg"),
    ("43.320", "Snekkerarbeid"),
    ("45.200", "Vedlikehold og reparasjon av motorvogner"),
    ("49.410", "Godstransport på vei"),
    ("52.100", "Lagring"),
    ("62.010", "Programmeringstjenester"),
    ("86.101", "Alminnelige somatiske sykehus"),
    ("87.101", "Somatiske sykehjem"),
    ("88.911", "Barnehager"),
    ("93.110", "Drift av idrettsanlegg"),
    ("96.020", "Frisering"),
    ("01.130", "Dyrking av grønnsaker"),
    ("16.100", "Saging, høvling og impregnering av tre"),
]
MUNICIPALITIES = [
    ("0301", "OSLO"),
    ("4601", "BERGEN"),
    ("5001", "TRONDHEIM"),
    ("1103", "STAVANGER"),
    ("3107", "FREDRIKSTAD"),
    ("3201", "BÆRUM"),
    ("4204", "KRISTIANSAND"),
    ("3301", "DRAMMEN"),
    ("5501", "TROMSØ"),
    ("3205", "LILLESTRØM"),
    ("1108", "SANDNES"),
    ("3403", "HAMAR"),
    ("1506", "MOLDE"),
    ("1804", "BODØ"),
    ("3905", "TØNSBERG"),
    ("1508", "ÅLESUND"),
]
WORDS = [
    "Nordic",
    "Fjord",
    "Bakeri",
    "Kafé",
    "Snekker",
    "Bygg",
    "Transport",
    "Renhold",
    "Hage",
    "Auto",
    "Data",
    "Hotell",
    "Frisør",
    "Lager",
    "Mat",
    "Service",
    "Omsorg",
    "Sport",
    "Tre",
    "Grønt",
    "Fisk",
    "Elektro",
    "Maling",
    "Rør",
    "Kantine",
    "Vask",
    "Trykk",
    "Sykkel",
]
STAGES = (
    ["identified"] * 6
    + ["introduced"] * 2
    + [
        "learned_about_business",
        "active_relationship",
        "candidate_presented",
        "hired_supporting",
        "dormant",
    ]
)
MODES = ["in_person", "in_person", "phone", "email", "video"]
PURPOSES = [
    "introduction",
    "learn_about_business",
    "follow_up",
    "present_candidate",
    "with_jobseeker",
    "follow_along_support",
]
# The search box: common and rare terms, in the name and in the place, long and short
# (1-2 characters), with Æ/Ø/Å, digits, and none found at all. The slowest few decide
# the p95, so each kind of term counts.
TERMS = [
    "bakeri",  # a word in 7 % of the names
    "molde",  # a place, 6 %
    "0 as",  # 10 %, across words
    "kafé data",  # two words, 0.1 %
    "TROMSØ",  # a place in capitals, with Ø
    "grønt rør",  # rare, with ø
    "xyzzy",  # nowhere
    "4711",  # digits: in names, and an organisation number prefix
    "a",  # one letter: almost everywhere
    "ø",  # one letter, Ø
    "bø",  # two letters, nowhere
    "qz",  # two letters, nowhere
]
TAGS = ["rusfri", "kantine", "skift", "lærling", "sommerjobb", "universell utforming"]


def log(message: str) -> None:
    print(message, flush=True)


def _orgnr(seed: int) -> str:
    """A valid, unique organisation number for each seed: the first of 80000000 + 10 ×
    seed + k (k = 0..9) with a MOD11 check digit (at most one k has none)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    for k in range(10):
        first = f"{80_000_000 + 10 * seed + k:08d}"
        remainder = sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 11
        if remainder != 1:
            return first + str(0 if remainder == 0 else 11 - remainder)
    raise AssertionError("unreachable")


def build_app(url: str, instance: Path):
    instance.mkdir(parents=True, exist_ok=True)
    os.environ["IPSCRM_INSTANCE_PATH"] = str(instance)
    return create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SEARCH_INDEX_DIR": str(instance / "search-index"),
            "SEARCH_SYNC": "worker",  # the bench measures pages, not the search index
        }
    )


def loaded(app, employers: int, contacts: int) -> bool:
    with app.app_context():
        try:
            n_emp = db.session.scalar(sa.select(sa.func.count(Employer.id)))
            n_con = db.session.scalar(sa.select(sa.func.max(EmployerContact.id)))
            n_users = db.session.scalar(sa.select(sa.func.count(User.id)))
        except sa.exc.DBAPIError:
            db.session.rollback()
            return False
        return n_emp == employers and (n_con or 0) == contacts and n_users == SPECIALISTS + 1


def upgrade(app) -> None:
    """Bring a kept database to the current migrations (new indexes get filled)."""
    from ipscrm.migrations_support import upgrade_all

    started = time.perf_counter()
    with app.app_context():
        upgrade_all(app)
        db.session.remove()
    log(f"  migrations checked in {time.perf_counter() - started:.1f} s")


def load(app, employers: int, contacts: int, seed: int = 42) -> dict:
    """Generate the data set with Core bulk inserts; returns what the bench needs."""
    from ipscrm.migrations_support import upgrade_all
    from ipscrm.services import users

    rng = random.Random(seed)
    started = time.perf_counter()
    with app.app_context():
        upgrade_all(app)
        teams = [users.get_or_create_team(f"Bench-team {t}") for t in range(TEAMS)]
        team_of: dict[int, int] = {}
        for i in range(SPECIALISTS):
            team = teams[i % TEAMS]
            user = users.create_user(
                f"spesialist{i}@bench.no",
                f"Spesialist {i}",
                "bench-passord-1",
                role=Role.SPECIALIST,
                team_id=team.id,
            )
            team_of[user.id] = team.id
        users.create_user(
            "leder@bench.no",
            "Veileder",
            "bench-passord-1",
            role=Role.SUPERVISOR,
            team_id=teams[0].id,
        )
        specialist_ids = list(team_of)
        now = datetime.now(UTC)
        today = now.date()
        conn = db.session.connection()

        js_rows, js_by_specialist, js_id = [], {}, 0
        for sid in specialist_ids:
            for _ in range(JOBSEEKERS_PER_SPECIALIST):
                js_id += 1
                entry = today - timedelta(days=rng.randint(1, 600))
                js_rows.append(
                    {
                        "id": js_id,
                        "reference": f"B-{js_id:05d}",
                        "specialist_id": sid,
                        "program_entry_date": entry,
                        "status": "searching",
                        "pref_job_types": [],
                        "pref_industries": [],
                        "pref_municipalities": [],
                        "pref_shifts": [],
                        "pref_accommodations": [],
                        "disclosure": "undecided",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                js_by_specialist.setdefault(sid, []).append(js_id)
        conn.execute(sa.insert(Jobseeker), js_rows)

        for start in range(1, employers + 1, BATCH):
            rows = []
            for i in range(start, min(employers, start + BATCH - 1) + 1):
                code, desc = rng.choice(INDUSTRIES)
                muni_no, muni = rng.choice(MUNICIPALITIES)
                name = f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} {i} AS"
                rows.append(
                    {
                        "id": i,
                        "organisation_number": _orgnr(i),
                        "name": name,
                        "organisation_form": "AS",
                        "industry_code_1": code,
                        "industry_description_1": desc,
                        "industry_classification": "SN2007",
                        "employee_count": rng.randint(1, 400),
                        "business_address": f"{rng.choice(WORDS)}gata {rng.randint(1, 99)}",
                        "business_postcode": f"{rng.randint(1, 9999):04d}",
                        "business_place": muni.title(),
                        "business_municipality": muni,
                        "business_municipality_number": muni_no,
                        "bankrupt": False,
                        "under_liquidation": False,
                        "under_forced_liquidation": False,
                        "parent_id": rng.randint(1, i - 1)
                        if i > 10 and rng.random() < 0.05
                        else None,
                        "job_types": [],
                        "stage": rng.choice(STAGES),
                        "owner_id": rng.choice(specialist_ids) if rng.random() < 0.3 else None,
                        "archived": rng.random() < 0.03,
                        "source": "register",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            conn.execute(sa.insert(Employer), rows)
        log(f"  employers: {time.perf_counter() - started:.1f} s")

        types = [t for (t,) in conn.execute(sa.select(AccommodationType.id))]
        tag_rows, people_rows, acc_rows = [], [], []
        for i in range(1, employers + 1):
            for tag in rng.sample(TAGS, k=rng.choice((0, 0, 0, 1, 2))):
                tag_rows.append({"employer_id": i, "tag": tag})
            for p in range(rng.choice((0, 1, 1, 2))):
                people_rows.append(
                    {
                        "employer_id": i,
                        "name": f"Kontakt {i}-{p}",
                        "role": "Daglig leder",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if rng.random() < 0.15:
                for t in rng.sample(types, k=rng.randint(1, 3)):
                    acc_rows.append(
                        {
                            "employer_id": i,
                            "accommodation_type_id": t,
                            "status": "offered",
                            "recorded_on": today - timedelta(days=rng.randint(0, 700)),
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
        for table, rows in (
            (EmployerTag, tag_rows),
            (ContactPerson, people_rows),
            (EmployerAccommodation, acc_rows),
        ):
            for k in range(0, len(rows), BATCH):
                conn.execute(sa.insert(table), rows[k : k + BATCH])
        log(f"  tags, people, accommodations: {time.perf_counter() - started:.1f} s")

        # Contacts concentrate on a working portfolio (a third of the employers), with a
        # long tail over the rest, over two years; the newest are the densest.
        active_portfolio = max(1, employers // 3)
        for start in range(1, contacts + 1, BATCH):
            rows = []
            for cid in range(start, min(contacts, start + BATCH - 1) + 1):
                sid = rng.choice(specialist_ids)
                age = min(DAYS - 1, int(rng.expovariate(1 / 250)))
                moment = now - timedelta(days=age, minutes=rng.randint(0, 600))
                employer_id = (
                    rng.randint(1, active_portfolio)
                    if rng.random() < 0.8
                    else rng.randint(1, employers)
                )
                mode = rng.choice(MODES)
                due = None
                if rng.random() < 0.2:
                    due = moment.date() + timedelta(days=rng.randint(1, 14))
                rows.append(
                    {
                        "id": cid,
                        "occurred_at": moment,
                        "occurred_on": moment.date(),
                        "specialist_id": sid,
                        "team_id": team_of[sid],
                        "employer_id": employer_id,
                        "mode": mode,
                        "face_to_face": mode == "in_person",
                        "purpose": rng.choice(PURPOSES),
                        "jobseeker_id": rng.choice(js_by_specialist[sid])
                        if rng.random() < 0.3
                        else None,
                        "outcome": "Samtale om behov og arbeidsoppgaver.",
                        "next_step": None if due is None else "Ringe tilbake",
                        "follow_up_due": due,
                        "follow_up_done": due is not None and due < today - timedelta(days=3),
                        "created_at": moment,
                        "updated_at": moment,
                    }
                )
            conn.execute(sa.insert(EmployerContact), rows)
            if start // BATCH % 10 == 0:
                log(f"  contacts {start + len(rows) - 1:,}: {time.perf_counter() - started:.1f} s")
        planned = [
            {
                "specialist_id": sid,
                "team_id": team_of[sid],
                "employer_id": rng.randint(1, employers),
                "due": today + timedelta(days=rng.randint(-5, 20)),
                "note": "Planlagt besøk",
                "done": False,
                "created_at": now,
                "updated_at": now,
            }
            for sid in specialist_ids
            for _ in range(15)
        ]
        conn.execute(sa.insert(PlannedFollowUp), planned)
        last = (
            sa.select(sa.func.max(EmployerContact.occurred_at))
            .where(EmployerContact.employer_id == Employer.id)
            .scalar_subquery()
        )
        conn.execute(sa.update(Employer).values(last_contact_at=last))
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as c:
                c.exec_driver_sql("ANALYZE")
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
    log(f"  loaded in {time.perf_counter() - started:.1f} s")
    return {}


def _login(app, client, user_id: int) -> None:
    from flask_login.utils import _create_identifier

    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["_id"] = identifier


def _timed(client, urls: list[str], rounds: int) -> list[float]:
    times = []
    for i in range(rounds):
        url = urls[i % len(urls)]
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times


def measure(app, rounds: int, employers: int, seed: int = 7) -> list[dict]:

    rng = random.Random(seed)
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "spesialist0@bench.no"))
        supervisor_id = db.session.scalar(sa.select(User.id).where(User.email == "leder@bench.no"))
        busy = db.session.scalar(
            sa.select(EmployerContact.employer_id)
            .group_by(EmployerContact.employer_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        )
    client = app.test_client()
    _login(app, client, user_id)
    boss = app.test_client()
    _login(app, boss, supervisor_id)
    ids = [rng.randint(1, employers) for _ in range(50)]
    pages = [
        ("bare Flask route (baseline)", client, ["/_bench/bare"]),
        ("employer list, unfiltered", client, ["/employers/"]),
        ("employer list, page 40", client, ["/employers/?page=40"]),
        ("employer list, sort latest contact", client, ["/employers/?sort=-last_contact"]),
        ("employer list, search text", client, [f"/employers/?q={quote_plus(q)}" for q in TERMS]),
        (
            "employer list, search + filter/sort",
            client,
            [
                "/employers/?" + urlencode(query)
                for query in (
                    {"q": "kafé", "municipality": "0301"},
                    {"q": "data", "sort": "place"},
                    {"q": "ø", "sort": "-last_contact"},
                    {"q": "bakeri", "stage": "active_relationship", "sort": "-name"},
                    {"q": "xyzzy", "archived": "all"},
                )
            ],
        ),
        (
            "employer list, search org. number",
            client,
            [f"/employers/?q={_orgnr(i)}" for i in ids[:10]],
        ),
        (
            "employer list, municipality+stage",
            client,
            ["/employers/?municipality=0301&stage=active_relationship"],
        ),
        ("employer list, industry prefix", client, ["/employers/?industry=56"]),
        ("employer list, tag", client, ["/employers/?tag=rusfri"]),
        ("employer list, accommodation", client, ["/employers/?accommodation=3"]),
        ("employer page (random)", client, [f"/employers/{i}" for i in ids]),
        ("employer page (most contacts)", client, [f"/employers/{busy}"]),
        ("My week", client, ["/"]),
        ("follow-ups, mine", client, ["/followups/"]),
        ("follow-ups, supervisor's team", boss, ["/followups/?who=team"]),
    ]
    results = []
    for name, who, urls in pages:
        _timed(who, urls, 3)  # warm up
        times = _timed(who, urls, rounds)
        times.sort()
        results.append(
            {
                "page": name,
                "median_ms": statistics.median(times),
                "p95_ms": times[max(0, int(round(0.95 * len(times))) - 1)],
                "n": len(times),
            }
        )
    return results


def report(label: str, results: list[dict]) -> bool:
    base = results[0]["median_ms"] or 1e-9
    log(f"\n{label}")
    log(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'× bare':>8}  target p95 < {TARGET_MS:.0f}")
    ok = True
    for r in results:
        flag = "" if r["p95_ms"] < TARGET_MS else "  SLOW"
        ok = ok and not flag
        log(
            f"{r['page']:40} {r['median_ms']:10.1f} {r['p95_ms']:8.1f} "
            f"{r['median_ms'] / base:8.1f}{flag}"
        )
    return ok


def run_sqlite(args) -> tuple[str, list[dict]]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"web-{args.employers}-{args.contacts}-{SPECIALISTS}.db"
    instance = Path(tempfile.mkdtemp(prefix="ipscrm-bench-"))
    if not path.exists():
        log(f"Generating {path.name} (cached for reruns) ...")
        partial = path.with_suffix(".partial.db")
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        app = build_app(f"sqlite:///{partial}", instance)
        load(app, args.employers, args.contacts)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        partial.rename(path)
    app = build_app(f"sqlite:///{path}", instance)
    if not loaded(app, args.employers, args.contacts):
        raise SystemExit(f"{path} is incomplete: delete it and run again")
    upgrade(app)
    return "SQLite", measure(app, args.requests, args.employers)


def postgres_reachable(url: str) -> bool:
    admin_url = sa.engine.make_url(url).set(database="postgres")
    try:
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            name = sa.engine.make_url(url).database
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return True
    except Exception as err:  # noqa: BLE001 - any failure means "not reachable"
        log(f"PostgreSQL not reachable at {url}: {err.__class__.__name__}")
        return False


def run_postgres(args, url: str) -> tuple[str, list[dict]]:
    instance = Path(tempfile.mkdtemp(prefix="ipscrm-bench-"))
    app = build_app(url, instance)
    if not loaded(app, args.employers, args.contacts):
        log(f"Loading PostgreSQL {url} ...")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        app = build_app(url, instance)
        load(app, args.employers, args.contacts)
    else:
        upgrade(app)
    return "PostgreSQL", measure(app, args.requests, args.employers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employers", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--postgres", metavar="URL", help=f"PostgreSQL URL (default {DEFAULT_PG})")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    runs = []
    if not args.no_sqlite:
        runs.append(run_sqlite(args))
    pg_url = args.postgres or DEFAULT_PG
    if not args.no_postgres and postgres_reachable(pg_url):
        runs.append(run_postgres(args, pg_url))
    ok = True
    for label, results in runs:
        ok = (
            report(f"{label}: {args.employers:,} employers, {args.contacts:,} contacts", results)
            and ok
        )
        out = RESULTS / f"web-{label.lower()}-{args.employers}-{args.contacts}.json"
        RESULTS.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

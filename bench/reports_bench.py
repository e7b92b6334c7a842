"""Benchmark: the team report for a year, rendered through the real page, with
1,000,000 contact log entries and 200 specialists, on SQLite and PostgreSQL.

    .venv/bin/python bench/reports_bench.py                     # both databases
    .venv/bin/python bench/reports_bench.py --db sqlite --contacts 100000   # quicker

The data set is generated deterministically and bulk-inserted with Core executemany.
The SQLite file is cached under bench/results/ (git-ignored) and reused while its size
parameters match; PostgreSQL (database test_reports unless --pg-url) is reloaded unless
it already holds the same data set. Printed for each database: p50 and p95 of the team
report page (GET /reports/?team=...&from=...&to=..., a year) and of "my figures" for a
specialist, next to two baselines measured in the same run: a bare Flask route through
the same app and test client, and a single COUNT of the team's contacts of the year.
Target: team report p95 < 1 s."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_reports"
BATCH = 20_000
TEAMS = 10
DAYS = 3 * 365


def make_app(url: str):
    from ipscrm import create_app

    instance = tempfile.mkdtemp(prefix="reports-bench-")
    os.environ["IPSCRM_INSTANCE_PATH"] = instance
    return create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SEARCH_INDEX_DIR": os.path.join(instance, "search"),
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
        }
    )


def fresh_schema(url: str) -> None:
    from ipscrm.extensions import db
    from ipscrm.migrations_support import upgrade_all

    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
    app = make_app(url)
    with app.app_context():
        upgrade_all(app)
        db.engine.dispose()


def upgrade(url: str) -> None:
    """Apply migrations added since the data set was loaded (new indexes)."""
    from ipscrm.extensions import db
    from ipscrm.migrations_support import upgrade_all

    app = make_app(url)
    with app.app_context():
        upgrade_all(app)
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        db.engine.dispose()


def signature(contacts: int, specialists: int) -> str:
    return f"bench-{contacts}-{specialists}"


def already_loaded(url: str, contacts: int, specialists: int) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            name = conn.execute(sa.text("SELECT name FROM teams WHERE id = 1")).scalar()
            count = conn.execute(sa.text("SELECT count(*) FROM employer_contacts")).scalar()
            return name == signature(contacts, specialists) and count == contacts
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def load(url: str, contacts: int, specialists: int, today: date) -> None:
    """Generate and bulk-insert the data set (Core executemany in batches)."""
    from ipscrm.extensions import db
    from ipscrm.models import (
        AuditEvent,
        Employer,
        EmployerContact,
        Jobseeker,
        JobStart,
        Team,
        User,
    )
    from ipscrm.services.users import hash_password

    rng = random.Random(20261130)
    app = make_app(url)
    start_day = today - timedelta(days=DAYS)
    now = datetime.now(UTC)
    with app.app_context():
        pw = hash_password("bench-password-1")
        with db.engine.begin() as conn:

            def insert(table, rows):
                for i in range(0, len(rows), BATCH):
                    conn.execute(table.insert(), rows[i : i + BATCH])

            teams = [
                {
                    "id": t + 1,
                    "name": signature(contacts, specialists) if t == 0 else f"Team {t + 1:02d}",
                    "created_at": now,
                    "updated_at": now,
                }
                for t in range(TEAMS)
            ]
            insert(Team.__table__, teams)
            users = []
            for i in range(specialists):
                users.append(
                    {
                        "id": i + 1,
                        "email": f"spec{i + 1}@bench.no",
                        "name": f"Specialist {i + 1:03d}",
                        "password_hash": pw,
                        "role": "specialist",
                        "active": True,
                        "team_id": i % TEAMS + 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            for t in range(TEAMS):
                users.append(
                    {
                        "id": specialists + t + 1,
                        "email": f"sup{t + 1}@bench.no",
                        "name": f"Supervisor {t + 1}",
                        "password_hash": pw,
                        "role": "supervisor",
                        "active": True,
                        "team_id": t + 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            insert(User.__table__, users)
            stages = [
                "identified",
                "introduced",
                "learned_about_business",
                "active_relationship",
                "candidate_presented",
                "hired_supporting",
                "dormant",
            ]
            n_employers = 20_000
            employers = []
            for e in range(n_employers):
                created = now - timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(1440))
                employers.append(
                    {
                        "id": e + 1,
                        "name": f"Arbeidsgiver {e + 1} AS",
                        "job_types": [],
                        "stage": rng.choice(stages),
                        "archived": rng.random() < 0.05,
                        "owner_id": rng.randrange(specialists) + 1 if rng.random() < 0.6 else None,
                        "bankrupt": False,
                        "under_liquidation": False,
                        "under_forced_liquidation": False,
                        "source": "bench",
                        "created_at": created,
                        "updated_at": created,
                        "last_contact_at": None,
                    }
                )
            jobseekers, by_specialist = [], {}
            for s in range(specialists):
                for k in range(25):
                    jid = len(jobseekers) + 1
                    closed = k >= 20
                    entry = start_day + timedelta(days=rng.randrange(DAYS - 10))
                    jobseekers.append(
                        {
                            "id": jid,
                            "reference": f"B-{jid:05d}",
                            "specialist_id": s + 1,
                            "program_entry_date": entry,
                            "status": "closed" if closed else "searching",
                            "closed_on": min(entry + timedelta(days=200), today)
                            if closed
                            else None,
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
                    by_specialist.setdefault(s + 1, []).append((jid, entry))
            insert(Jobseeker.__table__, jobseekers)
            insert(Employer.__table__, employers)
            last_contact: dict[int, datetime] = {}
            rows = []
            for _ in range(contacts):
                s = rng.randrange(specialists) + 1
                day = start_day + timedelta(days=rng.randrange(DAYS))
                at = datetime(day.year, day.month, day.day, 7 + rng.randrange(10), tzinfo=UTC)
                employer = rng.randrange(n_employers) + 1
                jobseeker = None
                if rng.random() < 0.3:
                    jid, entry = rng.choice(by_specialist[s])
                    jobseeker = jid if entry <= day else None
                f2f = rng.random() < 0.8
                rows.append(
                    {
                        "occurred_at": at,
                        "occurred_on": day,
                        "specialist_id": s,
                        "team_id": (s - 1) % TEAMS + 1,
                        "employer_id": employer,
                        "mode": "in_person" if f2f else "phone",
                        "face_to_face": f2f,
                        "purpose": "with_jobseeker" if jobseeker else "follow_up",
                        "jobseeker_id": jobseeker,
                        "follow_up_done": False,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                if employer not in last_contact or last_contact[employer] < at:
                    last_contact[employer] = at
                if len(rows) >= BATCH:
                    insert(EmployerContact.__table__, rows)
                    rows = []
            insert(EmployerContact.__table__, rows)
            conn.execute(
                Employer.__table__.update()
                .where(Employer.__table__.c.id == sa.bindparam("eid"))
                .values(last_contact_at=sa.bindparam("at")),
                [{"eid": k, "at": v} for k, v in last_contact.items()],
            )
            starts = []
            for j in rng.sample(jobseekers, 2000):
                begin = j["program_entry_date"] + timedelta(days=rng.randrange(10, 120))
                if begin > today:
                    continue
                end = begin + timedelta(days=rng.randrange(20, 400)) if rng.random() < 0.4 else None
                starts.append(
                    {
                        "jobseeker_id": j["id"],
                        "employer_id": rng.randrange(n_employers) + 1,
                        "job_title": rng.choice(["Kokk", "Lager", "Butikk", "Renhold", "Kontor"]),
                        "job_type": None,
                        "start_date": begin,
                        "end_date": end if end and end <= today else None,
                        "competitive": rng.random() < 0.95,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            insert(JobStart.__table__, starts)
            events = []
            for _ in range(10_000):
                old, new = rng.sample(stages, 2)
                events.append(
                    {
                        "occurred_at": now - timedelta(days=rng.randrange(DAYS)),
                        "action": "update",
                        "entity_type": "employer",
                        "entity_id": rng.randrange(n_employers) + 1,
                        "changes": {"stage": [old, new]},
                    }
                )
            insert(AuditEvent.__table__, events)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        db.engine.dispose()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def timed(fn, runs: int) -> list[float]:
    fn()  # warm-up (template compilation, caches)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def measure(url: str, specialists: int, runs: int, today: date) -> dict[str, list[float]]:
    from flask_login.utils import _create_identifier

    from ipscrm.extensions import db
    from ipscrm.models import EmployerContact

    app = make_app(url)

    @app.route("/bench/bare")
    def bare():
        return "ok"

    client = app.test_client()
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()

    def as_user(user_id: int) -> None:
        with client.session_transaction() as session:
            session.update({"_user_id": str(user_id), "_fresh": True, "_id": identifier})

    first = today - timedelta(days=364)
    supervisor = specialists + 1  # supervises team 1

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    results = {}
    as_user(supervisor)
    results["team report, a year"] = timed(
        lambda: get(f"/reports/?team=1&from={first}&to={today}"), runs
    )
    as_user(1)
    results["my figures, a year"] = timed(lambda: get(f"/reports/me?from={first}&to={today}"), runs)
    results["baseline: bare route"] = timed(lambda: get("/bench/bare"), runs)
    with app.app_context():
        query = sa.select(sa.func.count()).where(
            EmployerContact.team_id == 1, EmployerContact.occurred_on.between(first, today)
        )
        results["baseline: one COUNT"] = timed(lambda: db.session.scalar(query), runs)
        team_contacts = db.session.scalar(query)
        db.session.remove()
        db.engine.dispose()
    print(f"  (team 1 has {team_contacts:,} contacts in the year)")
    return results


def report(name: str, results: dict[str, list[float]]) -> None:
    base = percentile(results["baseline: one COUNT"], 95)
    bare = percentile(results["baseline: bare route"], 95)
    print(f"\n{name}")
    print(f"  {'measure':<24} {'p50 ms':>9} {'p95 ms':>9} {'p95/COUNT':>10} {'p95/bare':>9}")
    for label, values in results.items():
        p50, p95 = statistics.median(values) * 1000, percentile(values, 95) * 1000
        print(
            f"  {label:<24} {p50:>9.1f} {p95:>9.1f} {p95 / 1000 / base:>10.1f} "
            f"{p95 / 1000 / bare:>9.1f}"
        )
    p95 = percentile(results["team report, a year"], 95)
    print(
        f"  team report p95 {p95 * 1000:.0f} ms: {'within' if p95 < 1 else 'OVER'} the 1 s target"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--specialists", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pg-url", default=os.environ.get("IPSCRM_BENCH_PG_URL", PG_URL))
    parser.add_argument("--reload", action="store_true", help="Rebuild the data set.")
    args = parser.parse_args()
    today = date.today()
    targets = []
    if args.db in ("sqlite", "both"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"reports-{args.contacts}-{args.specialists}.db"
        targets.append(("SQLite", "sqlite:///" + str(path)))
    if args.db in ("postgres", "both"):
        targets.append(("PostgreSQL", args.pg_url))
    for name, url in targets:
        if args.reload or not already_loaded(url, args.contacts, args.specialists):
            if url.startswith("sqlite"):
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            print(f"{name}: loading {args.contacts:,} contacts, {args.specialists} specialists ...")
            t = time.perf_counter()
            fresh_schema(url)
            load(url, args.contacts, args.specialists, today)
            print(f"  loaded in {time.perf_counter() - t:.0f} s")
        else:
            print(f"{name}: reusing the loaded data set (brought to the latest migrations)")
            upgrade(url)
        report(name, measure(url, args.specialists, args.runs, today))


if __name__ == "__main__":
    main()

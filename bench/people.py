"""Benchmark of the access and jobseeker pages: server time of the jobseeker list (a
supervisor's team of 10 specialists with 20 jobseekers each), a jobseeker profile (30
contacts, 3 job starts) and the login throttle (a failed login, and an attempt refused
while throttled), each next to a bare Flask route measured in the same run.

Run: .venv/bin/python bench/people.py [--rounds 200] [--database-url URL]
(SQLite in a temporary folder by default; pass a PostgreSQL URL to measure there —
its tables are emptied first.)"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _time(client, method: str, path: str, rounds: int, **kwargs) -> list[float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.open(path, method=method, **kwargs)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code < 500, (path, response.status_code)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ipscrm-bench-people-"))
    os.environ["IPSCRM_INSTANCE_PATH"] = str(tmp / "instance")
    url = args.database_url or "sqlite:///" + str(tmp / "bench.db")

    import sqlalchemy as sa

    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()

    from ipscrm import create_app
    from ipscrm.migrations_support import upgrade_all
    from ipscrm.models import Role

    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SEARCH_INDEX_DIR": str(tmp / "search-index"),
            "LOGIN_IP_MAX_FAILURES": 10**9,
            "LOGIN_MAX_FAILURES": 10**9,
        }
    )
    app.add_url_rule("/__bare", "bare", lambda: "ok")
    with app.app_context():
        upgrade_all(app)
        from ipscrm.services import contacts
        from ipscrm.services.jobseekers import record_job_start
        from ipscrm.timeutil import today
        from tests.factories import Factory

        f = Factory()
        team = f.team("Bench")
        f.user(role=Role.SUPERVISOR, team=team, email="sup@bench.no")
        employers = [f.employer() for _ in range(30)]
        profile_id = None
        for _ in range(10):
            specialist = f.user(team=team)
            for _ in range(20):
                jobseeker = f.jobseeker(specialist)
                profile_id = profile_id or jobseeker.id
                if jobseeker.id == profile_id:
                    for employer in employers:
                        contacts.log_contact(
                            specialist,
                            contacts.ContactInput(
                                employer_id=employer.id, jobseeker_id=jobseeker.id
                            ),
                        )
                    for employer in employers[:3]:
                        record_job_start(specialist, jobseeker.id, employer.id, "Jobb", today())

    client = app.test_client()
    client.post("/login", data={"email": "sup@bench.no", "password": "correct horse battery"})
    anonymous = app.test_client()
    app.config["LOGIN_DELAY_SECONDS"] = 0  # failed logins without a wait: measure the work
    refused = app.test_client()

    cases = [
        ("bare Flask route", client, "GET", "/__bare", {}),
        ("jobseeker list (page of 50 of 200)", client, "GET", "/jobseekers/", {}),
        ("jobseeker list, filtered", client, "GET", "/jobseekers/?status=searching", {}),
        ("jobseeker profile", client, "GET", f"/jobseekers/{profile_id}", {}),
        (
            "failed login (throttle check + record)",
            anonymous,
            "POST",
            "/login",
            {"data": {"email": "nobody@bench.no", "password": "wrong"}},
        ),
    ]
    results = {}
    for name, c, method, path, kwargs in cases:
        _time(c, method, path, 10, **kwargs)  # warm up
        results[name] = _time(c, method, path, args.rounds, **kwargs)
    # Attempts refused while throttled: a real delay, so every attempt is refused at once.
    app.config["LOGIN_DELAY_SECONDS"] = 3600
    for _ in range(2):
        refused.post("/login", data={"email": "locked@bench.no", "password": "wrong"})
    results["refused login attempt (throttled)"] = _time(
        refused,
        "POST",
        "/login",
        args.rounds,
        data={"email": "locked@bench.no", "password": "wrong"},
    )

    base = statistics.median(results["bare Flask route"])
    print(f"database: {url.split('://')[0]}   rounds: {args.rounds}")
    print(f"{'case':45} {'median ms':>10} {'p95 ms':>8} {'× bare':>8}")
    for name, timings in results.items():
        median = statistics.median(timings)
        print(f"{name:45} {median:10.2f} {_percentile(timings, 0.95):8.2f} {median / base:8.1f}")


if __name__ == "__main__":
    main()

"""What the plugins cost: rendering the ``employer_badges`` slot for a page of employer
rows and building the plugins' search-document fields, with the first-party plugins on,
against the same work in safe mode (no plugin) measured in the same run.

Run: ``.venv/bin/python bench/plugins.py [--employers 200] [--rounds 5]``"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import render_template_string  # noqa: E402

from ipscrm import create_app  # noqa: E402
from ipscrm.migrations_support import upgrade_all  # noqa: E402

TEMPLATE = "{% for e in employers %}{{ slot('employer_badges', employer=e) }}{% endfor %}"


def build(tmp: str, safe: bool):
    config = {
        "TESTING": True,
        "DATABASE_URL": "sqlite:///" + os.path.join(tmp, "bench.db"),
        "SECRET_KEY": "bench",
        "SAFE_MODE": safe,
        "PLUGINS": None,
        "SEARCH_INDEX_DIR": os.path.join(tmp, "index"),
    }
    return create_app(config)


def seed(app, count: int) -> None:
    from ipscrm_substance_free import services as sf

    from ipscrm.services import employers

    with app.app_context():
        upgrade_all(app)
        for n in range(count):
            code = "56.301" if n % 10 == 0 else "47.110"
            employer = employers.create_employer(
                {"name": f"Bench {n} AS", "industry_code_1": code}, None, tags=[]
            )
            if n % 2 == 0:
                sf.save_employer_facts(
                    employer.id,
                    {
                        "substance_free_assessment": "yes",
                        "substance_free_verified_on": date(2026, 1, 5),
                    },
                    None,
                )


def measure(app, rounds: int) -> tuple[float, float]:
    import sqlalchemy as sa

    from ipscrm.extensions import db
    from ipscrm.models import Employer

    with app.test_request_context("/"):
        rows = list(db.session.scalars(sa.select(Employer).order_by(Employer.id).limit(50)))
        ids = list(db.session.scalars(sa.select(Employer.id)))
        pm = app.extensions["ipscrm_plugins"]
        best_slot = best_docs = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            render_template_string(TEMPLATE, employers=rows)
            best_slot = min(best_slot, time.perf_counter() - start)
            start = time.perf_counter()
            pm.hook.ipscrm_search_documents(employer_ids=ids)
            best_docs = min(best_docs, time.perf_counter() - start)
    return best_slot, best_docs


def main() -> None:
    import logging

    logging.getLogger("alembic").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IPSCRM_INSTANCE_PATH"] = os.path.join(tmp, "instance")
        on = build(tmp, safe=False)
        seed(on, args.employers)
        off = build(tmp, safe=True)
        slot_on, docs_on = measure(on, args.rounds)
        slot_off, docs_off = measure(off, args.rounds)
    print(f"employers: {args.employers}, rows rendered: 50, best of {args.rounds} rounds")
    print(f"badges slot, safe mode (baseline): {slot_off * 1000:8.2f} ms")
    print(
        f"badges slot, plugins on:           {slot_on * 1000:8.2f} ms  ({slot_on / slot_off:.1f}x)"
    )
    print(
        f"search-document fields, safe mode: {docs_off * 1000:8.2f} ms (no plugin: nothing to add)"
    )
    print(
        f"search-document fields, plugins:   {docs_on * 1000:8.2f} ms"
        f"  ({docs_on / args.employers * 1e6:.0f} µs per employer, {args.employers} employers)"
    )


if __name__ == "__main__":
    main()

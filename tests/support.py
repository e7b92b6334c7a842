"""Helpers shared by the test fixtures and by tests that build apps of their own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from ipscrm.extensions import db

PG_URL = os.environ.get("IPSCRM_TEST_DATABASE_URL")
FAST_HASH = "pbkdf2:sha256:1000"


def base_config(tmp_path: Path, url: str) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
    }


def migrate_to_head(app: Flask) -> None:
    from ipscrm.migrations_support import upgrade_all

    with app.app_context():
        upgrade_all(app)


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def enabled_plugins_from_environment() -> list[str]:
    """The plugins a test app runs with the current IPSCRM_* environment."""
    from ipscrm.config import _env_settings
    from ipscrm.plugins import enabled_plugin_names

    return enabled_plugin_names(_env_settings(os.environ))


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of its own (a SQLite file, or a PostgreSQL
    database created for the test and dropped after it)."""
    if not PG_URL:
        yield "sqlite:///" + str(tmp_path / f"fresh-{uuid.uuid4().hex[:8]}.db")
        return
    import sqlalchemy as sa

    name = f"ipscrm_fresh_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

"""Test fixtures for the core and the first-party plugins: an app with a clean, fully
migrated database per test.

SQLite by default; PostgreSQL when IPSCRM_TEST_DATABASE_URL is set (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). The schema is built once per run
with the real migrations; each test then gets a copy of it (SQLite) or emptied tables
(PostgreSQL)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from flask import Flask

from ipscrm import create_app
from tests.support import (
    FAST_HASH,
    PG_URL,
    base_config,
    dispose,
    enabled_plugins_from_environment,
    migrate_to_head,
)

pytest_plugins = ["tests.plugin_fixtures"]


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--safe-mode",
        action="store_true",
        help="Run the suite in safe mode (IPSCRM_SAFE_MODE=true): no plugin runs.",
    )


def pytest_configure(config) -> None:
    if config.getoption("--safe-mode"):
        os.environ["IPSCRM_SAFE_MODE"] = "true"


def pytest_report_header(config) -> str:
    plugins = ", ".join(enabled_plugins_from_environment()) or "none (safe mode or disabled)"
    return f"ipscrm database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite'}; plugins: {plugins}"


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``plugin(name)`` skip when that plugin does not run (safe mode, or
    left out of IPSCRM_PLUGINS): the schema built for the suite has no tables for it."""
    enabled = set(enabled_plugins_from_environment())
    for item in items:
        for marker in item.iter_markers("plugin"):
            name = marker.args[0]
            if name not in enabled:
                item.add_marker(pytest.mark.skip(reason=f"plugin {name!r} is not enabled"))


@pytest.fixture(scope="session")
def schema_source(tmp_path_factory) -> str:
    """Build the schema once: a template SQLite file, or the PostgreSQL test database."""
    tmp = tmp_path_factory.mktemp("schema")
    os.environ["IPSCRM_INSTANCE_PATH"] = str(tmp / "instance")
    if PG_URL:
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        url = PG_URL
    else:
        url = "sqlite:///" + str(tmp / "template.db")
    app = create_app(base_config(tmp, url))
    migrate_to_head(app)
    dispose(app)
    return url


_PG_ENGINES: dict[str, sa.Engine] = {}


def _empty_postgres(url: str) -> None:
    """Empty every table and restart the id sequences. DELETE with triggers (and so
    foreign-key checks) off is many times faster than TRUNCATE on small tables."""
    engine = _PG_ENGINES.get(url)
    if engine is None:
        engine = _PG_ENGINES[url] = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        tables = [name for name in sa.inspect(conn).get_table_names() if name != "alembic_version"]
        sequences = (
            conn.exec_driver_sql(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = 'public'"
            )
            .scalars()
            .all()
        )
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in tables:
            conn.exec_driver_sql(f'DELETE FROM "{table}"')
        for sequence in sequences:
            conn.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" RESTART')


@pytest.fixture
def db_url(schema_source: str, tmp_path: Path) -> str:
    """A clean, migrated database for this test."""
    if PG_URL:
        _empty_postgres(PG_URL)
        return PG_URL
    path = tmp_path / "ipscrm.db"
    shutil.copyfile(schema_source.removeprefix("sqlite:///"), path)
    return "sqlite:///" + str(path)


@pytest.fixture
def app(db_url: str, tmp_path: Path, monkeypatch) -> Iterator[Flask]:
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(base_config(tmp_path, db_url))
    with application.app_context():
        from ipscrm.services.catalogue import seed_accommodation_types

        seed_accommodation_types()  # PostgreSQL tables were emptied
    yield application
    dispose(application)


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def run_cli(db_url: str, tmp_path: Path, monkeypatch):
    """Run ``ipscrm ...`` as a fresh process would: the app is built from the
    environment, so every call opens the database anew."""
    from ipscrm.cli import cli

    monkeypatch.setenv("IPSCRM_DATABASE_URL", db_url)
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IPSCRM_PASSWORD_HASH_METHOD", FAST_HASH)
    monkeypatch.setenv("IPSCRM_SEARCH_INDEX_DIR", str(tmp_path / "search-index"))

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def reopen(db_url: str):
    """A fresh engine on the test database, to check what a command really stored."""
    engines = []

    def connect() -> sa.Connection:
        engine = sa.create_engine(db_url)
        engines.append(engine)
        return engine.connect()

    yield connect
    for engine in engines:
        engine.dispose()


@pytest.fixture
def factory(app_ctx):
    from tests.factories import Factory

    return Factory()


@pytest.fixture
def login(app, client):
    """Log a user in on the test client without going through the form."""
    from flask_login.utils import _create_identifier

    from ipscrm.extensions import db
    from ipscrm.models import User

    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()  # what session protection expects

    def do_login(user) -> None:
        with client.session_transaction() as session:
            with app.app_context():  # the id carries a key of the user's password
                session["_user_id"] = db.session.get(User, user.id).get_id()
            session["_fresh"] = True
            session["_id"] = identifier

    return do_login

"""Migrations: empty → head, head → base → head, and the migrated schema equals the
models (no autogenerate drift), on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade

from ipscrm import create_app
from ipscrm.extensions import db
from ipscrm.migrations_support import expected_tables
from ipscrm.models.employer_text import is_text_index_object
from tests.support import PG_URL, base_config, dispose, migrate_to_head


@pytest.fixture
def empty_url(tmp_path):
    """A database of its own, since this test migrates down to nothing."""
    if not PG_URL:
        yield "sqlite:///" + str(tmp_path / "migrations.db")
        return
    name = f"ipscrm_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


# The employer text index (ipscrm/models/employer_text.py) is not modelled: it is an FTS5
# table with triggers on SQLite and GIN indexes on PostgreSQL, which SQLAlchemy's models
# cannot express for one database and not the other; migration 0004_employer_text
# creates it. So the comparison with the models leaves it out (as migrations/env.py
# does); tests/test_employer_text_search.py checks it instead.


def _tables(app) -> set[str]:
    with app.app_context():
        names = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_text_index_object(name, "table")}


def _drift(app) -> list:
    """Differences between the migrated schema and the models of the core and the
    enabled plugins (a disabled plugin's models may be imported by other tests)."""
    expected = expected_tables(app)

    def include_object(obj, name, type_, reflected, compare_to):
        if is_text_index_object(name, type_):
            return False
        return type_ != "table" or name in expected

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade_without_drift(empty_url, tmp_path):
    app = create_app(base_config(tmp_path, empty_url))
    try:
        migrate_to_head(app)
        assert _tables(app) == expected_tables(app)
        assert _drift(app) == []
        with app.app_context():
            assert (
                db.session.execute(sa.text("SELECT count(*) FROM accommodation_types")).scalar()
                == 14
            )
            db.session.remove()
            downgrade(revision="base")
        assert _tables(app) == set()
        migrate_to_head(app)
        assert _drift(app) == []
    finally:
        dispose(app)


def test_sqlite_has_wal_and_foreign_keys(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

"""Fixtures for tests that build apps with plugins of their own choosing (the example
plugin in tests/plugin_example, or the first-party plugins on a database of their own),
so they also run in safe mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from ipscrm import create_app, plugins
from tests.support import FAST_HASH, base_config, dispose, fresh_database, migrate_to_head

EXAMPLE_ENTRY_POINT = EntryPoint(
    name="example", value="tests.plugin_example", group=plugins.ENTRY_POINT_GROUP
)


@pytest.fixture
def example_installed(monkeypatch) -> None:
    """Make the example plugin look installed (as if it had an entry point)."""
    real = plugins.plugin_entry_points
    monkeypatch.setattr(plugins, "plugin_entry_points", lambda: [*real(), EXAMPLE_ENTRY_POINT])


@pytest.fixture
def own_db(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def make_app(own_db: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps on ``own_db`` with the plugins given, safe mode off unless asked."""
    built: list[Flask] = []

    def make(plugin_names: list[str] | None, migrate: bool = True, **config) -> Flask:
        settings = base_config(tmp_path, own_db) | {"PLUGINS": plugin_names, "SAFE_MODE": False}
        app = create_app(settings | config)
        built.append(app)
        if migrate:
            migrate_to_head(app)
        return app

    yield make
    for app in built:
        dispose(app)


@pytest.fixture
def example_app(example_installed, make_app) -> Flask:
    return make_app(["example"])


@pytest.fixture
def cli_on_own_db(own_db: str, tmp_path: Path, monkeypatch) -> Callable[..., Result]:
    """Run ``ipscrm ...`` against ``own_db`` with ``plugins`` (a list) enabled."""
    from ipscrm.cli import cli

    monkeypatch.setenv("IPSCRM_DATABASE_URL", own_db)
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IPSCRM_PASSWORD_HASH_METHOD", FAST_HASH)
    monkeypatch.setenv("IPSCRM_SEARCH_INDEX_DIR", str(tmp_path / "search-index"))
    monkeypatch.setenv("IPSCRM_SAFE_MODE", "false")

    def invoke(*args: str, plugins: list[str] | None = None, safe_mode: bool = False) -> Result:
        import json

        monkeypatch.setenv("IPSCRM_PLUGINS", json.dumps(plugins))
        monkeypatch.setenv("IPSCRM_SAFE_MODE", "true" if safe_mode else "false")
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def login_as(app: Flask, client, user_id: int) -> None:
    """Log ``user_id`` in on ``client`` without the form (for apps built in a test)."""
    from flask_login.utils import _create_identifier

    from ipscrm.extensions import db
    from ipscrm.models import User

    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
        session_id = db.session.get(User, user_id).get_id()
    with client.session_transaction() as session:
        session.clear()
        session.update({"_user_id": session_id, "_fresh": True, "_id": identifier})

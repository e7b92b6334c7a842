"""The plugin system: which plugins run (configuration, safe mode), ``ipscrm plugins
list``, migrations per plugin branch (upgrade, downgrade to base, disable and re-enable
without losing data) and the admins' plugin page. These tests build apps on a database
of their own with the plugins they name, so they run in safe mode too."""

from __future__ import annotations

import json
import logging

import sqlalchemy as sa

from ipscrm import create_app
from ipscrm.hookspecs import hookimpl
from ipscrm.models import Role
from ipscrm.plugins import enabled_plugin_names
from tests.factories import Factory
from tests.plugin_fixtures import login_as
from tests.support import base_config, dispose


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _query(url: str, sql: str) -> list:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.exec_driver_sql(sql)]
    finally:
        engine.dispose()


def test_configuration_chooses_plugins_and_safe_mode_runs_none(caplog):
    assert "substance_free" in enabled_plugin_names({})
    assert enabled_plugin_names({"PLUGINS": []}) == []
    assert enabled_plugin_names({"PLUGINS": "substance_free, nosuch"}) == ["substance_free"]
    assert "nosuch" in caplog.text
    assert enabled_plugin_names({"SAFE_MODE": True, "PLUGINS": ["substance_free"]}) == []


def test_safe_mode_app_loads_no_plugin(make_app):
    app = make_app(None, migrate=False, SAFE_MODE=True)
    pm = app.extensions["ipscrm_plugins"]
    assert pm.get_plugin("substance_free") is None
    assert "substance_free.index" not in app.view_functions
    assert "SUBSTANCE_FREE_REVIEW_DAYS" not in app.config
    # The core's own hooks still run (the admins' plugin page).
    assert "plugins_admin.index" in app.view_functions


def test_plugins_list_shows_installed_enabled_versions_and_hooks(cli_on_own_db):
    result = cli_on_own_db("plugins", "list", plugins=["substance_free"])
    assert result.exit_code == 0, result.output
    assert "substance_free 0.1.0 (ipscrm-substance-free) - enabled" in result.output
    assert "ipscrm_match_rules" in result.output and "ipscrm_migrations" in result.output
    data = json.loads(cli_on_own_db("plugins", "list", "--json", plugins=[]).output)
    entry = next(p for p in data if p["name"] == "substance_free")
    assert entry["enabled"] is False and entry["hooks"] == [] and entry["version"] == "0.1.0"
    safe = cli_on_own_db("plugins", "list", safe_mode=True)
    assert "Safe mode: no plugin runs." in safe.output and "- disabled" in safe.output


def test_db_upgrade_upgrades_core_and_enabled_plugins(cli_on_own_db, own_db):
    result = cli_on_own_db("db", "upgrade", plugins=["substance_free"])
    assert result.exit_code == 0, result.output
    assert "core, substance_free" in result.output
    tables = _tables(own_db)
    assert {"employers", "substance_free_employers", "substance_free_jobseekers"} <= tables
    versions = {v for (v,) in _query(own_db, "SELECT version_num FROM alembic_version")}
    assert "sf_0001" in versions


def test_db_downgrade_plugin_to_base_removes_its_tables(cli_on_own_db, own_db):
    cli_on_own_db("db", "upgrade", plugins=["substance_free"])
    result = cli_on_own_db("db", "downgrade", "substance_free@base", plugins=["substance_free"])
    assert result.exit_code == 0, result.output
    tables = _tables(own_db)
    assert "substance_free_employers" not in tables and "substance_free_jobseekers" not in tables
    assert "employers" in tables
    versions = {v for (v,) in _query(own_db, "SELECT version_num FROM alembic_version")}
    assert "sf_0001" not in versions and versions  # the core stays at its head


def test_enable_disable_reenable_keeps_the_plugins_data(cli_on_own_db, own_db, tmp_path):
    from ipscrm_substance_free import services

    # A database that never had the plugin.
    assert cli_on_own_db("db", "upgrade", plugins=[]).exit_code == 0
    assert "substance_free_employers" not in _tables(own_db)
    core_only = create_app(base_config(tmp_path, own_db) | {"PLUGINS": []})
    with core_only.app_context():
        employer_id = Factory().employer(name="Rusfri Bakst AS").id
    dispose(core_only)

    # Enable: upgrade creates the plugin's tables, the existing employer gets facts.
    assert cli_on_own_db("db", "upgrade", plugins=["substance_free"]).exit_code == 0
    enabled = create_app(base_config(tmp_path, own_db) | {"PLUGINS": ["substance_free"]})
    with enabled.app_context():
        services.save_employer_facts(employer_id, {"substance_free_assessment": "yes"}, None)
    dispose(enabled)

    # Disable: the app and upgrades work, the tables and rows stay.
    result = cli_on_own_db("db", "upgrade", plugins=[])
    assert result.exit_code == 0 and "substance_free" not in result.output
    disabled = create_app(base_config(tmp_path, own_db) | {"PLUGINS": []})
    with disabled.app_context():
        Factory().employer(name="Ny AS")
    assert "substance_free.index" not in disabled.view_functions
    dispose(disabled)
    rows = _query(own_db, "SELECT employer_id, assessment FROM substance_free_employers")
    assert rows == [(employer_id, "yes")]

    # Re-enable: nothing to migrate, the facts are back.
    assert cli_on_own_db("db", "upgrade", plugins=["substance_free"]).exit_code == 0
    again = create_app(base_config(tmp_path, own_db) | {"PLUGINS": ["substance_free"]})
    with again.app_context():
        from ipscrm.services.employers import get_employer

        assert services.employer_status(get_employer(employer_id)).value == "yes"
    dispose(again)


def test_plugin_page_for_admins_only(make_app, caplog):
    app = make_app(["substance_free"])
    with app.app_context():
        admin, specialist = Factory().user(role=Role.ADMIN), Factory().user()
        admin_id, specialist_id = admin.id, specialist.id
    client = app.test_client()
    login_as(app, client, specialist_id)
    assert client.get("/admin/plugins/").status_code == 403
    assert 'href="/admin/plugins/"' not in client.get("/").get_data(as_text=True)
    login_as(app, client, admin_id)
    page = client.get("/admin/plugins/").get_data(as_text=True)
    assert "substance_free" in page and "ipscrm-substance-free" in page and "På" in page
    assert 'href="/admin/plugins/"' in page


def test_a_failing_event_hook_does_not_fail_the_save(make_app, caplog):
    class Broken:
        @hookimpl
        def ipscrm_employer_saved(self, employer_id, created, user_id):
            raise RuntimeError("boom")

    app = make_app([])
    app.extensions["ipscrm_plugins"].register(Broken(), name="broken")
    with app.app_context(), caplog.at_level(logging.ERROR):
        employer = Factory().employer(name="Lagret AS")
        assert employer.id is not None
    assert "ipscrm_employer_saved failed" in caplog.text

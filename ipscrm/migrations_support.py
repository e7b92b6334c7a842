"""Migrations of the core and of the plugins.

The core's revisions form the Alembic branch ``core``; each plugin brings a branch of its
own, labelled with the plugin's name, in ``<plugin package>/migrations/versions`` (the
``ipscrm_migrations`` hook names the folder of an enabled plugin). ``upgrade_all`` brings
the core and every enabled plugin to their heads. The folders of installed but disabled
plugins stay known to Alembic, so a database that once had a plugin enabled keeps
working, and its tables and data stay until ``ipscrm db downgrade <plugin>@base``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask

from ipscrm import plugins
from ipscrm.plugins import package_folder, plugin_package

CORE_BRANCH = "core"


@dataclass(frozen=True)
class MigrationBranch:
    label: str
    path: str


def _conventional_folder(entry_point_value: str) -> str | None:
    """``<package>/migrations/versions`` of an installed plugin, found without importing
    it (importing would register a disabled plugin's tables)."""
    folder = package_folder(plugin_package(entry_point_value))
    if folder is None:
        return None
    versions = os.path.join(folder, "migrations", "versions")
    return versions if os.path.isdir(versions) else None


def plugin_branches(app: Flask) -> list[MigrationBranch]:
    """The migration branch of every enabled plugin that has one."""
    pm = app.extensions.get("ipscrm_plugins")
    if pm is None:
        return []
    branches = []
    for impl in pm.hook.ipscrm_migrations.get_hookimpls():
        path = impl.function()
        if path:
            branches.append(MigrationBranch(label=impl.plugin_name, path=os.path.abspath(path)))
    return sorted(branches, key=lambda b: b.label)


def installed_version_folders(app: Flask) -> list[str]:
    """Version folders of every installed plugin, enabled or not."""
    folders = {b.path for b in plugin_branches(app)}
    for ep in plugins.plugin_entry_points():
        folder = _conventional_folder(ep.value)
        if folder:
            folders.add(os.path.abspath(folder))
    return sorted(folders)


def configure_version_locations(config: Any) -> Any:
    """Flask-Migrate configure callback: the core's versions folder and every installed
    plugin's branch, known before Alembic resolves a revision such as ``plugin@head``."""
    from flask import current_app

    locations = [os.path.join(config.get_main_option("script_location"), "versions")]
    locations.extend(installed_version_folders(current_app))
    config.set_main_option("path_separator", "space")
    config.set_main_option("version_locations", " ".join(locations))
    return config


def install(migrate: Any) -> None:
    """Register :func:`configure_version_locations` with the Migrate extension (once)."""
    if configure_version_locations not in migrate.configure_callbacks:
        migrate.configure(configure_version_locations)


def upgrade_all(app: Flask, sql: bool = False) -> list[str]:
    """Upgrade the core and every enabled plugin; returns the branches upgraded."""
    from flask_migrate import upgrade

    targets = [CORE_BRANCH] + [b.label for b in plugin_branches(app)]
    for label in targets:
        upgrade(revision=f"{label}@head", sql=sql)
    return targets


def table_owner(table: sa.Table) -> str:
    """``core`` or the name of the plugin whose models define ``table``: the table's
    ``info["plugin"]`` when set, else the package of its mapped class."""
    from ipscrm.models.base import Base

    if table.info.get("plugin"):
        return table.info["plugin"]
    modules = [m.class_.__module__ for m in Base.registry.mappers if table in m.tables]
    for ep in plugins.plugin_entry_points():
        package = plugin_package(ep.value)
        if any(m == package or m.startswith(package + ".") for m in modules):
            return ep.name
    return CORE_BRANCH


def expected_tables(app: Flask) -> set[str]:
    """The tables of the core and of the enabled plugins (what the migrations create)."""
    from ipscrm.extensions import db

    pm = app.extensions.get("ipscrm_plugins")
    enabled = {CORE_BRANCH} | ({name for name, _ in pm.list_name_plugin()} if pm else set())
    return {name for name, table in db.metadata.tables.items() if table_owner(table) in enabled}


def is_foreign_table(app: Flask, name: str) -> bool:
    """A table in the database that no enabled code knows of (a disabled plugin's)."""
    return name not in expected_tables(app) and name != "alembic_version"

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
from importlib.metadata import entry_points
from importlib.util import find_spec

from flask import Flask

CORE_BRANCH = "core"


@dataclass(frozen=True)
class MigrationBranch:
    label: str
    path: str


def _conventional_folder(entry_point_value: str) -> str | None:
    """``<package>/migrations/versions`` of an installed plugin, found without importing
    it (importing would register a disabled plugin's tables)."""
    package = entry_point_value.split(":", 1)[0].split(".", 1)[0]
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = os.path.join(list(spec.submodule_search_locations)[0], "migrations", "versions")
    return folder if os.path.isdir(folder) else None


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
    for ep in entry_points(group="ipscrm.plugins"):
        folder = _conventional_folder(ep.value)
        if folder:
            folders.add(os.path.abspath(folder))
    return sorted(folders)


def upgrade_all(app: Flask, sql: bool = False) -> list[str]:
    """Upgrade the core and every enabled plugin; returns the branches upgraded."""
    from flask_migrate import upgrade

    targets = [CORE_BRANCH] + [b.label for b in plugin_branches(app)]
    for label in targets:
        upgrade(revision=f"{label}@head", sql=sql)
    return targets


def is_foreign_table(app: Flask, name: str) -> bool:
    """A table in the database that no enabled code knows of (a disabled plugin's)."""
    from ipscrm.extensions import db

    return name not in db.metadata.tables and name != "alembic_version"

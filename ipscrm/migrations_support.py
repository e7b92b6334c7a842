"""What Alembic needs from the plugin system: where each enabled plugin keeps its
migration branch, and which tables belong to plugins that are not enabled."""

from __future__ import annotations

from flask import Flask


def plugin_version_locations(app: Flask) -> list[str]:
    """Folders of the enabled plugins' Alembic branches."""
    pm = app.extensions.get("ipscrm_plugins")
    if pm is None or not hasattr(pm.hook, "ipscrm_migrations"):
        return []
    return [path for path in pm.hook.ipscrm_migrations() if path]


def is_foreign_table(app: Flask, name: str) -> bool:
    """A table in the database that no enabled code knows of (a disabled plugin's)."""
    from ipscrm.extensions import db

    return name not in db.metadata.tables and name != "alembic_version"

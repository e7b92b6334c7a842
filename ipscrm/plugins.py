"""Plugin discovery and the plugin manager.

Plugins are found through the entry-point group ``ipscrm.plugins``. Which of them run is
set by ``PLUGINS`` (a list of names; default: every installed plugin) and ``SAFE_MODE``
(none at all). Core features register through the same manager."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import pluggy
from flask import Flask, current_app

from ipscrm import hookspecs

ENTRY_POINT_GROUP = "ipscrm.plugins"

# Core modules that implement hooks themselves, the way Datasette's default plugins do.
DEFAULT_PLUGINS: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstalledPlugin:
    name: str
    module: str
    distribution: str | None
    version: str | None


def installed_plugins() -> list[InstalledPlugin]:
    """Every plugin installed in this environment, enabled or not."""
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        found.append(
            InstalledPlugin(
                name=ep.name,
                module=ep.value,
                distribution=dist.name if dist else None,
                version=dist.version if dist else None,
            )
        )
    return sorted(found, key=lambda p: p.name)


def enabled_plugin_names(config: dict[str, Any]) -> list[str]:
    if config.get("SAFE_MODE"):
        return []
    wanted = config.get("PLUGINS")
    installed = [p.name for p in installed_plugins()]
    if wanted is None:
        return installed
    if isinstance(wanted, str):
        wanted = [name.strip() for name in wanted.split(",") if name.strip()]
    return [name for name in wanted if name in installed]


def make_plugin_manager(config: dict[str, Any]) -> pluggy.PluginManager:
    import importlib

    pm = pluggy.PluginManager("ipscrm")
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    enabled = set(enabled_plugin_names(config))
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in enabled and pm.get_plugin(ep.name) is None:
            pm.register(ep.load(), name=ep.name)
    return pm


def init_app(app: Flask) -> None:
    """Load the enabled plugins, apply their default settings, add their commands."""
    pm = make_plugin_manager(app.config)
    app.extensions["ipscrm_plugins"] = pm
    for defaults in pm.hook.ipscrm_default_settings():
        for key, value in (defaults or {}).items():
            app.config.setdefault(key, value)
    for commands in pm.hook.ipscrm_cli_commands():
        for command in commands or []:
            app.cli.add_command(command)


def init_web(app: Flask) -> None:
    """Register the plugins' blueprints and navigation entries (after the core's)."""
    from ipscrm.web import nav

    pm = app.extensions["ipscrm_plugins"]
    for blueprints in pm.hook.ipscrm_blueprints():
        for blueprint in blueprints or []:
            app.register_blueprint(blueprint)
    for items in pm.hook.ipscrm_nav_items():
        for item in items or []:
            nav.add_item(app, item)


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str | None
    distribution: str | None
    enabled: bool
    hooks: tuple[str, ...]


def describe_plugins(app: Flask) -> list[PluginInfo]:
    """Every installed plugin: version, whether it runs, which hooks it implements."""
    pm = app.extensions["ipscrm_plugins"]
    result = []
    for plugin in installed_plugins():
        loaded = pm.get_plugin(plugin.name)
        hooks = tuple(sorted(c.name for c in pm.get_hookcallers(loaded))) if loaded else ()
        result.append(
            PluginInfo(
                name=plugin.name,
                version=plugin.version,
                distribution=plugin.distribution,
                enabled=loaded is not None,
                hooks=hooks,
            )
        )
    return result


def get_pm() -> pluggy.PluginManager:
    return current_app.extensions["ipscrm_plugins"]

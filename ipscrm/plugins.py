"""Plugin discovery and the plugin manager.

Plugins are found through the entry-point group ``ipscrm.plugins``. Which of them run is
set by ``PLUGINS`` (a list of names; default: every installed plugin) and ``SAFE_MODE``
(none at all). Core features register through the same manager (``DEFAULT_PLUGINS``),
the way Datasette's default plugins do."""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from importlib.util import find_spec
from typing import Any

import pluggy
from flask import Flask, current_app

from ipscrm import hookspecs

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "ipscrm.plugins"

# Core modules that implement hooks themselves, registered even in safe mode.
DEFAULT_PLUGINS: tuple[str, ...] = ("ipscrm.web.plugins_admin",)


@dataclass(frozen=True)
class InstalledPlugin:
    name: str
    module: str
    distribution: str | None
    version: str | None


def plugin_entry_points() -> list[EntryPoint]:
    """The entry points of the group ``ipscrm.plugins`` (one per installed plugin)."""
    return list(entry_points(group=ENTRY_POINT_GROUP))


def plugin_package(module: str) -> str:
    """The package a plugin lives in: its entry-point module if that is a package,
    else the module's parent package. Found without importing the plugin itself."""
    module = module.split(":", 1)[0]
    if "." not in module:
        return module
    spec = find_spec(module)
    if spec is not None and spec.submodule_search_locations:
        return module
    return module.rsplit(".", 1)[0]


def package_folder(package: str) -> str | None:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def installed_plugins() -> list[InstalledPlugin]:
    """Every plugin installed in this environment, enabled or not."""
    found = []
    for ep in plugin_entry_points():
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
    """The installed plugins that run with ``config`` (none in safe mode)."""
    if config.get("SAFE_MODE"):
        return []
    wanted = config.get("PLUGINS")
    installed = [p.name for p in installed_plugins()]
    if wanted is None:
        return installed
    if isinstance(wanted, str):
        wanted = [name.strip() for name in wanted.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in installed]
    if unknown:
        log.warning("PLUGINS names plugins that are not installed: %s", ", ".join(unknown))
    return [name for name in installed if name in wanted]


def make_plugin_manager(config: dict[str, Any]) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("ipscrm")
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    enabled = set(enabled_plugin_names(config))
    for ep in plugin_entry_points():
        if ep.name in enabled and pm.get_plugin(ep.name) is None:
            pm.register(ep.load(), name=ep.name)
    return pm


def enabled_plugins(pm: pluggy.PluginManager) -> list[tuple[str, Any]]:
    """(name, module) of the loaded plugins that came from entry points."""
    names = {ep.name for ep in plugin_entry_points()}
    return [(name, plugin) for name, plugin in pm.list_name_plugin() if name in names]


def _translation_directories(pm: pluggy.PluginManager) -> list[str]:
    """``<package>/translations`` of every enabled plugin that has one."""
    found = []
    for _name, plugin in enabled_plugins(pm):
        folder = package_folder(plugin_package(plugin.__name__))
        if folder and os.path.isdir(os.path.join(folder, "translations")):
            found.append(os.path.join(folder, "translations"))
    return found


def init_app(app: Flask) -> None:
    """Load the enabled plugins, apply their default settings and translations, add their
    commands."""
    from ipscrm import migrations_support
    from ipscrm.extensions import migrate

    pm = make_plugin_manager(app.config)
    app.extensions["ipscrm_plugins"] = pm
    migrations_support.install(migrate)
    for defaults in pm.hook.ipscrm_default_settings():
        for key, value in (defaults or {}).items():
            app.config.setdefault(key, value)
    directories = [app.config["BABEL_TRANSLATION_DIRECTORIES"], *_translation_directories(pm)]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(directories)
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

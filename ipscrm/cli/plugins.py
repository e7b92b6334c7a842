"""``ipscrm plugins``: which plugins are installed and which run."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ipscrm.cli.common import echo_json
from ipscrm.plugins import describe_plugins


@click.group()
def plugins() -> None:
    """Inspect plugins."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def list_(as_json: bool) -> None:
    """Installed plugins, their versions, whether they are enabled, and their hooks."""
    infos = describe_plugins(current_app)
    if as_json:
        echo_json([info.__dict__ | {"hooks": list(info.hooks)} for info in infos])
        return
    if not infos:
        click.echo("No plugins installed.")
        return
    if current_app.config.get("SAFE_MODE"):
        click.echo("Safe mode: no plugin runs.")
    for info in infos:
        state = "enabled" if info.enabled else "disabled"
        click.echo(f"{info.name} {info.version or ''} ({info.distribution}) - {state}")
        if info.hooks:
            click.echo("  hooks: " + ", ".join(info.hooks))

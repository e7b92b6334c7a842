"""The ``ipscrm`` command: Flask's commands (run, shell, routes, db) and ipscrm's own,
each group in a module of its own that parses arguments and calls services."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from ipscrm.cli import db, demo, imports, plugins, reports, users
from ipscrm.cli import match as match_cli
from ipscrm.cli import search as search_cli
from ipscrm.cli.common import handle_domain_errors


def _create_app():
    from ipscrm import create_app

    return create_app()


class IpscrmGroup(FlaskGroup):
    """Flask's group, with ipscrm's ``db`` in place of Flask-Migrate's."""

    def _load_plugin_commands(self) -> None:
        super()._load_plugin_commands()
        self.add_command(db.db, "db")


@click.group(cls=IpscrmGroup, create_app=_create_app, add_version_option=False)
@click.version_option(package_name="ipscrm")
def cli() -> None:
    """ipscrm: employer-relationship CRM for IPS job specialists."""


for command in (
    users.users,
    demo.demo,
    plugins.plugins,
    imports.import_group,
    reports.report,
    search_cli.search,
    match_cli.match,
):
    cli.add_command(command)


def main() -> None:
    with handle_domain_errors():
        cli.main(prog_name="ipscrm")

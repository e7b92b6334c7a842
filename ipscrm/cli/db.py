"""``ipscrm db``: Flask-Migrate's commands, with ``upgrade`` bringing the core and every
enabled plugin to their heads when no revision is given."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade as alembic_upgrade
from flask_migrate.cli import db as migrate_db

from ipscrm.migrations_support import upgrade_all

db = click.Group(
    "db",
    help="Database migrations (Alembic): the core and a branch per plugin.",
    callback=migrate_db.callback,
    params=list(migrate_db.params),
)
for _name, _command in migrate_db.commands.items():
    if _name != "upgrade":
        db.add_command(_command, _name)


@db.command("upgrade")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it.")
@click.argument("revision", required=False)
@with_appcontext
def upgrade(sql: bool, revision: str | None) -> None:
    """Upgrade the core and every enabled plugin (or to REVISION, e.g. core@head,
    substance_free@head)."""
    if revision:
        alembic_upgrade(revision=revision, sql=sql)
        return
    branches = upgrade_all(current_app, sql=sql)
    if not sql:
        click.echo(f"Database is up to date: {', '.join(branches)}.", err=True)

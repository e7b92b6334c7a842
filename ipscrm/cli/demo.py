"""``ipscrm demo``: load the demo portfolio."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ipscrm.cli.common import handle_domain_errors
from ipscrm.services import demo as demo_service


@click.command("demo")
@click.option("--force", is_flag=True, help="Load even when the database already has data.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data exists.")
@click.option("--seed", default=2026, show_default=True, help="Random seed.")
@with_appcontext
def demo(force: bool, if_empty: bool, seed: int) -> None:
    """Load a realistic Norwegian demo portfolio (only into an empty database)."""
    if if_empty and not demo_service.database_is_empty():
        login = demo_service.demo_login()
        if login:
            click.echo(f"Demo data is loaded. Log in as {login[0]} with the password {login[1]}")
        else:
            click.echo("The database already has data; demo not loaded. Log in with your own user.")
        return
    with handle_domain_errors():
        summary = demo_service.load_demo(force=force, seed=seed)
    click.echo(
        f"Loaded demo data: {summary.users} users, {summary.employers} employers, "
        f"{summary.contacts} contacts, {summary.jobseekers} jobseekers, "
        f"{summary.job_starts} job starts."
    )
    click.echo(f"Log in as {summary.login_email} with the password {summary.password}")

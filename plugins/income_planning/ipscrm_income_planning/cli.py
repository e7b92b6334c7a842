"""``ipscrm income``: G (grunnbeløpet) from the command line."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from ipscrm.cli.common import handle_domain_errors
from ipscrm_income_planning import services


@click.group("income")
def income() -> None:
    """Income planning: G (grunnbeløpet)."""


@income.command("g-set")
@click.option("--from", "valid_from", required=True, help="First day it applies (YYYY-MM-DD).")
@click.option("--amount", required=True, type=int, help="G in kroner a year, e.g. 130160.")
@with_appcontext
def g_set(valid_from: str, amount: int) -> None:
    """Add G from a date (or correct the amount for that date)."""
    try:
        day = date.fromisoformat(valid_from)
    except ValueError:
        message = f"{valid_from!r} is not a date (YYYY-MM-DD)"
        raise click.BadParameter(message, param_hint="--from") from None
    with handle_domain_errors():
        row = services.set_g(day, amount, None)
    click.echo(f"G from {row.valid_from.isoformat()}: {row.amount} kr")


@income.command("g-list")
@with_appcontext
def g_list() -> None:
    """G by the date it applies from, newest first."""
    for row in services.g_values():
        click.echo(f"{row.valid_from.isoformat()}  {row.amount} kr")

"""``ipscrm report``: fidelity figures of a team and a specialist's weekly contacts, as
a table, CSV or JSON. The command line runs with the database owner's rights; its
output carries figures and names of specialists, never jobseeker references."""

from __future__ import annotations

import csv
import sys
from datetime import timedelta

import click
from flask.cli import with_appcontext

from ipscrm.cli.common import echo_json, handle_domain_errors
from ipscrm.services import users as users_service
from ipscrm.services.reports import build_report, tables
from ipscrm.services.reports.periods import IsoWeek, Period, make_period
from ipscrm.services.reports.scope import find_team, specialist_scope, team_scope
from ipscrm.timeutil import today

FORMATS = click.Choice(["table", "csv", "json"])
# Tables without jobseeker references: what the command line may print.
CLI_TABLES = [
    "summary",
    "specialists",
    "weekly",
    "weekly_by_specialist",
    "first_contact",
    "job_starts_by_month",
    "funnel",
    "portfolio_months",
]


def _plain(value):
    if isinstance(value, tables.Msg):
        return value.english()
    return value


def _print_table(table: tables.Table, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.key for c in table.columns])
        for row in table.rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        return
    header = [c.key for c in table.columns]
    body = [["–" if v is None else str(_plain(v)) for v in row] for row in table.rows]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in table.rows)
        for i in range(len(header))
    ]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    click.echo(_plain(table.title))
    click.echo(line(header))
    for r in body:
        click.echo(line(r))
    click.echo("")


def _as_json(table: tables.Table) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.dicts()]


@click.group()
def report() -> None:
    """Job-development and fidelity reports."""


@report.command("fidelity")
@click.option("--team", "team_name", required=True, help="Team name (or id).")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="Last day, included.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option(
    "--table",
    "table_name",
    type=click.Choice(CLI_TABLES),
    default="summary",
    show_default=True,
    help="The table to print as CSV (table and JSON print all).",
)
@with_appcontext
def fidelity(team_name, first, last, fmt, table_name) -> None:
    """A team's fidelity figures for a period (default: the last 12 ISO weeks)."""
    with handle_domain_errors():
        period = make_period(first.date() if first else None, last.date() if last else None)
        team = find_team(team_name)
        report_ = build_report(team_scope(None, team.id, period), period)
    built = {name: tables.TABLES[name](report_) for name in CLI_TABLES}
    if fmt == "json":
        summary = {
            row["key"]: {k: v for k, v in row.items() if k not in ("key", "item")}
            for row in built["summary"].dicts()
        }
        echo_json(
            {
                "team": team.name,
                "from": period.first,
                "to": period.last,
                "as_of": period.as_of,
                "summary": summary,
                **{name: _as_json(t) for name, t in built.items() if name != "summary"},
            }
        )
    elif fmt == "csv":
        _print_table(built[table_name], "csv")
    else:
        click.echo(f"{team.name}: {period.first} – {period.last} (as of {period.as_of})\n")
        for name in ("summary", "specialists", "weekly"):
            _print_table(built[name], "table")


@report.command("weekly")
@click.option("--specialist", "email", required=True, help="The specialist's e-mail.")
@click.option("--weeks", type=click.IntRange(1, 156), default=12, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@with_appcontext
def weekly(email: str, weeks: int, fmt: str) -> None:
    """A specialist's face-to-face employer contacts per ISO week, up to this week."""
    user = users_service.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    this_week = IsoWeek.of(today())
    period = Period(this_week.monday - timedelta(weeks=weeks - 1), this_week.sunday)
    report_ = build_report(specialist_scope(None, user), period)
    table = tables.weekly(report_)
    if fmt == "json":
        echo_json(
            {
                "specialist": user.email,
                "from": period.first,
                "to": period.last,
                "target": report_.targets.weekly_contacts,
                "weeks": _as_json(table),
            }
        )
    else:
        _print_table(table, fmt)

"""``ipscrm search``: rebuild, check and drain the search index, run the index worker,
and search employers from the command line."""

from __future__ import annotations

import contextlib

import click
from flask import current_app
from flask.cli import with_appcontext

from ipscrm.cli.common import echo_json
from ipscrm.search.build import BadSetting, BuildFailed
from ipscrm.search.sync import RebuildRunning, run_worker
from ipscrm.services import search as search_service


@click.group("search")
def search() -> None:
    """Maintain the search index and search employers."""


@search.command("rebuild")
@with_appcontext
def rebuild() -> None:
    """Build a fresh index beside the current one and swap it in."""
    try:
        result = search_service.rebuild_index()
    except RebuildRunning as err:
        raise click.ClickException(
            "Another rebuild is running; try again when it is done."
        ) from err
    except (BadSetting, BuildFailed) as err:
        raise click.ClickException(f"The index was not rebuilt: {err}") from err
    click.echo(
        f"Indexed {result.documents} employers in {result.seconds:.1f} s "
        f"({result.rate:.0f} per second)."
    )


@search.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@with_appcontext
def check(as_json: bool) -> None:
    """Compare the index with the database; exit status 1 on any difference."""
    report = search_service.check_index()
    if as_json:
        echo_json(
            {
                "ok": report.ok,
                "state": report.state,
                "database_count": report.database_count,
                "index_count": report.index_count,
                "missing": report.missing,
                "extra": report.extra,
                "stale": report.stale,
                "pending": report.pending,
                "fingerprint_index": report.fingerprint_index,
                "fingerprint_expected": report.fingerprint_expected,
            }
        )
    else:
        click.echo(f"Index: {report.state}")
        click.echo(
            f"Employers in the database: {report.database_count}; in the index: {report.index_count}"
        )
        for label, ids in (
            ("Missing", report.missing),
            ("Deleted but indexed", report.extra),
            ("Stale", report.stale),
        ):
            if ids:
                shown = ", ".join(str(i) for i in ids[:20]) + (" ..." if len(ids) > 20 else "")
                click.echo(f"{label}: {len(ids)} ({shown})")
        if report.pending:
            click.echo(f"Pending changes in the outbox: {report.pending}")
        if report.fingerprint_index and report.fingerprint_index != report.fingerprint_expected:
            click.echo(
                f"Schema fingerprint: index {report.fingerprint_index}, expected {report.fingerprint_expected}"
            )
        click.echo(
            "OK" if report.ok else "Mismatch: run `ipscrm search drain` or `ipscrm search rebuild`."
        )
    if not report.ok:
        raise SystemExit(1)


@search.command("drain")
@with_appcontext
def drain() -> None:
    """Apply pending changes from the outbox to the index."""
    result = search_service.drain_outbox()
    click.echo(
        f"Applied {result.applied} changes ({result.documents} documents); {result.pending} pending."
    )
    if result.skipped:
        click.echo(f"Stopped: index {result.skipped}.", err=True)
        raise SystemExit(1)


@search.command("worker")
@click.option("--interval", type=float, default=None, help="Seconds between drains.")
@click.option("--iterations", type=int, default=None, hidden=True)
@with_appcontext
def worker(interval: float | None, iterations: int | None) -> None:
    """Keep the index in step (SEARCH_SYNC = "worker"): drain the outbox in a loop."""
    app = current_app._get_current_object()
    click.echo("Search worker started (stop with Ctrl+C).")
    with contextlib.suppress(KeyboardInterrupt):
        run_worker(app, interval or app.config["SEARCH_WORKER_INTERVAL"], iterations)


@search.command("employers")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def employers(query: str, limit: int, as_json: bool) -> None:
    """Search employers (name, industry, job types, place, contact people, notes)."""
    page = search_service.global_search(query, per_group=limit)
    seen: dict[int, dict] = {}
    for group in ("employers", "contacts", "notes"):
        for hit in page.groups.get(group, []):
            entry = seen.setdefault(
                hit.employer_id,
                {
                    "employer_id": hit.employer_id,
                    "organisation_number": hit.organisation_number or None,
                    "name": hit.name,
                    "place": hit.place,
                    "archived": hit.archived,
                    "matched_in": [],
                },
            )
            entry["matched_in"].append(group)
    rows = list(seen.values())[:limit]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No matches.")
    for row in rows:
        click.echo(
            f"{row['employer_id']:>7}  {row['organisation_number'] or '-':9}  {row['name']}  ({', '.join(row['matched_in'])})"
        )

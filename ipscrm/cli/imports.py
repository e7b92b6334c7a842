"""``ipscrm import``: ``employers`` (bulk import of employer lists), ``template``,
``list`` and ``undo``. Exit status of ``employers``: 0 when every row was accepted, 1
when some rows were rejected (the valid rows are imported), 2 for a usage error or an
unreadable file (nothing imported)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from ipscrm.cli.common import echo_json, handle_domain_errors
from ipscrm.importing.sources import FORMATS
from ipscrm.importing.template import write_template
from ipscrm.services import import_undo
from ipscrm.services import imports as imports_service
from ipscrm.services import users as users_service


@click.group("import")
def import_group() -> None:
    """Import employer lists (register files, spreadsheets, CSV)."""


class _Progress:
    """Rows and rows per second on one terminal line (stderr)."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, rows: int) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        click.echo(f"\r{rows:>12,} rows  {rows / elapsed:>10,.0f} rows/s", nl=False, err=True)

    def done(self) -> None:
        click.echo("", err=True)


def _user_id(email: str | None, option: str) -> int | None:
    if not email:
        return None
    user = users_service.get_user_by_email(email)
    if user is None:
        raise click.UsageError(f"{option}: no user with e-mail {email}.")
    return user.id


@import_group.command("employers")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True
)
@click.option(
    "--mapping", type=click.Path(dir_okay=False), help="JSON file: column header → field."
)
@click.option("--sheet", help="Excel: read only this sheet (default: all sheets).")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option(
    "--on-existing",
    type=click.Choice(imports_service.ON_EXISTING),
    default="update",
    show_default=True,
)
@click.option(
    "--municipality", "municipalities", multiple=True, help="Only these municipality numbers."
)
@click.option(
    "--industry", "industries", multiple=True, help="Only industry codes with this prefix."
)
@click.option(
    "--min-employees",
    type=click.IntRange(min=0),
    help="Only employers with at least this many employees.",
)
@click.option("--include-closed", is_flag=True, help="Also import bankrupt and liquidating units.")
@click.option("--owner", help="E-mail of the user who owns the created employers.")
@click.option("--tag", "tags", multiple=True, help="Tag for the created employers (repeatable).")
@click.option(
    "--user", "user_email", help="E-mail of the user running the import (recorded on the batch)."
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False),
    help="Rejects CSV (default: next to the input).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress display.")
@with_appcontext
def employers(
    files: tuple[str, ...],
    fmt: str,
    mapping: str | None,
    sheet: str | None,
    dry_run: bool,
    on_existing: str,
    municipalities: tuple[str, ...],
    industries: tuple[str, ...],
    min_employees: int | None,
    include_closed: bool,
    owner: str | None,
    tags: tuple[str, ...],
    user_email: str | None,
    rejects_path: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Import employers from FILES (register CSV/JSON, CSV, XLSX; .gz accepted).

    Exit status 0 when every row was accepted, 1 when some rows were rejected (the
    valid rows are imported; see the rejects file), 2 for a usage error or an
    unreadable file (nothing imported). See docs/import.md."""
    from ipscrm.importing.validate import split_terms

    progress = _Progress() if (not quiet and sys.stderr.isatty()) else None
    options = imports_service.ImportOptions(
        format=fmt,
        mapping_file=mapping,
        sheet=sheet,
        dry_run=dry_run,
        on_existing=on_existing,
        municipalities=[
            m for value in municipalities for m in value.replace(";", ",").split(",") if m.strip()
        ],
        industries=[
            i for value in industries for i in value.replace(";", ",").split(",") if i.strip()
        ],
        min_employees=min_employees,
        include_closed=include_closed,
        owner_id=_user_id(owner, "--owner"),
        tags=[t for value in tags for t in split_terms(value)],
        user_id=_user_id(user_email, "--user"),
        rejects_path=rejects_path,
        progress=progress,
    )
    try:
        summary = imports_service.run_import([Path(f) for f in files], options)
    except imports_service.ImportFileError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(2)
    finally:
        if progress is not None:
            progress.done()
    if as_json:
        echo_json(summary.as_json())
    else:
        verb = "Would import" if dry_run else "Imported"
        click.echo(
            f"{verb}: read {summary.read}, created {summary.created}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}, rejected {summary.rejected}, filtered {summary.filtered}"
            + (f" (batch {summary.batch})" if summary.batch else " (dry run: nothing written)")
        )
        if summary.warned:
            click.echo(f"{summary.warned} rows were imported with an invalid field left out.")
        if summary.rejects_path:
            click.echo(f"Rejected rows and dropped fields: {summary.rejects_path}")
    sys.exit(1 if summary.rejected else 0)


@import_group.command("template")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="File to write (default: ipscrm-import.<format>).",
)
@with_appcontext
def template(fmt: str, output: str | None) -> None:
    """Write an empty list with the canonical column headers."""
    plugin_keys = list(imports_service._plugin_columns())
    path = write_template(output or f"ipscrm-import.{fmt}", fmt, plugin_keys)
    click.echo(f"Wrote {path}")


@import_group.command("list")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def list_(limit: int, as_json: bool) -> None:
    """List import batches, newest first."""
    rows = [
        {
            "batch": b.id,
            "started_at": b.started_at,
            "status": b.status.value,
            "file": b.filename,
            "format": b.format,
            "sha256": b.sha256,
            "user": b.user.email if b.user else None,
            "read": b.rows_read,
            "created": b.rows_created,
            "updated": b.rows_updated,
            "unchanged": b.rows_unchanged,
            "rejected": b.rows_rejected,
            "filtered": b.rows_filtered,
        }
        for b in imports_service.list_batches(limit)
    ]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No imports yet.")
        return
    for r in rows:
        click.echo(
            f"{r['batch']:>5}  {r['started_at']:%Y-%m-%d %H:%M}  {r['status']:<9}  "
            f"read {r['read']}, created {r['created']}, updated {r['updated']}, "
            f"unchanged {r['unchanged']}, rejected {r['rejected']}, filtered {r['filtered']}  {r['file']}"
        )


@import_group.command("undo")
@click.argument("batch", type=int)
@click.option(
    "--keep-dependent", is_flag=True, help="Keep employers later work depends on; undo the rest."
)
@click.option("--user", "user_email", help="E-mail of the user undoing (for the audit trail).")
@with_appcontext
def undo(batch: int, keep_dependent: bool, user_email: str | None) -> None:
    """Remove the employers import BATCH created and restore the fields it updated."""
    with handle_domain_errors():
        result = import_undo.undo_import(batch, _user_id(user_email, "--user"), keep_dependent)
    click.echo(
        f"Undid import batch {batch}: removed {result.deleted} employers, "
        f"restored {result.restored}."
    )
    if result.kept_count:
        click.echo(
            f"Kept {result.kept_count} employers later work depends on: {'; '.join(result.kept)}"
        )
    if result.fields_changed_since:
        click.echo(
            f"{result.fields_changed_since} fields were changed again since the import and kept their newer value."
        )

"""``ipscrm match``: ranked employers for a jobseeker or for a preferences file."""

from __future__ import annotations

import json

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import force_locale

from ipscrm.cli.common import echo_json, fail
from ipscrm.extensions import db
from ipscrm.models import Jobseeker
from ipscrm.services import jobseekers, matching
from ipscrm.services.errors import DomainError


class BadPreferences(click.ClickException):
    exit_code = 2


def _jobseeker(ref: str) -> Jobseeker:
    found = db.session.scalar(sa.select(Jobseeker).where(Jobseeker.reference == ref))
    if found is None and ref.isdigit():
        found = db.session.get(Jobseeker, int(ref))
    if found is None:
        raise BadPreferences(f"No jobseeker with the reference or id {ref!r}.")
    return found


@click.command("match")
@click.option("--jobseeker", "jobseeker_ref", help="The jobseeker's reference (or id).")
@click.option(
    "--preferences",
    "preferences_file",
    type=click.File("r", encoding="utf-8"),
    help="A JSON file with preferences (job_types, interests, industries, municipalities, "
    "hours_per_week, accommodations, exclude_contacted_days).",
)
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.option(
    "--lang",
    type=click.Choice(["en", "nb"]),
    default="en",
    show_default=True,
    help="Language of the reasons.",
)
@with_appcontext
def match(jobseeker_ref, preferences_file, limit: int, as_json: bool, lang: str) -> None:
    """Employers that fit a jobseeker's preferences, best first, with the reasons."""
    if bool(jobseeker_ref) == bool(preferences_file):
        raise click.UsageError("Give either --jobseeker REF or --preferences FILE.json.")
    jobseeker_id = None
    try:
        if jobseeker_ref:
            jobseeker = _jobseeker(jobseeker_ref)
            jobseeker_id = jobseeker.id
            prefs = matching.preferences_for_jobseeker(jobseeker)
        else:
            try:
                data = json.load(preferences_file)
            except json.JSONDecodeError as err:
                raise BadPreferences(
                    f"{preferences_file.name}: not valid JSON ({err.msg}, line {err.lineno})."
                ) from err
            prefs = matching.parse_preferences(data)
        page = matching.find_matches(prefs, jobseeker_id=jobseeker_id, per_page=limit)
        if jobseeker_id is not None:
            jobseekers.record_read(None, jobseeker_id, "preferences")
    except DomainError as err:
        raise BadPreferences(fail(err).message) from err
    with force_locale(lang):
        rows = [r.as_json() for r in page.results]
    if as_json:
        echo_json(rows)
        return
    if not page.from_index:
        click.echo("(search index unavailable: ranked from the database)", err=True)
    if not rows:
        click.echo("No matching employers.")
    for i, row in enumerate(rows, 1):
        click.echo(
            f"{i:>3}. {row['name']} ({row['organisation_number'] or '-'})  score {row['score']}"
        )
        for reason in row["reasons"]:
            click.echo(f"       - {reason}")

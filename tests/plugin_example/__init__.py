"""A test plugin that implements every hook of ``ipscrm.hookspecs``: the fixture of
tests/test_plugins_hooks.py and the complete example of docs/plugins.md.

It keeps one short note per employer (a field on the employer form, a panel on the
employer page, a search field, a match boost, an import column) and one flag per
jobseeker, and records the events it receives."""

from __future__ import annotations

import os
from typing import Any

import click
import sqlalchemy as sa
from flask import Blueprint, current_app, render_template
from flask.cli import with_appcontext
from flask_login import login_required
from markupsafe import escape
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from ipscrm.extensions import db
from ipscrm.hookspecs import hookimpl
from ipscrm.plugin_api import FormField, MatchRule, Panel, SearchField
from tests.plugin_example.models import ExampleValue

# Events received after commit: (hook name, payload), for the tests to inspect.
EVENTS: list[tuple[str, dict[str, Any]]] = []

bp = Blueprint("example", __name__, url_prefix="/example", template_folder="templates")


@bp.route("/")
@login_required
def index():
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ExampleValue))
    return render_template(
        "example/index.html", count=count, greeting=current_app.config["EXAMPLE_GREETING"]
    )


def _get(kind: str, object_id: int, key: str) -> str | None:
    return db.session.scalar(
        sa.select(ExampleValue.value).filter_by(kind=kind, object_id=object_id, key=key)
    )


def _set(kind: str, object_id: int, key: str, value: str | None) -> None:
    row = db.session.scalar(
        sa.select(ExampleValue).filter_by(kind=kind, object_id=object_id, key=key)
    )
    if row is None:
        row = ExampleValue(kind=kind, object_id=object_id, key=key)
        db.session.add(row)
    row.value = value


@hookimpl
def ipscrm_default_settings() -> dict[str, Any]:
    return {"EXAMPLE_GREETING": "Hello from the example plugin"}


@hookimpl
def ipscrm_migrations() -> str:
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def ipscrm_blueprints() -> list[Any]:
    return [bp]


@click.command("example-count")
@with_appcontext
def example_count() -> None:
    """Print how many values the example plugin stores."""
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ExampleValue))
    click.echo(f"{count} example values")


@hookimpl
def ipscrm_cli_commands() -> list[Any]:
    return [example_count]


@hookimpl
def ipscrm_nav_items() -> list[Any]:
    from ipscrm.web.nav import NavItem

    return [NavItem("example.index", "Example", order=500)]


@hookimpl
def ipscrm_panels(slot: str, context: dict[str, Any]) -> list[Panel] | None:
    if slot in ("employer_page", "employer_badges"):
        note = _get("employer", context["employer"].id, "note")
        if not note:
            return None
        if slot == "employer_badges":
            return [Panel(html=f'<span class="badge">{escape(note)}</span>')]
        return [Panel(html=f"<p>{escape(note)}</p>", title="Example note", order=10)]
    if slot == "jobseeker_page":
        flag = _get("jobseeker", context["jobseeker"].id, "flag")
        return [Panel(html=f"<p>Example flag: {escape(flag or 'no')}</p>")]
    if slot == "my_week":
        return [Panel(html=f"<p>Example for {escape(context['user'].name)}</p>", title="Ex")]
    return None


@hookimpl
def ipscrm_form_fields(form: str) -> list[FormField] | None:
    if form == "employer":
        field = StringField("Example note", validators=[Optional(), Length(max=80)])
        return [FormField(name="example_note", field=field)]
    if form == "jobseeker":
        return [FormField(name="example_flag", field=BooleanField("Example flag"))]
    return None


@hookimpl
def ipscrm_form_load(form: str, object_id: int) -> dict[str, Any] | None:
    if form == "employer":
        return {"example_note": _get("employer", object_id, "note")}
    if form == "jobseeker":
        return {"example_flag": _get("jobseeker", object_id, "flag") == "yes"}
    return None


@hookimpl
def ipscrm_form_save(form: str, object_id: int, data: dict[str, Any], user_id: int | None) -> None:
    if form == "employer" and "example_note" in data:
        _set("employer", object_id, "note", (data["example_note"] or "").strip() or None)
    elif form == "jobseeker" and "example_flag" in data:
        _set("jobseeker", object_id, "flag", "yes" if data["example_flag"] else None)
    else:
        return
    db.session.commit()


@hookimpl
def ipscrm_search_fields() -> list[SearchField]:
    return [SearchField(name="note", kind="keyword")]


@hookimpl
def ipscrm_search_documents(employer_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = db.session.execute(
        sa.select(ExampleValue.object_id, ExampleValue.value).where(
            ExampleValue.kind == "employer",
            ExampleValue.key == "note",
            ExampleValue.object_id.in_(employer_ids),
        )
    )
    return {object_id: {"example_note": value} for object_id, value in rows}


@hookimpl
def ipscrm_jobseeker_preferences(jobseeker_id: int) -> dict[str, Any]:
    return {"example_flag": _get("jobseeker", jobseeker_id, "flag") == "yes"}


@hookimpl
def ipscrm_preference_keys() -> dict[str, type]:
    return {"example_flag": bool}


@hookimpl
def ipscrm_match_rules(preferences: dict[str, Any]) -> list[MatchRule] | None:
    if not preferences.get("example_flag"):
        return None
    return [
        MatchRule(
            field="example_note",
            values=("friendly",),
            kind="boost",
            weight=2.0,
            reason="Example note: %(value)s",
            reason_params={"value": "friendly"},
        )
    ]


@hookimpl
def ipscrm_import_columns() -> dict[str, list[str]]:
    return {"example_note": ["Example note", "Eksempelnotat"]}


@hookimpl
def ipscrm_import_values(batch_id: int, values: dict[int, dict[str, str]]) -> None:
    for employer_id, row in values.items():
        text = (row.get("example_note") or "").strip()
        if text:
            _set("employer", employer_id, "note", text[:80])
    db.session.commit()


@hookimpl
def ipscrm_employer_saved(employer_id: int, created: bool, user_id: int | None) -> None:
    EVENTS.append(("employer_saved", {"employer_id": employer_id, "created": created}))


@hookimpl
def ipscrm_contact_logged(contact_id: int, employer_id: int, user_id: int | None) -> None:
    EVENTS.append(("contact_logged", {"contact_id": contact_id, "employer_id": employer_id}))


@hookimpl
def ipscrm_employers_imported(batch_id: int, employer_ids: list[int]) -> None:
    EVENTS.append(("employers_imported", {"batch_id": batch_id, "employer_ids": employer_ids}))

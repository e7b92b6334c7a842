"""Showing an edit conflict on a form: a message at the top, and at each field both the
user and somebody else changed, who saved what and when. The form keeps the user's
input and now carries the record's newest change, so saving again keeps the user's
values."""

from __future__ import annotations

from typing import Any

from flask_babel import format_datetime, gettext
from flask_wtf import FlaskForm
from wtforms import Field

from ipscrm.i18n import translate
from ipscrm.services.edit_conflicts import UNKNOWN, ChangeMeanwhile, EditConflict


def seen(field: Field) -> int | None:
    """The audit event id a form was opened at; None when it carries none (an older
    form, or a tampered value), which saves without checking."""
    value = str(field.data or "").strip()
    return int(value) if value.isdigit() and len(value) <= 18 else None  # fits a BIGINT


def show_edit_conflict(
    form: FlaskForm, err: EditConflict, field_map: dict[str, str] | None = None
) -> None:
    form.form_errors.append(translate(err.message, err.params))
    form.seen_change.data = str(err.latest)
    for change in err.changes:
        name = (field_map or {}).get(change.field, change.field)
        if name in form:
            form[name].errors = [*form[name].errors, describe(change, form[name])]
        else:
            form.form_errors.append(describe(change, None))


def describe(change: ChangeMeanwhile, field: Field | None) -> str:
    params = {
        "user": change.user_name or gettext("somebody"),
        "time": format_datetime(change.at, "short"),
    }
    if change.after is UNKNOWN:
        return gettext("Changed by %(user)s (%(time)s) while you were editing.", **params)
    return gettext(
        "Changed by %(user)s (%(time)s) while you were editing, to: %(value)s",
        value=_shown(change.after, field),
        **params,
    )


def _shown(value: Any, field: Field | None) -> str:
    if value is None or value == "" or value == []:
        return gettext("(empty)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    for option, label in getattr(field, "choices", None) or ():
        if str(option) == str(value):
            return str(label)
    return str(value)

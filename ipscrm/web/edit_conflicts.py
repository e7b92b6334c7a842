"""Showing an edit conflict on a form: a message at the top, and at each field both the
user and somebody else changed, who saved what and when. The form keeps the user's
input, and now carries that it has shown these changes."""

from __future__ import annotations

from typing import Any

from flask_babel import format_datetime, gettext
from flask_wtf import FlaskForm
from wtforms import Field

from ipscrm.i18n import translate
from ipscrm.services.edit_conflicts import ChangeMeanwhile, EditConflict, FormVersion


def _whole(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None  # fits a BIGINT


def form_version(form: FlaskForm) -> FormVersion | None:
    """What the form has seen of its record (hidden fields ``seen_change``: the newest
    audit event when it was opened, and ``shown_changes``: "event:field,field" of the
    crossing changes it has shown). None when it carries none (an older form, or a
    tampered value): then it saves without checking."""
    opened = _whole(form.seen_change.data)
    if opened is None:
        return None
    at, _, names = str(form.shown_changes.data or "").partition(":")
    shown_at = _whole(at)
    if shown_at is None:
        return FormVersion(opened)
    return FormVersion(opened, frozenset(n for n in names.split(",") if n), shown_at)


def show_edit_conflict(
    form: FlaskForm, err: EditConflict, field_map: dict[str, str] | None = None
) -> None:
    """The message at the top and at each crossing field; the form now also carries
    that it has shown these changes, so saving it again keeps the user's values."""
    form.form_errors.append(translate(err.message, err.params))
    previous = form_version(form)
    shown = {c.field for c in err.changes} | set(previous.shown if previous else ())
    form.shown_changes.data = f"{err.latest}:{','.join(sorted(shown))}"
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

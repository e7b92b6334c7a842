"""Extra fields that plugins add to the core's employer and jobseeker forms
(``ipscrm_form_fields``), loaded from and saved to the plugins' own tables
(``ipscrm_form_load`` / ``ipscrm_form_save``)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm

from ipscrm.plugin_api import FormField


def plugin_fields(form_name: str) -> list[FormField]:
    pm = current_app.extensions["ipscrm_plugins"]
    found: list[FormField] = []
    for result in pm.hook.ipscrm_form_fields(form=form_name):
        found.extend(result or [])
    return found


def extended(form_class: type[FlaskForm], form_name: str) -> type[FlaskForm]:
    """``form_class`` with the plugins' fields added (a new subclass per call)."""
    extra = {f.name: f.field for f in plugin_fields(form_name)}
    if not extra:
        return form_class
    cls = type(form_class.__name__, (form_class,), extra)
    cls.plugin_field_names = tuple(extra)  # type: ignore[attr-defined]
    return cls


def field_names(form: FlaskForm) -> tuple[str, ...]:
    return tuple(getattr(form, "plugin_field_names", ()))


def load(form: FlaskForm, form_name: str, object_id: int) -> None:
    """Fill the plugin fields of ``form`` (on GET) from the plugins' stored values."""
    names = field_names(form)
    if not names:
        return
    pm = current_app.extensions["ipscrm_plugins"]
    values: dict[str, Any] = {}
    for result in pm.hook.ipscrm_form_load(form=form_name, object_id=object_id):
        values.update(result or {})
    for name in names:
        if name in values:
            form[name].data = values[name]


def save(form: FlaskForm, form_name: str, object_id: int, user_id: int | None) -> None:
    """Hand the plugin fields of a validated form to the plugins to store."""
    names = field_names(form)
    if not names:
        return
    data = {name: form[name].data for name in names}
    pm = current_app.extensions["ipscrm_plugins"]
    pm.hook.ipscrm_form_save(form=form_name, object_id=object_id, data=data, user_id=user_id)

"""Jinja filters for showing domain values: translated enum labels, organisation numbers
with spaces, addresses."""

from __future__ import annotations

from enum import Enum

from flask import Flask
from flask_babel import format_number, gettext

from ipscrm.web.labels import label_for


def orgnr(value: str | None) -> str:
    """974760673 -> '974 760 673'."""
    if not value or len(value) != 9:
        return value or ""
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def enum_label(value: Enum | str | None) -> str:
    if value is None:
        return ""
    return label_for(value)


def yes_no(value: bool | None) -> str:
    if value is None:
        return gettext("Unknown")
    return gettext("Yes") if value else gettext("No")


AUDIT_VALUE_CHARS = 80


def audit_value(value: object) -> str:
    """A value from the audit trail, short: '–' for nothing, lists joined, long text cut."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= AUDIT_VALUE_CHARS else text[: AUDIT_VALUE_CHARS - 1] + "…"


def register(app: Flask) -> None:
    app.jinja_env.filters["orgnr"] = orgnr
    app.jinja_env.filters["label"] = enum_label
    app.jinja_env.filters["yes_no"] = yes_no
    app.jinja_env.filters["audit_value"] = audit_value
    app.jinja_env.filters["number"] = format_number

"""Template slots: places in the core pages where plugins add panels through the
``ipscrm_panels`` hook. Templates call ``{{ slot('employer_page', employer=employer) }}``."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup, escape

from ipscrm.plugin_api import SLOTS, Panel

log = logging.getLogger(__name__)


def panels(name: str, **context: Any) -> list[Panel]:
    """The panels plugins give for slot ``name``, in order."""
    if name not in SLOTS:
        raise ValueError(f"unknown template slot {name!r}")
    pm = current_app.extensions["ipscrm_plugins"]
    found: list[Panel] = []
    for result in pm.hook.ipscrm_panels(slot=name, context=context):
        found.extend(result or [])
    return sorted(found, key=lambda p: p.order)


def render_slot(name: str, **context: Any) -> Markup:
    """The panels of slot ``name`` as markup (a section with a heading when titled)."""
    parts = []
    for panel in panels(name, **context):
        if panel.title:
            parts.append(
                Markup(
                    '<section class="plugin-panel mb-3"><h2 class="h6">{}</h2>{}</section>'
                ).format(escape(panel.title), Markup(panel.html))
            )
        else:
            parts.append(Markup(panel.html))
    return Markup("").join(parts)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["slot"] = render_slot

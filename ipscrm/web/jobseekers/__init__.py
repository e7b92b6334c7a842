"""Jobseekers: the list, the profile, create and edit, job starts."""

from __future__ import annotations

from flask import Flask, current_app, url_for

from ipscrm.i18n import N_
from ipscrm.web import nav


def endpoint_url(endpoint: str, **values: object) -> str | None:
    """``url_for(endpoint, ...)``, or None when no blueprint registers ``endpoint`` (the
    template then shows plain text instead of a link)."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    from ipscrm.web.jobseekers.views import bp

    app.register_blueprint(bp)
    app.add_template_global(endpoint_url)
    nav.add_item(
        app, nav.NavItem("jobseekers.index", N_("Jobseekers"), order=40, prefix="/jobseekers")
    )

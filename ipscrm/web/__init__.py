"""The web interface: blueprints with thin views, shared layout, error pages and the
security headers every response carries."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_babel import format_date, format_datetime, get_locale, gettext
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

from ipscrm.web import nav


class UnstorableInput(BadRequest):
    """A form or query value holds a NUL character, which no database column can store."""


def init_app(app: Flask) -> None:
    from ipscrm.web import (
        admin,
        auth,
        contacts,
        employers,
        followups,
        home,
        jobseekers,
        matching,
        reports,
        search,
    )

    auth.init_app(app)
    home.init_app(app)
    employers.init_app(app)
    contacts.init_app(app)
    followups.init_app(app)
    jobseekers.init_app(app)
    admin.init_app(app)
    reports.init_app(app)
    search.init_app(app)
    matching.init_app(app)
    _register_template_helpers(app)
    _register_error_pages(app)
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)


def _refuse_nul_characters() -> None:
    """NUL never comes from a keyboard, and PostgreSQL cannot store or compare it. In a
    query string (searches, filters) it is dropped; in a submitted form the user gets a
    clear message before any view sees the value, so nothing is half-saved."""
    if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        request.args = ImmutableMultiDict(
            (k.replace("\x00", ""), v.replace("\x00", ""))
            for k, v in request.args.items(multi=True)
        )
    for key, value in request.form.items(multi=True):
        if "\x00" in key or "\x00" in value:
            raise UnstorableInput()


def _register_template_helpers(app: Flask) -> None:
    from ipscrm.web import filters, slots

    slots.init_app(app)
    app.jinja_env.globals.update(nav_items=nav.visible_items, get_locale=get_locale)
    filters.register(app)
    app.jinja_env.filters.setdefault("date", format_date)
    app.jinja_env.filters.setdefault("datetime", format_datetime)


def _register_error_pages(app: Flask) -> None:
    def render_error(code: int, title: str, message: str):
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(403)
    def forbidden(_err):
        return render_error(
            403, gettext("No access"), gettext("You do not have access to this page.")
        )

    @app.errorhandler(404)
    def not_found(_err):
        return render_error(
            404, gettext("Not found"), gettext("The page or record does not exist.")
        )

    @app.errorhandler(CSRFError)
    def csrf_error(_err):
        return render_error(
            400,
            gettext("The form has expired"),
            gettext(
                "The form was open too long or came from elsewhere. Go back, reload and try again."
            ),
        )

    @app.errorhandler(UnstorableInput)
    def unstorable_input(_err):
        return render_error(
            400,
            gettext("The form contains a character that cannot be stored"),
            gettext(
                "A field holds a NUL character (often pasted from another program). "
                "Go back, remove it and try again."
            ),
        )

    @app.errorhandler(500)
    def server_error(_err):
        return render_error(
            500,
            gettext("Something went wrong"),
            gettext("The error has been logged. Try again in a moment."),
        )


def _security_headers(response: Response) -> Response:
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        # Pages carry personal data: never keep them in a shared or back-button cache.
        response.headers["Cache-Control"] = "no-store"
    return response

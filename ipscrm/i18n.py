"""Languages: Norwegian Bokmål by default, English on request.

The locale comes from the session (the language switch), then the user's saved choice,
then the configured default. ``N_`` marks a message for translation where it is defined
(validation, enums) and :func:`translate` turns it into the request's language when it is
shown."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, session
from flask_babel import gettext, refresh
from flask_login import current_user

from ipscrm.extensions import babel


def N_(message: str) -> str:  # noqa: N802 - the conventional name for a no-op marker
    """Mark ``message`` for extraction without translating it yet."""
    return message


def translate(message: str, params: dict[str, Any] | None = None) -> str:
    """Translate a message marked with ``N_`` and fill its ``%(name)s`` placeholders."""
    return gettext(message, **(params or {}))


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if has_request_context():
        chosen = session.get("lang")
        if chosen in languages:
            return chosen
        user = current_user
        if user and getattr(user, "is_authenticated", False) and user.language in languages:
            return user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # The locale is cached on the app context, which a request can share with an outer
    # one (CLI commands, tests): choose it afresh for every request.
    app.before_request(refresh)

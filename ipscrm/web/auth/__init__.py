"""Logging in and out, and choosing the language."""

from __future__ import annotations

import hmac

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l

from ipscrm.extensions import db, login_manager
from ipscrm.models import User
from ipscrm.models.user import login_key


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is marked Secure whenever the request came over HTTPS (or
    SESSION_COOKIE_SECURE is set, e.g. behind a proxy that terminates TLS)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if super().get_cookie_secure(app):
            return True
        return has_request_context() and request.is_secure


def init_app(app: Flask) -> None:
    from ipscrm.web.auth.views import bp

    app.session_interface = HttpsAwareSessionInterface()

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The active user a session's id names, while the password it was made with is
    still the user's (see ``User.get_id``)."""
    user_id, _, key = str(session_id).partition(":")
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(key, login_key(user.password_hash)) else None

"""Logging in and out, and choosing the language."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from ipscrm.extensions import db, login_manager
from ipscrm.models import User


def init_app(app: Flask) -> None:
    from ipscrm.web.auth.views import bp

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    return user if user is not None and user.active else None

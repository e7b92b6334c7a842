"""Helpers for the access, jobseeker and admin page tests."""

from __future__ import annotations

from flask import g


def switch_user(login, user) -> None:
    """Log ``user`` in on the test client. The tests run inside an app context that the
    requests share, so Flask-Login's cached user is dropped too."""
    g.pop("_login_user", None)
    login(user)

"""Helpers for the access, jobseeker and admin page tests."""

from __future__ import annotations

from flask import g


def switch_user(login, user) -> None:
    """Log ``user`` in on the test client. The tests run inside an app context that the
    requests share, so Flask-Login's cached user is dropped too."""
    g.pop("_login_user", None)
    login(user)


def field_errors(page: str, field: str) -> str:
    """The error text shown at form field ``field`` ('' when there is none)."""
    import re

    match = re.search(rf'id="{re.escape(field)}-errors"[^>]*>(.*?)</div>\s*</div>', page, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""

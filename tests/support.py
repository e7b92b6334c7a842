"""Helpers shared by the test fixtures and by tests that build apps of their own."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from ipscrm.extensions import db

PG_URL = os.environ.get("IPSCRM_TEST_DATABASE_URL")
FAST_HASH = "pbkdf2:sha256:1000"


def base_config(tmp_path: Path, url: str) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
    }


def migrate_to_head(app: Flask) -> None:
    from ipscrm.migrations_support import upgrade_all

    with app.app_context():
        upgrade_all(app)


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()

"""Configuration: defaults, then ``instance/ipscrm.cfg``, then ``IPSCRM_*`` environment
variables, then the test configuration.

Figures that come from IPS practice (6 contacts a week, 14 days to first contact, caseload
20, ...) are settings here with their documented defaults, never constants in code.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

ENV_PREFIX = "IPSCRM"


class Defaults:
    """Default settings. Any of them can be set in ``instance/ipscrm.cfg`` or as
    ``IPSCRM_<NAME>`` in the environment (values are parsed as JSON when they can be)."""

    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Session cookie: HttpOnly and SameSite=Lax always; Secure when served over HTTPS
    # (set IPSCRM_SESSION_COOKIE_SECURE=true behind a TLS-terminating proxy).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "http"
    WTF_CSRF_TIME_LIMIT = None  # token valid for the session's lifetime

    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 10

    # Language and time
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ["nb", "en"]
    TIMEZONE = "Europe/Oslo"

    # Search index (Whoosh); default: <instance>/search-index
    SEARCH_INDEX_DIR: str | None = None
    # "inline": the web process applies index changes right after commit (embedded set-up);
    # "worker": a separate `ipscrm search worker` process applies them (multi-process server).
    SEARCH_SYNC = "inline"

    # Plugins: None = every installed first-party plugin; a list of names otherwise.
    PLUGINS: list[str] | None = None
    SAFE_MODE = False

    # IPS practice (DOMAIN.md)
    WEEKLY_CONTACT_TARGET = 6
    FIRST_CONTACT_TARGET_DAYS = 14
    FIRST_CONTACT_FIDELITY_DAYS = 30
    CASELOAD_MAX = 20
    COMPETITIVE_SHARE_TARGET = 0.95
    EMPLOYER_DIVERSITY_TARGET = 0.85
    JOB_TYPE_DIVERSITY_TARGET = 0.85
    RETENTION_DAYS = 90
    EMPLOYER_NO_CONTACT_DAYS = 90

    PAGE_SIZE = 50

    # Access (webpeople): login throttling. From the second failed login for an e-mail
    # address (or from a client IP) the next attempt is refused for an increasing delay
    # (LOGIN_DELAY_SECONDS doubled per failure, at most LOGIN_DELAY_MAX_SECONDS); after
    # LOGIN_MAX_FAILURES failures within LOGIN_FAILURE_WINDOW_MINUTES the e-mail is blocked
    # for LOGIN_BLOCK_MINUTES. A client IP gets a higher limit (offices share addresses).
    LOGIN_MAX_FAILURES = 5
    LOGIN_IP_MAX_FAILURES = 20
    LOGIN_BLOCK_MINUTES = 15
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    LOGIN_DELAY_SECONDS = 1
    LOGIN_DELAY_MAX_SECONDS = 30
    # Search and matching (ipscrm.search, ipscrm.services.matching)
    # A missing index is built on the first save when there are at most this many employers;
    # larger portfolios wait for `ipscrm search rebuild` (admins see a notice meanwhile).
    SEARCH_AUTO_BUILD_MAX = 5000
    # A full build (rebuild, or indexing a large import) of at least SEARCH_PARALLEL_MIN
    # employers is written by this many processes at once (None: one per CPU core, at most 4).
    SEARCH_BUILD_PROCESSES: int | None = None
    SEARCH_PARALLEL_MIN = 20_000
    # A build writes a new index segment every this many documents, so that its memory
    # does not grow with the size of the portfolio.
    SEARCH_SEGMENT_MAX_DOCS = 100_000
    # An import or undo that touched at least this many employers, and a third of them or
    # more, is indexed by building a new index generation instead of document by document.
    SEARCH_BULK_REBUILD_MIN = 20_000
    SEARCH_INLINE_MAX_BATCHES = 4  # outbox batches (500 rows) drained right after a commit
    SEARCH_WORKER_INTERVAL = 1.0  # seconds between drains of `ipscrm search worker`
    SEARCH_RESULTS_PER_GROUP = 10
    SEARCH_FALLBACK_MAX = 2000  # candidates ranked from the database while the index is down
    MATCH_PAGE_SIZE = 20
    MATCH_EXCLUDE_CONTACTED_DAYS = 0  # default for the match form; 0 = keep everyone
    # Relationship stages that count as active (a soft factor in matching)
    MATCH_ACTIVE_STAGES = [
        "active_relationship",
        "candidate_presented",
        "hired_supporting",
    ]
    # Import (ipscrm import employers): rows written and committed per database batch.
    IMPORT_BATCH_SIZE = 2000


def _env_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """IPSCRM_* variables, with the prefix removed and JSON values decoded."""
    import json

    settings: dict[str, Any] = {}
    prefix = ENV_PREFIX + "_"
    for key, raw in environ.items():
        if not key.startswith(prefix) or key in ("IPSCRM_INSTANCE_PATH",):
            continue
        name = key[len(prefix) :]
        try:
            settings[name] = json.loads(raw)
        except ValueError:
            settings[name] = raw
    return settings


def load_config(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config`` from the four layers, then derive the dependent settings."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("ipscrm.cfg", silent=True)
    app.config.update(_env_settings(os.environ))
    if test_config:
        app.config.update(test_config)
    _derive(app)


def _derive(app: Flask) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    url = app.config.get("DATABASE_URL") or "sqlite:///" + os.path.join(
        app.instance_path, "ipscrm.db"
    )
    app.config["DATABASE_URL"] = url
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("SEARCH_INDEX_DIR"):
        app.config["SEARCH_INDEX_DIR"] = os.path.join(app.instance_path, "search-index")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = os.path.join(app.root_path, "translations")


def _instance_secret(instance_path: str) -> str:
    """A random secret kept in the instance folder, created on first start."""
    import secrets

    path = os.path.join(instance_path, "secret_key")
    try:
        with open(path, encoding="ascii") as fh:
            value = fh.read().strip()
            if value:
                return value
    except FileNotFoundError:
        pass
    value = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value)
    return value

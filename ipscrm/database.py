"""Database engine set-up: SQLite pragmas (WAL, foreign keys, busy timeout) and where
the migrations live."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ipscrm.extensions import db


def migrations_directory() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def init_app(app: Flask) -> None:
    if not is_sqlite(app.config["SQLALCHEMY_DATABASE_URI"]):
        return
    with app.app_context():
        engine: Engine = db.engine
        listener = _sqlite_pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"])
        event.listen(engine, "connect", listener)

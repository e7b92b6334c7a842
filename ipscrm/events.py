"""Events after commit. A service calls :func:`emit` inside its transaction; the event is
delivered to the plugin hooks only once that transaction has committed, and dropped if it
rolls back. Hooks never see uncommitted data, and a failing hook never undoes a save."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ipscrm.extensions import db

log = logging.getLogger(__name__)
_KEY = "ipscrm_events"


def emit(name: str, **payload: Any) -> None:
    """Queue hook ``ipscrm_<name>`` to be called with ``payload`` after commit."""
    db.session.info.setdefault(_KEY, []).append((name, payload))


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_KEY, [])
    if not pending or not has_app_context():
        return
    app = current_app._get_current_object()
    pm = app.extensions.get("ipscrm_plugins")
    if pm is None:
        return
    # A fresh app context gives the hooks a usable ``db.session``: the one that just
    # committed accepts no SQL until this event is over.
    with app.app_context():
        for name, payload in pending:
            hook = getattr(pm.hook, f"ipscrm_{name}")
            try:
                hook(**payload)
            except Exception:  # a plugin's failure must not fail the user's save
                log.exception("Plugin hook ipscrm_%s failed", name)


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)

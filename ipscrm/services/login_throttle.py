"""Login throttling: repeated failed logins for an e-mail address, or from a client IP,
are slowed down and then blocked for a while.

Nothing sleeps: an attempt before the next allowed moment is refused at once with the
time to wait, so a worker is never held up. The counters live in the database
(``login_throttle``), so every web process sees the same ones. Keys are HMAC-SHA256 of the
value with the app's secret key: the table never holds an e-mail address or an IP.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ipscrm.extensions import db
from ipscrm.models import LoginThrottle
from ipscrm.timeutil import now_utc


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused now: ``blocked`` (too many failures) or just too soon;
    ``wait_seconds`` until the next attempt is allowed (rounded up)."""

    blocked: bool
    wait_seconds: int

    @property
    def wait_minutes(self) -> int:
        return max(1, math.ceil(self.wait_seconds / 60))


def _key(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"login-throttle:{kind}:{value}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _keys(email: str, ip: str | None) -> list[tuple[str, int]]:
    """(key, failure limit) for the e-mail and, when known, the client IP."""
    config = current_app.config
    keys = [(_key("email", (email or "").strip().lower()), int(config["LOGIN_MAX_FAILURES"]))]
    if ip:
        keys.append((_key("ip", ip), int(config["LOGIN_IP_MAX_FAILURES"])))
    return keys


def check(email: str, ip: str | None, now: datetime | None = None) -> Refusal | None:
    """A :class:`Refusal` when an attempt for ``email`` from ``ip`` must not be tried now."""
    now = now or now_utc()
    refusal: Refusal | None = None
    rows = db.session.scalars(
        sa.select(LoginThrottle).where(LoginThrottle.key.in_([k for k, _ in _keys(email, ip)]))
    )
    for row in rows:
        if row.blocked_until and row.blocked_until > now:
            found = Refusal(True, math.ceil((row.blocked_until - now).total_seconds()))
        elif row.next_allowed_at and row.next_allowed_at > now:
            found = Refusal(False, math.ceil((row.next_allowed_at - now).total_seconds()))
        else:
            continue
        if refusal is None or (found.blocked, found.wait_seconds) > (
            refusal.blocked,
            refusal.wait_seconds,
        ):
            refusal = found
    db.session.rollback()  # end the read transaction
    return refusal


def _delay(failures: int) -> timedelta | None:
    """No wait after a single failure (a typo); then 1, 2, 4, ... times the base."""
    if failures < 2:
        return None
    config = current_app.config
    seconds = float(config["LOGIN_DELAY_SECONDS"]) * 2 ** (failures - 2)
    return timedelta(seconds=min(seconds, float(config["LOGIN_DELAY_MAX_SECONDS"])))


def _apply_failure(row: LoginThrottle, limit: int, now: datetime) -> None:
    config = current_app.config
    window = timedelta(minutes=int(config["LOGIN_FAILURE_WINDOW_MINUTES"]))
    expired_block = row.blocked_until is not None and row.blocked_until <= now
    if expired_block or (row.last_failed_at and now - row.last_failed_at > window):
        row.failures = 0
        row.blocked_until = None
    row.failures = (row.failures or 0) + 1
    row.last_failed_at = now
    delay = _delay(row.failures)
    row.next_allowed_at = now + delay if delay else None
    if row.failures >= limit:
        row.blocked_until = now + timedelta(minutes=int(config["LOGIN_BLOCK_MINUTES"]))


def record_failure(email: str, ip: str | None, now: datetime | None = None) -> Refusal | None:
    """Count a failed attempt; returns what the next attempt now faces."""
    now = now or now_utc()
    for attempt in range(3):
        try:
            for key, limit in _keys(email, ip):
                row = db.session.get(LoginThrottle, key, with_for_update=True)
                if row is None:
                    row = LoginThrottle(key=key, failures=0, last_failed_at=now)
                    db.session.add(row)
                _apply_failure(row, limit, now)
            _forget_old(now)
            db.session.commit()
            break
        except IntegrityError:  # another process inserted the same key first
            db.session.rollback()
            if attempt == 2:
                raise
    return check(email, ip, now)


def record_success(email: str) -> None:
    """A successful login clears the e-mail's counter (the IP's runs out by itself, so a
    valid account cannot be used to reset the limit for guessing others)."""
    db.session.execute(
        sa.delete(LoginThrottle).where(LoginThrottle.key == _key("email", email.strip().lower()))
    )
    db.session.commit()


def _forget_old(now: datetime) -> None:
    """Drop counters that no longer matter (no failure within a block and a window)."""
    config = current_app.config
    horizon = now - timedelta(
        minutes=int(config["LOGIN_BLOCK_MINUTES"]) + int(config["LOGIN_FAILURE_WINDOW_MINUTES"])
    )
    db.session.execute(
        sa.delete(LoginThrottle).where(
            LoginThrottle.last_failed_at < horizon,
            sa.or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now),
        )
    )

"""Local time: the calendar day and ISO week of a moment in the configured time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TZ = "Europe/Oslo"


def local_tz() -> ZoneInfo:
    name = current_app.config.get("TIMEZONE", DEFAULT_TZ) if has_app_context() else DEFAULT_TZ
    return ZoneInfo(name)


def now_utc() -> datetime:
    return datetime.now(UTC)


def local_now() -> datetime:
    return datetime.now(local_tz())


def today() -> date:
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_tz())
    return moment.astimezone(local_tz())


def local_day(moment: datetime) -> date:
    """The calendar day of ``moment`` where the specialists work."""
    return to_local(moment).date()


def from_local(naive: datetime) -> datetime:
    """A wall-clock time entered by a user, as an aware UTC moment."""
    return naive.replace(tzinfo=local_tz()).astimezone(UTC)


def iso_week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing ``day``."""
    monday = day - timedelta(days=day.isoweekday() - 1)
    return monday, monday + timedelta(days=6)

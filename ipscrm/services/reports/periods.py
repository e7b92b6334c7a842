"""Report periods: inclusive ranges of local calendar days (Europe/Oslo by default), ISO
weeks and months inside them, and the SQL that buckets a date column into ISO weeks the
same way on SQLite and PostgreSQL.

Contacts carry ``occurred_on``, the local day computed when they were logged, so a range
filter on days is exact. Timestamps (``created_at``, audit events) are stored in UTC and
are compared with the UTC instants of local midnight (:meth:`Period.utc_bounds`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from ipscrm import timeutil
from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.services.errors import ValidationFailed

# A Monday long before any data: week numbers count whole weeks from it.
EPOCH_MONDAY = date(2000, 1, 3)
MAX_DAYS = 3 * 366 + 1


@dataclass(frozen=True)
class IsoWeek:
    year: int
    week: int
    monday: date

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        """``2026-W53``: the ISO 8601 name, also accepted in drill-down links."""
        return f"{self.year}-W{self.week:02d}"

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week, day - timedelta(days=iso.weekday - 1))

    @classmethod
    def from_index(cls, index: int) -> IsoWeek:
        return cls.of(EPOCH_MONDAY + timedelta(weeks=index))

    @property
    def index(self) -> int:
        return (self.monday - EPOCH_MONDAY).days // 7


@dataclass(frozen=True)
class Period:
    """``first`` to ``last``, both days included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def weeks(self) -> list[IsoWeek]:
        """Every ISO week that overlaps the period, oldest first."""
        out, week = [], IsoWeek.of(self.first)
        while week.monday <= self.last:
            out.append(week)
            week = IsoWeek.of(week.monday + timedelta(days=7))
        return out

    @property
    def months(self) -> list[str]:
        """``YYYY-MM`` of every month that overlaps the period."""
        out, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def covers_week(self, week: IsoWeek, as_of: date | None = None) -> bool:
        """The whole week lies in the period and is not in the future."""
        end = min(self.last, as_of) if as_of else self.last
        return self.first <= week.monday and week.sunday <= end

    def elapsed_days(self, as_of: date) -> int:
        """Days of the period up to ``as_of`` (at least one)."""
        return max((min(self.last, as_of) - self.first).days + 1, 1)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """UTC instants of local midnight starting ``first`` and ending ``last``
        (half-open: ``start <= t < end``)."""
        tz = timeutil.local_tz()
        start = datetime.combine(self.first, time(), tz).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time(), tz).astimezone(UTC)
        return start, end

    @property
    def as_of(self) -> date:
        """The day point-in-time figures (caseload, waiting, retention) are taken on:
        the last day of the period, or today when the period reaches into the future."""
        return min(self.last, timeutil.today())


def parse_day(value: str | None, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise ValidationFailed(
            N_("“%(value)s” is not a date (YYYY-MM-DD)."), {"value": value}, field=field
        ) from err


def parse_week(value: str, field: str = "week") -> IsoWeek:
    """``2026-W53`` → the ISO week; a clear error for weeks that do not exist."""
    text = (value or "").strip().upper()
    try:
        year, week = text.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError as err:
        raise ValidationFailed(
            N_("“%(value)s” is not an ISO week such as 2026-W53."), {"value": value}, field=field
        ) from err
    return IsoWeek.of(monday)


def make_period(first: date | None, last: date | None, default_weeks: int = 12) -> Period:
    """A period from optional bounds; the default is the last ``default_weeks`` ISO weeks
    up to and including the current one."""
    if last is None:
        last = timeutil.today()
    if first is None:
        first = IsoWeek.of(last).monday - timedelta(weeks=default_weeks - 1)
    if first > last:
        raise ValidationFailed(N_("The start date must not be after the end date."), field="from")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationFailed(
            N_("A report covers at most %(days)s days."), {"days": MAX_DAYS}, field="from"
        )
    return Period(first, last)


def quarter_period(value: str) -> Period:
    """``2026-Q4`` → 2026-10-01..2026-12-31."""
    text = (value or "").strip().upper()
    try:
        year_text, q_text = text.split("-Q")
        year, quarter = int(year_text), int(q_text)
        if not 1 <= quarter <= 4 or not 1900 < year < 3000:
            raise ValueError
    except ValueError as err:
        raise ValidationFailed(
            N_("“%(value)s” is not a quarter such as 2026-Q4."), {"value": value}, field="quarter"
        ) from err
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(1)
    return Period(first, last)


def current_quarter() -> str:
    day = timeutil.today()
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def day_number(column: ColumnElement) -> ColumnElement[int]:
    """Whole days from :data:`EPOCH_MONDAY` to a DATE column, on either database."""
    if db.engine.dialect.name == "postgresql":
        return sa.cast(column - sa.literal(EPOCH_MONDAY, sa.Date), sa.Integer)
    return sa.cast(
        sa.func.julianday(column) - sa.func.julianday(EPOCH_MONDAY.isoformat()), sa.Integer
    )


def week_index(column: ColumnElement) -> ColumnElement[int]:
    """The ISO week of a DATE column as whole weeks since :data:`EPOCH_MONDAY`
    (:meth:`IsoWeek.from_index` turns it back into a week)."""
    return day_number(column) // 7

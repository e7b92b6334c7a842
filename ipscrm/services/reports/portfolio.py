"""The employer portfolio: employers per relationship stage (the funnel), new employers
and new active relationships per month, and employers nobody has met for a while.

The portfolio of a report is the employers *owned* by its specialists (the shared,
unowned part of the register belongs to no one's portfolio); archived employers are left
out everywhere.

- *New employers*: created (``created_at``, local month) in the period.
- *New active relationships*: the audit trail's stage changes into an engaged stage
  (active relationship, candidate presented, hired/supporting) from any other stage (or
  on creation), counted once per employer and month. The audit trail is the only record
  of when a stage changed; ``employers.stage`` only knows the current one.
- *No contact for EMPLOYER_NO_CONTACT_DAYS*: owned, not archived, and the last contact
  (or, never contacted, the creation) lies more than that many days before today. This
  list is always about today, whatever the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ipscrm import timeutil
from ipscrm.extensions import db
from ipscrm.models import AuditEvent, Employer, Stage, User
from ipscrm.models.base import UTCDateTime
from ipscrm.services.reports.periods import Period
from ipscrm.services.reports.scope import Scope

ENGAGED = {Stage.ACTIVE.value, Stage.CANDIDATE_PRESENTED.value, Stage.HIRED.value}


@dataclass(frozen=True)
class StaleEmployer:
    id: int
    name: str
    owner_name: str
    stage: Stage
    last_contact: date | None
    days: int


@dataclass(frozen=True)
class PortfolioFigures:
    funnel: tuple[tuple[Stage, int], ...]
    new_by_month: dict[str, int]
    active_by_month: dict[str, int]
    stale: tuple[StaleEmployer, ...]
    stale_days: int

    @property
    def employers(self) -> int:
        return sum(n for _stage, n in self.funnel)


def _owned(scope: Scope) -> list[sa.ColumnElement[bool]]:
    """Owned by the scope's specialists (ownership is current: not by those who moved
    to another team), not archived."""
    owners = [s.id for s in scope.specialists if not s.moved]
    return [Employer.owner_id.in_(owners), Employer.archived.is_(False)]


def _month(moment: datetime) -> str:
    local = timeutil.to_local(moment)
    return f"{local.year:04d}-{local.month:02d}"


def portfolio(scope: Scope, period: Period, stale_days: int) -> PortfolioFigures:
    counts = dict(
        db.session.execute(
            sa.select(Employer.stage, sa.func.count())
            .where(*_owned(scope))
            .group_by(Employer.stage)
        ).all()
    )
    funnel = tuple((stage, int(counts.get(stage, 0))) for stage in Stage)
    start, end = period.utc_bounds()
    new_by_month = dict.fromkeys(period.months, 0)
    for (created,) in db.session.execute(
        sa.select(Employer.created_at).where(
            *_owned(scope), Employer.created_at >= start, Employer.created_at < end
        )
    ):
        new_by_month[_month(created)] += 1
    active_by_month = dict.fromkeys(period.months, 0)
    seen: dict[str, set[int]] = defaultdict(set)
    events = db.session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.occurred_at, AuditEvent.changes)
        .join(Employer, Employer.id == AuditEvent.entity_id)
        .where(
            AuditEvent.entity_type == "employer",
            AuditEvent.action.in_(("create", "update")),
            AuditEvent.occurred_at >= start,
            AuditEvent.occurred_at < end,
            *_owned(scope),
        )
    )
    for employer_id, occurred_at, changes in events:
        old, new = ((changes or {}).get("stage") or [None, None])[:2]
        if new in ENGAGED and old not in ENGAGED:
            month = _month(occurred_at)
            if employer_id not in seen[month]:
                seen[month].add(employer_id)
                active_by_month[month] += 1
    return PortfolioFigures(
        funnel=funnel,
        new_by_month=new_by_month,
        active_by_month=active_by_month,
        stale=tuple(stale_employers(scope, stale_days)),
        stale_days=stale_days,
    )


def stale_employers(scope: Scope, days: int) -> list[StaleEmployer]:
    today = timeutil.today()
    cutoff = datetime.combine(today - timedelta(days=days), time(), timeutil.local_tz())
    last = sa.func.coalesce(Employer.last_contact_at, Employer.created_at, type_=UTCDateTime())
    rows = db.session.execute(
        sa.select(
            Employer.id, Employer.name, User.name, Employer.stage, Employer.last_contact_at, last
        )
        .join(User, User.id == Employer.owner_id)
        .where(*_owned(scope), last < cutoff)
        .order_by(last, Employer.name)
    ).all()
    out = []
    for employer_id, name, owner, stage, last_contact, since in rows:
        since_day = timeutil.local_day(since)
        out.append(
            StaleEmployer(
                id=employer_id,
                name=name,
                owner_name=owner,
                stage=stage,
                last_contact=timeutil.local_day(last_contact) if last_contact else None,
                days=(today - since_day).days,
            )
        )
    return out

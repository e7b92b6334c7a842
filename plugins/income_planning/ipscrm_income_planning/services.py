"""Use cases of income planning. Every function that reads or changes notes checks that
the user may see the jobseeker (their specialist, the specialist's supervisor, admins)
and writes an audit event in the same transaction; the trail names fields, never values.
G (grunnbeløpet) is dated data that admins extend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import Jobseeker, JobseekerStatus, Role, User
from ipscrm.services import audit
from ipscrm.services.access import get_visible_jobseeker, require_role
from ipscrm.services.errors import NotFound, ValidationFailed
from ipscrm.timeutil import today
from ipscrm_income_planning import calculator
from ipscrm_income_planning.models import BenefitType, GValue, IncomePlan

ENTITY = "income_plan"
PLAN_FIELDS = [
    "benefit_type",
    "individual_limit",
    "planned_hours",
    "hourly_wage",
    "session_date",
    "next_review",
    "notes",
]
NOTES_MAX = 5000
G_MIN, G_MAX = 50_000, 1_000_000


# --- G ---------------------------------------------------------------------------------


def g_values() -> list[GValue]:
    return list(db.session.scalars(sa.select(GValue).order_by(GValue.valid_from.desc())))


def g_on(day: date) -> GValue | None:
    """The G in force on ``day`` (the latest that applies from that day or before)."""
    return db.session.scalars(
        sa.select(GValue).where(GValue.valid_from <= day).order_by(GValue.valid_from.desc())
    ).first()


def set_g(valid_from: date, amount: int, user_id: int | None) -> GValue:
    """Add G from ``valid_from`` (or correct the amount for that date)."""
    if user_id is not None:
        require_role(db.session.get(User, user_id), Role.ADMIN)
    if not isinstance(amount, int) or not G_MIN <= amount <= G_MAX:
        raise ValidationFailed(
            N_("G must be a whole number of kroner between %(min)s and %(max)s."),
            {"min": G_MIN, "max": G_MAX},
            field="amount",
        )
    row = db.session.scalar(sa.select(GValue).where(GValue.valid_from == valid_from))
    before = row.amount if row else None
    if row is None:
        row = GValue(valid_from=valid_from, amount=amount, created_by_id=user_id)
        db.session.add(row)
    row.amount = amount
    db.session.flush()
    if before != amount:
        audit.record(
            user_id,
            "create" if before is None else "update",
            "income_planning_g",
            row.id,
            {"valid_from": [None, valid_from.isoformat()], "amount": [before, amount]},
        )
    db.session.commit()
    return row


# --- notes -----------------------------------------------------------------------------


def _decimal(value: Any, field: str, low: Decimal, high: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValidationFailed(N_("Not a number: %(value)s"), {"value": value}, field) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationFailed(
            N_("Must be between %(low)s and %(high)s."), {"low": low, "high": high}, field
        )
    return number


def clean_plan(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validated plan fields; ValidationFailed names the field."""
    try:
        benefit = BenefitType(data.get("benefit_type") or "")
    except ValueError:
        raise ValidationFailed(N_("Choose a benefit type."), field="benefit_type") from None
    session_date = data.get("session_date")
    if not isinstance(session_date, date):
        raise ValidationFailed(N_("Give the date of the session."), field="session_date")
    next_review = data.get("next_review") or None
    if next_review is not None and next_review < session_date:
        raise ValidationFailed(
            N_("The next review cannot be before the session."), field="next_review"
        )
    limit = _decimal(data.get("individual_limit"), "individual_limit", Decimal(0), Decimal(10**7))
    notes = (data.get("notes") or "").strip() or None
    if notes and len(notes) > NOTES_MAX:
        raise ValidationFailed(N_("At most %(max)s characters."), {"max": NOTES_MAX}, "notes")
    return {
        "benefit_type": benefit,
        "individual_limit": int(limit) if limit is not None else None,
        "planned_hours": _decimal(
            data.get("planned_hours"), "planned_hours", Decimal(0), Decimal(100)
        ),
        "hourly_wage": _decimal(
            data.get("hourly_wage"), "hourly_wage", Decimal(0), Decimal(10_000)
        ),
        "session_date": session_date,
        "next_review": next_review,
        "notes": notes,
    }


def _audit_read(user: User, jobseeker_id: int, plan_id: int | None = None) -> None:
    changes = {"plan_id": [None, plan_id]} if plan_id else None
    audit.record(user.id, "read", ENTITY, jobseeker_id, changes)


def list_plans(user: User, jobseeker_id: int) -> tuple[Jobseeker, list[IncomePlan]]:
    """The jobseeker's notes, newest session first (an audited read)."""
    jobseeker = get_visible_jobseeker(user, jobseeker_id)
    plans = list(
        db.session.scalars(
            sa.select(IncomePlan)
            .where(IncomePlan.jobseeker_id == jobseeker_id)
            .order_by(IncomePlan.session_date.desc(), IncomePlan.id.desc())
        )
    )
    _audit_read(user, jobseeker_id)
    db.session.commit()
    return jobseeker, plans


def get_plan(user: User, plan_id: int) -> IncomePlan:
    """One note (an audited read); NotFound / Forbidden like the jobseeker itself."""
    plan = db.session.get(IncomePlan, plan_id)
    if plan is None:
        raise NotFound(N_("No such income plan."))
    get_visible_jobseeker(user, plan.jobseeker_id)
    _audit_read(user, plan.jobseeker_id, plan.id)
    db.session.commit()
    return plan


def create_plan(user: User, jobseeker_id: int, data: Mapping[str, Any]) -> IncomePlan:
    get_visible_jobseeker(user, jobseeker_id)
    clean = clean_plan(data)
    plan = IncomePlan(jobseeker_id=jobseeker_id, created_by_id=user.id, **clean)
    db.session.add(plan)
    db.session.flush()
    audit.record(user.id, "create", ENTITY, jobseeker_id, dict.fromkeys(["plan_id", *clean]))
    db.session.commit()
    return plan


def update_plan(user: User, plan_id: int, data: Mapping[str, Any]) -> IncomePlan:
    plan = db.session.get(IncomePlan, plan_id)
    if plan is None:
        raise NotFound(N_("No such income plan."))
    get_visible_jobseeker(user, plan.jobseeker_id)
    clean = clean_plan(data)
    # Compared as values (Decimal("200") equals the stored Decimal("200.00")).
    changed = [name for name in PLAN_FIELDS if getattr(plan, name) != clean[name]]
    for name in changed:
        setattr(plan, name, clean[name])
    if changed:
        audit.record(user.id, "update", ENTITY, plan.jobseeker_id, dict.fromkeys(changed))
    db.session.commit()
    return plan


# --- guidance and reviews --------------------------------------------------------------


@dataclass(frozen=True)
class PlanGuidance:
    plan: IncomePlan
    g: GValue | None
    result: calculator.UforeGuidance | calculator.AapGuidance | None


def guidance_for(plan: IncomePlan) -> PlanGuidance:
    """The calculator's guidance for a plan, with the G in force on its session date."""
    g = g_on(plan.session_date)
    limits = calculator.Limits.from_config(current_app.config)
    result = calculator.guidance(
        plan.benefit_type,
        plan.planned_hours,
        plan.hourly_wage,
        plan.individual_limit,
        g.amount if g else None,
        limits,
    )
    return PlanGuidance(plan, g, result)


@dataclass(frozen=True)
class ReviewDue:
    jobseeker_id: int
    reference: str
    next_review: date


def reviews_due(user: User) -> list[ReviewDue]:
    """The user's own active jobseekers whose latest plan's review is due within
    INCOME_PLANNING_REVIEW_NOTICE_DAYS (or overdue), soonest first."""
    horizon = today() + timedelta(days=current_app.config["INCOME_PLANNING_REVIEW_NOTICE_DAYS"])
    latest = (
        sa.select(
            IncomePlan.jobseeker_id,
            sa.func.max(IncomePlan.session_date).label("session_date"),
        )
        .group_by(IncomePlan.jobseeker_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Jobseeker.id, Jobseeker.reference, sa.func.max(IncomePlan.next_review))
        .join(IncomePlan, IncomePlan.jobseeker_id == Jobseeker.id)
        .join(
            latest,
            sa.and_(
                latest.c.jobseeker_id == IncomePlan.jobseeker_id,
                latest.c.session_date == IncomePlan.session_date,
            ),
        )
        .where(
            Jobseeker.specialist_id == user.id,
            Jobseeker.status != JobseekerStatus.CLOSED,
            IncomePlan.next_review.is_not(None),
        )
        .group_by(Jobseeker.id, Jobseeker.reference)
    ).all()
    due = [ReviewDue(i, ref, review) for i, ref, review in rows if review <= horizon]
    return sorted(due, key=lambda r: (r.next_review, r.reference))

"""Follow-ups: the next step of a logged contact (``EmployerContact.follow_up_due``) and
planned follow-ups (``PlannedFollowUp``). List them for a specialist or a team, plan one,
mark one done, move one to another day. Each change is one transaction with an audit
event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import (
    Employer,
    EmployerContact,
    Jobseeker,
    PlannedFollowUp,
    Role,
    User,
)
from ipscrm.services import audit
from ipscrm.services.access import can_see_specialist, get_visible_jobseeker, jobseeker_filter
from ipscrm.services.employer_queries import FollowUpItem
from ipscrm.services.employers import get_employer
from ipscrm.services.errors import Forbidden, NotFound, ValidationFailed
from ipscrm.timeutil import now_utc, today

KINDS = ("contact", "planned")
MAX_NOTE = 10_000
LIST_LIMIT = 100


def visible_specialists(viewer: User) -> list[User]:
    """The specialists whose follow-ups ``viewer`` may list: themself, and for a
    supervisor the active members of their team (an admin: every active user)."""
    if viewer.role == Role.ADMIN:
        query = sa.select(User).where(User.active.is_(True))
    elif viewer.role == Role.SUPERVISOR and viewer.team_id is not None:
        query = sa.select(User).where(
            sa.or_(User.id == viewer.id, sa.and_(User.team_id == viewer.team_id, User.active))
        )
    else:
        return [viewer]
    return list(db.session.scalars(query.order_by(User.name)))


def list_follow_ups(
    viewer: User,
    specialist_ids: Sequence[int],
    done: bool = False,
    due_until: date | None = None,
    limit: int = LIST_LIMIT,
) -> list[FollowUpItem]:
    """Follow-ups of ``specialist_ids`` (open ones by due date, or done ones newest
    first), at most ``limit``. Three statements, whatever the number of rows."""
    if not specialist_ids:
        return []
    contact_q = (
        sa.select(
            EmployerContact.id,
            EmployerContact.follow_up_due.label("due"),
            EmployerContact.employer_id,
            Employer.name.label("employer_name"),
            EmployerContact.specialist_id,
            User.name.label("specialist_name"),
            EmployerContact.next_step.label("text"),
            EmployerContact.jobseeker_id,
        )
        .join(Employer, Employer.id == EmployerContact.employer_id)
        .join(User, User.id == EmployerContact.specialist_id)
        .where(
            EmployerContact.specialist_id.in_(specialist_ids),
            EmployerContact.follow_up_due.is_not(None),
            EmployerContact.follow_up_done.is_(done),
        )
    )
    planned_q = (
        sa.select(
            PlannedFollowUp.id,
            PlannedFollowUp.due,
            PlannedFollowUp.employer_id,
            Employer.name.label("employer_name"),
            PlannedFollowUp.specialist_id,
            User.name.label("specialist_name"),
            PlannedFollowUp.note.label("text"),
            PlannedFollowUp.jobseeker_id,
        )
        .join(Employer, Employer.id == PlannedFollowUp.employer_id)
        .join(User, User.id == PlannedFollowUp.specialist_id)
        .where(PlannedFollowUp.specialist_id.in_(specialist_ids), PlannedFollowUp.done.is_(done))
    )
    if due_until is not None:
        contact_q = contact_q.where(EmployerContact.follow_up_due <= due_until)
        planned_q = planned_q.where(PlannedFollowUp.due <= due_until)
    if done:
        contact_q = contact_q.order_by(EmployerContact.follow_up_due.desc())
        planned_q = planned_q.order_by(PlannedFollowUp.due.desc())
    else:
        contact_q = contact_q.order_by(EmployerContact.follow_up_due)
        planned_q = planned_q.order_by(PlannedFollowUp.due)
    items = [
        FollowUpItem("contact", **row._asdict(), done=done)
        for row in db.session.execute(contact_q.limit(limit))
    ] + [
        FollowUpItem("planned", **row._asdict(), done=done)
        for row in db.session.execute(planned_q.limit(limit))
    ]
    items.sort(key=lambda i: (i.due, i.employer_name), reverse=done)
    items = items[:limit]
    _add_visible_references(viewer, items)
    return items


def _add_visible_references(viewer: User, items: list[FollowUpItem]) -> None:
    """Fill ``jobseeker_reference`` where ``viewer`` may see the jobseeker; hide the id
    otherwise."""
    ids = {i.jobseeker_id for i in items if i.jobseeker_id}
    references: dict[int, str] = {}
    if ids:
        references = dict(
            db.session.execute(
                sa.select(Jobseeker.id, Jobseeker.reference).where(
                    Jobseeker.id.in_(ids), jobseeker_filter(viewer)
                )
            ).all()
        )
    for item in items:
        if item.jobseeker_id is not None:
            item.jobseeker_reference = references.get(item.jobseeker_id)
            if item.jobseeker_reference is None:
                item.jobseeker_id = None


def _get(kind: str, item_id: int) -> EmployerContact | PlannedFollowUp:
    if kind not in KINDS:
        raise NotFound(N_("No such follow-up."))
    model = EmployerContact if kind == "contact" else PlannedFollowUp
    item = db.session.get(model, item_id)
    if item is None or (isinstance(item, EmployerContact) and item.follow_up_due is None):
        raise NotFound(N_("No such follow-up."))
    return item


def _check_may_change(actor: User, item: EmployerContact | PlannedFollowUp) -> None:
    specialist = db.session.get(User, item.specialist_id)
    if specialist is None or not can_see_specialist(actor, specialist):
        raise Forbidden(N_("You do not have access to this follow-up."))


def _check_due(due: date | None) -> date:
    if due is None:
        raise ValidationFailed(N_("A date is required."), field="due")
    if due < today():
        raise ValidationFailed(N_("The follow-up date cannot be in the past."), field="due")
    return due


def mark_done(actor: User, kind: str, item_id: int) -> None:
    item = _get(kind, item_id)
    _check_may_change(actor, item)
    if isinstance(item, EmployerContact):
        if item.follow_up_done:
            return
        item.follow_up_done, item.follow_up_done_at = True, now_utc()
        audit.record(actor.id, "update", "contact", item.id, {"follow_up_done": [False, True]})
    else:
        if item.done:
            return
        item.done, item.done_at = True, now_utc()
        audit.record(actor.id, "update", "follow_up", item.id, {"done": [False, True]})
    db.session.commit()


def reschedule(actor: User, kind: str, item_id: int, due: date | None) -> None:
    """Move an open follow-up to another day (today or later)."""
    item = _get(kind, item_id)
    _check_may_change(actor, item)
    due = _check_due(due)
    if isinstance(item, EmployerContact):
        old, item.follow_up_due = item.follow_up_due, due
        item.follow_up_done, item.follow_up_done_at = False, None
        entity, field = "contact", "follow_up_due"
    else:
        old, item.due = item.due, due
        item.done, item.done_at = False, None
        entity, field = "follow_up", "due"
    if old != due:
        changes = {field: [old.isoformat() if old else None, due.isoformat()]}
        audit.record(actor.id, "update", entity, item.id, changes)
    db.session.commit()


def plan_follow_up(
    actor: User,
    employer_id: int,
    due: date | None,
    note: str | None = None,
    jobseeker_id: int | None = None,
) -> PlannedFollowUp:
    """A follow-up of ``actor`` with an employer (optionally about a jobseeker the actor
    may see), due today or later."""
    employer = get_employer(employer_id)
    if employer.archived:
        raise ValidationFailed(
            N_("This employer is archived. Restore it before planning a follow-up."),
            field="employer_id",
        )
    due = _check_due(due)
    if jobseeker_id is not None:
        get_visible_jobseeker(actor, jobseeker_id)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise ValidationFailed(N_("At most %(max)s characters."), {"max": MAX_NOTE}, field="note")
    item = PlannedFollowUp(
        specialist_id=actor.id,
        team_id=actor.team_id,
        employer_id=employer.id,
        jobseeker_id=jobseeker_id,
        due=due,
        note=note,
        done=False,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor.id,
        "create",
        "follow_up",
        item.id,
        {"employer_id": [None, employer.id], "due": [None, due.isoformat()]},
    )
    db.session.commit()
    return item

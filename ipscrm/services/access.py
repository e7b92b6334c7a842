"""Who may see what. One place for the rules, used by every view, service and report:

- a specialist works with the shared employer portfolio and only their own jobseekers;
- a supervisor sees the jobseekers and figures of their whole team;
- an admin manages users, teams and the catalogue, and may see everything.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import Jobseeker, Role, User
from ipscrm.services.errors import Forbidden, NotFound


def jobseeker_filter(user: User) -> ColumnElement[bool]:
    """A WHERE clause restricting ``select(Jobseeker)`` to what ``user`` may see."""
    if user.role == Role.ADMIN:
        return sa.true()
    if user.role == Role.SUPERVISOR and user.team_id is not None:
        team_members = sa.select(User.id).where(User.team_id == user.team_id)
        return sa.or_(Jobseeker.specialist_id == user.id, Jobseeker.specialist_id.in_(team_members))
    return Jobseeker.specialist_id == user.id


def can_see_jobseeker(user: User, jobseeker: Jobseeker) -> bool:
    """May ``user`` see (and work with) this jobseeker?"""
    if user.role == Role.ADMIN or jobseeker.specialist_id == user.id:
        return True
    if user.role == Role.SUPERVISOR and user.team_id is not None:
        return jobseeker.specialist.team_id == user.team_id
    return False


def get_visible_jobseeker(user: User, jobseeker_id: int) -> Jobseeker:
    """The jobseeker, or :class:`NotFound` / :class:`Forbidden` (views answer 404 / 403)."""
    jobseeker = db.session.get(Jobseeker, jobseeker_id)
    if jobseeker is None:
        raise NotFound(N_("No such jobseeker."))
    if not can_see_jobseeker(user, jobseeker):
        raise Forbidden(N_("You do not have access to this jobseeker."))
    return jobseeker


def can_see_specialist(user: User, specialist: User) -> bool:
    """May ``user`` see this specialist's figures and follow-ups?"""
    if user.role == Role.ADMIN or user.id == specialist.id:
        return True
    return (
        user.role == Role.SUPERVISOR
        and user.team_id is not None
        and specialist.team_id == user.team_id
    )


def require_role(user: User, *roles: Role) -> None:
    """:class:`Forbidden` unless ``user`` has one of ``roles``."""
    if user.role not in roles:
        raise Forbidden(N_("You do not have access to this page."))


def require_admin(user: User) -> None:
    """Only admins manage users, teams and the catalogue."""
    require_role(user, Role.ADMIN)


def assignable_specialists(user: User) -> list[User]:
    """The active users ``user`` may give a jobseeker to (and filter the list by):
    themselves for a specialist, their team for a supervisor, everyone for an admin."""
    if user.role == Role.SPECIALIST:
        return [user]
    query = sa.select(User).where(User.active.is_(True)).order_by(User.name)
    if user.role == Role.SUPERVISOR:
        if user.team_id is None:
            return [user]
        query = query.where(sa.or_(User.team_id == user.team_id, User.id == user.id))
    return list(db.session.scalars(query))

"""Whose figures a report covers, and who may see them.

- A supervisor sees the report of their own team; an admin of any team.
- Every user sees their own figures ("my figures").
- Anyone else gets :class:`Forbidden` (the views answer 403).

A team report counts a contact for the team the specialist belonged to when they logged
it (``employer_contacts.team_id``): a specialist who moves team takes their future
contacts along, not their past ones, and appears in their old team's report for the
weeks they worked there. Jobseeker figures (caseload, first contact, job starts) follow
the jobseeker's current specialist and that specialist's current team, since
jobseekers have no team history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import EmployerContact, Role, Team, User
from ipscrm.services.errors import Forbidden, NotFound
from ipscrm.services.reports.periods import Period


@dataclass(frozen=True)
class Specialist:
    id: int
    name: str
    email: str
    team_id: int | None
    moved: bool  # counted in this team's report but now belongs to another team (or none)


@dataclass(frozen=True)
class Scope:
    """The specialists a report covers. ``team`` set: contacts count only when logged
    while in that team. ``viewer``: whose access rules filter jobseeker lists (None for
    the command line, which runs with the database owner's rights)."""

    specialists: tuple[Specialist, ...]
    team: Team | None
    viewer: User | None

    @property
    def ids(self) -> list[int]:
        return [s.id for s in self.specialists]

    @property
    def team_id(self) -> int | None:
        return self.team.id if self.team else None


def may_see_team(viewer: User, team_id: int) -> bool:
    return viewer.role == Role.ADMIN or (
        viewer.role == Role.SUPERVISOR and viewer.team_id == team_id
    )


def visible_teams(viewer: User) -> list[Team]:
    query = sa.select(Team).order_by(Team.name)
    if viewer.role != Role.ADMIN:
        query = query.where(Team.id == viewer.team_id)
    return list(db.session.scalars(query))


def get_team(team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound(N_("No such team."))
    return team


def find_team(name_or_id: str) -> Team:
    """A team by exact name, or by id (for the command line)."""
    text = (name_or_id or "").strip()
    team = db.session.scalar(sa.select(Team).where(Team.name == text))
    if team is None and text.isdigit():
        team = db.session.get(Team, int(text))
    if team is None:
        raise NotFound(N_("No team named “%(team)s”."), {"team": text})
    return team


def team_members(team: Team, period: Period) -> list[Specialist]:
    """The team's specialists: current members with the specialist role, and everyone
    who logged a contact while in this team during the period."""
    members = set(
        db.session.scalars(
            sa.select(User.id).where(
                User.team_id == team.id, User.role == Role.SPECIALIST, User.active.is_(True)
            )
        )
    )
    contributed = set(
        db.session.scalars(
            sa.select(EmployerContact.specialist_id)
            .where(
                EmployerContact.team_id == team.id,
                EmployerContact.occurred_on.between(period.first, period.last),
            )
            .distinct()
        )
    )
    users = db.session.scalars(
        sa.select(User).where(User.id.in_(members | contributed)).order_by(User.name, User.id)
    )
    return [_specialist(u, team.id) for u in users]


def _specialist(user: User, team_id: int | None) -> Specialist:
    return Specialist(
        id=user.id,
        name=user.name,
        email=user.email,
        team_id=user.team_id,
        moved=team_id is not None and user.team_id != team_id,
    )


def team_scope(
    viewer: User | None, team_id: int, period: Period, only: Iterable[int] = ()
) -> Scope:
    """The team report's scope; ``only`` narrows it to some of the team's specialists."""
    team = get_team(team_id)
    if viewer is not None and not may_see_team(viewer, team.id):
        raise Forbidden(N_("You do not have access to this team's figures."))
    specialists = team_members(team, period)
    wanted = set(only)
    if wanted:
        specialists = [s for s in specialists if s.id in wanted]
    return Scope(tuple(specialists), team, viewer)


def default_team_id(viewer: User) -> int | None:
    if viewer.role == Role.SUPERVISOR:
        return viewer.team_id
    teams = visible_teams(viewer)
    return teams[0].id if teams else None


def specialist_scope(viewer: User | None, specialist: User) -> Scope:
    """One specialist's own figures, wherever they worked."""
    if viewer is not None and viewer.id != specialist.id:
        allowed = viewer.role == Role.ADMIN or (
            viewer.role == Role.SUPERVISOR
            and viewer.team_id is not None
            and viewer.team_id == specialist.team_id
        )
        if not allowed:
            raise Forbidden(N_("You do not have access to this specialist's figures."))
    return Scope((_specialist(specialist, None),), None, viewer)


def require_team_report(viewer: User) -> None:
    if viewer.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise Forbidden(N_("Only supervisors and admins see team reports."))

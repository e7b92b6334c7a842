"""Users and teams: create, list, authenticate, change passwords, deactivate."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import Role, Team, User, utcnow
from ipscrm.services import audit
from ipscrm.services.errors import Conflict, Duplicate, NotFound, ValidationFailed
from ipscrm.validation import InvalidValue, check_email

# A hash to compare against when the e-mail is unknown, so that a wrong e-mail takes as
# long as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH: dict[str, str] = {}


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_rules(password: str) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise ValidationFailed(
            N_("The password must be at least %(min)s characters long."),
            {"min": minimum},
            field="password",
        )
    if len(password) > 1000:
        raise ValidationFailed(N_("The password is too long."), field="password")


def normalise_email(email: str) -> str:
    try:
        return check_email(email).lower()
    except InvalidValue as err:
        raise ValidationFailed(err.message, err.params, field="email") from err


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role | str = Role.SPECIALIST,
    team_id: int | None = None,
    actor_id: int | None = None,
    temporary: bool = False,
) -> User:
    """Create a user; ``temporary``: the password is a temporary one the user must
    replace at the first login."""
    email = normalise_email(email)
    name, role = _checked_name_and_role(name, role)
    check_password_rules(password)
    if get_user_by_email(email):
        raise Duplicate(
            N_("A user with the e-mail address %(email)s already exists."),
            {"email": email},
            field="email",
        )
    if team_id is not None and db.session.get(Team, team_id) is None:
        raise NotFound(N_("No such team."), field="team_id")
    user = User(
        email=email,
        name=name,
        role=role,
        team_id=team_id,
        password_hash=hash_password(password),
        active=True,
        must_change_password=temporary,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor_id, "create", "user", user.id, {"email": [None, email]})
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = get_user_by_email(email or "")
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = generate_password_hash("x" * 12, method=method)
        check_password_hash(_DUMMY_HASH[method], password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    if not user.active:
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def set_password(user_id: int, new_password: str, actor_id: int | None = None) -> None:
    check_password_rules(new_password)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."))
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    audit.record(actor_id, "update", "user", user.id, {"password": ["***", "***"]})
    db.session.commit()


def set_active(user_id: int, active: bool, actor_id: int | None = None) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."))
    if not active and user.id == actor_id:
        raise Conflict(N_("You cannot deactivate your own account."))
    if not active and user.role == Role.ADMIN and user.active:
        _ensure_other_admin(user.id)
    if user.active != active:
        audit.record(actor_id, "update", "user", user.id, {"active": [user.active, active]})
        user.active = active
        db.session.commit()
    return user


def list_users(include_inactive: bool = True) -> list[User]:
    query = sa.select(User).options(joinedload(User.team)).order_by(User.name)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return list(db.session.scalars(query))


def get_or_create_team(name: str, actor_id: int | None = None) -> Team:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationFailed(N_("A team name of 1 to 120 characters is required."), field="name")
    team = db.session.scalar(sa.select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        db.session.add(team)
        db.session.flush()
        audit.record(actor_id, "create", "team", team.id, {"name": [None, name]})
        db.session.commit()
    return team


def get_team_by_name(name: str) -> Team | None:
    return db.session.scalar(sa.select(Team).where(Team.name == name))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."))
    return user


def _ensure_other_admin(user_id: int) -> None:
    """Refuse a change that would leave no active admin to manage users."""
    others = db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.role == Role.ADMIN, User.active.is_(True), User.id != user_id
        )
    )
    if not others:
        raise Conflict(N_("At least one active administrator must remain."))


def change_own_password(user_id: int, current: str, new: str) -> None:
    """The user replaces their password; ``current`` must be right and ``new`` must
    differ from it and follow the password rules."""
    user = get_user(user_id)
    if not check_password_hash(user.password_hash, current or ""):
        raise ValidationFailed(N_("The current password is wrong."), field="current_password")
    try:
        check_password_rules(new or "")
    except ValidationFailed as err:
        err.field = "new_password"
        raise
    if check_password_hash(user.password_hash, new):
        raise ValidationFailed(
            N_("The new password must differ from the current one."), field="new_password"
        )
    user.password_hash = hash_password(new)
    user.must_change_password = False
    audit.record(user.id, "update", "user", user.id, {"password": ["***", "***"]})
    db.session.commit()


def reset_password(user_id: int, temporary_password: str, actor_id: int | None) -> User:
    """An admin gives the user a temporary password, to be replaced at the next login."""
    user = get_user(user_id)
    check_password_rules(temporary_password or "")
    user.password_hash = hash_password(temporary_password)
    user.must_change_password = True
    audit.record(actor_id, "update", "user", user.id, {"password": ["***", "***"]})
    db.session.commit()
    return user


def _checked_name_and_role(name: str | None, role: Role | str) -> tuple[str, Role]:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationFailed(N_("A name of 1 to 120 characters is required."), field="name")
    try:
        return name, Role(role)
    except ValueError as err:
        raise ValidationFailed(
            N_("Unknown role “%(value)s”: use specialist, supervisor or admin."),
            {"value": role},
            field="role",
        ) from err


def update_user(
    user_id: int, name: str, role: Role | str, team_id: int | None, actor_id: int | None
) -> User:
    """Change a user's name, role and team."""
    user = get_user(user_id)
    name, role = _checked_name_and_role(name, role)
    if team_id is not None and db.session.get(Team, team_id) is None:
        raise ValidationFailed(N_("No such team."), field="team_id")
    if user.role == Role.ADMIN and role != Role.ADMIN:
        if user.id == actor_id:
            raise ValidationFailed(
                N_("You cannot take away your own administrator role."), field="role"
            )
        _ensure_other_admin(user.id)
    fields = ["name", "role", "team_id"]
    before = audit.snapshot(user, fields)
    user.name, user.role, user.team_id = name, role, team_id
    changes = audit.diff(before, audit.snapshot(user, fields))
    if changes:
        audit.record(actor_id, "update", "user", user.id, changes)
    db.session.commit()
    return user


def _clean_team_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationFailed(N_("A team name of 1 to 120 characters is required."), field="name")
    return name


def create_team(name: str, actor_id: int | None) -> Team:
    name = _clean_team_name(name)
    if get_team_by_name(name) is not None:
        raise Duplicate(N_("A team called %(name)s already exists."), {"name": name}, field="name")
    team = Team(name=name)
    db.session.add(team)
    db.session.flush()
    audit.record(actor_id, "create", "team", team.id, {"name": [None, name]})
    db.session.commit()
    return team


def rename_team(team_id: int, name: str, actor_id: int | None) -> Team:
    team = get_team(team_id)
    name = _clean_team_name(name)
    existing = get_team_by_name(name)
    if existing is not None and existing.id != team.id:
        raise Duplicate(N_("A team called %(name)s already exists."), {"name": name}, field="name")
    if team.name != name:
        audit.record(actor_id, "update", "team", team.id, {"name": [team.name, name]})
        team.name = name
        db.session.commit()
    return team


def get_team(team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound(N_("No such team."))
    return team


def list_teams() -> list[tuple[Team, int]]:
    """Every team with its number of active members, by name."""
    members = (
        sa.select(sa.func.count(User.id))
        .where(User.team_id == Team.id, User.active.is_(True))
        .scalar_subquery()
    )
    return [
        (team, count)
        for team, count in db.session.execute(sa.select(Team, members).order_by(Team.name))
    ]


def generate_temporary_password() -> str:
    """A random password an admin hands to a user, who replaces it at the first login.
    Letters and digits without look-alikes (0/O, 1/l/I), at least the minimum length."""
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    length = max(12, int(current_app.config["PASSWORD_MIN_LENGTH"]))
    return "".join(secrets.choice(alphabet) for _ in range(length))

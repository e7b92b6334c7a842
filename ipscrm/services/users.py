"""Users and teams: create, list, authenticate, change passwords, deactivate."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import Role, Team, User, utcnow
from ipscrm.services import audit
from ipscrm.services.errors import Duplicate, NotFound, ValidationFailed
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
) -> User:
    email = normalise_email(email)
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationFailed(N_("A name of 1 to 120 characters is required."), field="name")
    try:
        role = Role(role)
    except ValueError as err:
        raise ValidationFailed(
            N_("Unknown role “%(value)s”: use specialist, supervisor or admin."),
            {"value": role},
            field="role",
        ) from err
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
    audit.record(actor_id, "update", "user", user.id, {"password": ["***", "***"]})
    db.session.commit()


def set_active(user_id: int, active: bool, actor_id: int | None = None) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."))
    if user.active != active:
        audit.record(actor_id, "update", "user", user.id, {"active": [user.active, active]})
        user.active = active
        db.session.commit()
    return user


def list_users(include_inactive: bool = True) -> list[User]:
    query = sa.select(User).order_by(User.name)
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

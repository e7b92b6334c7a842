"""Users (job specialists, supervisors, admins) and their teams."""

from __future__ import annotations

import enum
import hashlib
import hmac
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models.base import Base, TimestampMixin, enum_column


def login_key(password_hash: str) -> str:
    """A key derived from the password hash with the app's secret (the session cookie is
    signed, not encrypted, so it carries nothing that helps guess the password)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, password_hash.encode(), hashlib.sha256).hexdigest()[:24]


class Role(enum.StrEnum):
    SPECIALIST = "specialist"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Team(TimestampMixin, Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)

    members: Mapped[list[User]] = relationship(back_populates="team", order_by="User.name")

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.name!r}>"


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.SPECIALIST)
    active: Mapped[bool] = mapped_column(default=True)
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"), index=True)
    language: Mapped[str | None] = mapped_column(sa.String(8))
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Set when an admin gives the user a temporary password: they must choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    team: Mapped[Team | None] = relationship(back_populates="members")

    def get_id(self) -> str:
        """The id a session (or remember cookie) keeps: the user's id and a key that
        changes with the password, so a new password ends every other session."""
        return f"{self.id}:{login_key(self.password_hash)}"

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot log in
        return bool(self.active)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r} {self.role}>"

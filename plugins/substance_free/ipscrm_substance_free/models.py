"""The plugin's tables: one row of substance-free facts per employer, one need per
jobseeker. Rows are created on first save; no row means "nothing known"."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models import Employer, User
from ipscrm.models.base import Base, enum_column, utcnow


class Answer(enum.StrEnum):
    UNKNOWN = "unknown"
    YES = "yes"
    NO = "no"


class Frequency(enum.StrEnum):
    UNKNOWN = "unknown"
    NEVER = "never"
    SOMETIMES = "sometimes"
    OFTEN = "often"


class Need(enum.StrEnum):
    NO_NEED = "no_need"
    PREFER = "prefer"
    MUST = "must"


class EmployerProfile(Base):
    __tablename__ = "substance_free_employers"

    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), primary_key=True
    )
    # The specialist's overall judgement; "unknown" lets the facts decide.
    assessment: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNKNOWN)
    akan_policy: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNKNOWN)
    alcohol_at_events: Mapped[Frequency] = mapped_column(
        enum_column(Frequency), default=Frequency.UNKNOWN
    )
    serves_alcohol: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNKNOWN)
    safety_testing: Mapped[Answer] = mapped_column(enum_column(Answer), default=Answer.UNKNOWN)
    verified_on: Mapped[date | None] = mapped_column(index=True)
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    employer: Mapped[Employer] = relationship()
    verified_by: Mapped[User | None] = relationship()


class JobseekerNeed(Base):
    __tablename__ = "substance_free_jobseekers"

    jobseeker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("jobseekers.id", ondelete="CASCADE"), primary_key=True
    )
    need: Mapped[Need] = mapped_column(enum_column(Need), default=Need.NO_NEED)

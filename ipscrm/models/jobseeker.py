"""Jobseekers (pseudonymous: a reference, their job preferences, where they were placed;
never diagnoses or treatment notes) and their job starts."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models.base import Base, TimestampMixin, enum_column

if TYPE_CHECKING:
    from ipscrm.models.employer import Employer
    from ipscrm.models.user import User


class JobseekerStatus(enum.StrEnum):
    SEARCHING = "searching"
    WORKING = "working"
    PAUSED = "paused"
    CLOSED = "closed"


class Disclosure(enum.StrEnum):
    """How much the person wants the employer told about their situation."""

    UNDECIDED = "undecided"
    FULL = "full"
    LIMITED = "limited"
    NONE = "none"


class Shift(enum.StrEnum):
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"
    WEEKEND = "weekend"


class Jobseeker(TimestampMixin, Base):
    __tablename__ = "jobseekers"
    __table_args__ = (sa.Index("ix_jobseekers_specialist_status", "specialist_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    specialist_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    program_entry_date: Mapped[date] = mapped_column()
    status: Mapped[JobseekerStatus] = mapped_column(
        enum_column(JobseekerStatus), default=JobseekerStatus.SEARCHING
    )
    closed_on: Mapped[date | None] = mapped_column()

    pref_job_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    pref_industries: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # code prefixes
    pref_municipalities: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # "0301"
    pref_hours_per_week: Mapped[int | None] = mapped_column()
    pref_shifts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    pref_accommodations: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # codes
    interests: Mapped[str | None] = mapped_column(sa.Text)
    strengths: Mapped[str | None] = mapped_column(sa.Text)
    disclosure: Mapped[Disclosure] = mapped_column(
        enum_column(Disclosure), default=Disclosure.UNDECIDED
    )

    specialist: Mapped[User] = relationship()
    job_starts: Mapped[list[JobStart]] = relationship(
        back_populates="jobseeker", order_by="JobStart.start_date.desc()"
    )

    @property
    def active(self) -> bool:
        """Counts toward the caseload."""
        return self.status != JobseekerStatus.CLOSED

    def __repr__(self) -> str:
        return f"<Jobseeker {self.id} {self.reference!r}>"


class JobStart(TimestampMixin, Base):
    __tablename__ = "job_starts"
    __table_args__ = (sa.Index("ix_job_starts_start_date", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(sa.ForeignKey("jobseekers.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    job_title: Mapped[str] = mapped_column(sa.String(120))
    job_type: Mapped[str | None] = mapped_column(sa.String(80))
    start_date: Mapped[date] = mapped_column()
    hours_per_week: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 1))
    competitive: Mapped[bool] = mapped_column(default=True)
    end_date: Mapped[date | None] = mapped_column()
    end_reason: Mapped[str | None] = mapped_column(sa.String(255))
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    jobseeker: Mapped[Jobseeker] = relationship(back_populates="job_starts")
    employer: Mapped[Employer] = relationship()

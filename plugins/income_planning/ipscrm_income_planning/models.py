"""The plugin's tables: G (grunnbeløpet) by the date it applies from, and the
income-planning notes on jobseekers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models import Jobseeker
from ipscrm.models.base import Base, TimestampMixin, enum_column, utcnow


class BenefitType(enum.StrEnum):
    UFORETRYGD_FULL = "uforetrygd_full"
    UFORETRYGD_GRADED = "uforetrygd_graded"
    AAP = "aap"
    SOCIAL_ASSISTANCE = "social_assistance"
    OTHER = "other"
    NONE = "none"

    @property
    def is_uforetrygd(self) -> bool:
        return self in (BenefitType.UFORETRYGD_FULL, BenefitType.UFORETRYGD_GRADED)


class GValue(Base):
    """The basic amount in force from ``valid_from`` until the next row's date."""

    __tablename__ = "income_planning_g_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(unique=True)
    amount: Mapped[int] = mapped_column()  # kroner a year
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class IncomePlan(TimestampMixin, Base):
    """One income-planning session with a jobseeker."""

    __tablename__ = "income_planning_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True
    )
    benefit_type: Mapped[BenefitType] = mapped_column(enum_column(BenefitType))
    # Yearly income limit from the person's NAV decision (uføretrygd), kroner.
    individual_limit: Mapped[int | None] = mapped_column()
    planned_hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 1))  # per week
    hourly_wage: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 2))  # kroner
    session_date: Mapped[date] = mapped_column()
    next_review: Mapped[date | None] = mapped_column(index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    jobseeker: Mapped[Jobseeker] = relationship()

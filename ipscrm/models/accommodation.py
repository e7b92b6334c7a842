"""The accommodation catalogue and the accommodations each employer offers."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models.base import Base, TimestampMixin, enum_column

if TYPE_CHECKING:
    from ipscrm.models.employer import Employer
    from ipscrm.models.user import User


class AccommodationStatus(enum.StrEnum):
    """In order of strength: offered < confirmed < used."""

    OFFERED = "offered"
    CONFIRMED = "confirmed"
    USED = "used"


class AccommodationType(TimestampMixin, Base):
    __tablename__ = "accommodation_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_nb: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    active: Mapped[bool] = mapped_column(default=True)
    builtin: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=100)

    def name_for(self, locale: str) -> str:
        return self.name_en if locale.startswith("en") else self.name_nb

    def __repr__(self) -> str:
        return f"<AccommodationType {self.code}>"


class EmployerAccommodation(TimestampMixin, Base):
    __tablename__ = "employer_accommodations"
    __table_args__ = (sa.UniqueConstraint("employer_id", "accommodation_type_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    accommodation_type_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accommodation_types.id"), index=True
    )
    status: Mapped[AccommodationStatus] = mapped_column(
        enum_column(AccommodationStatus), default=AccommodationStatus.OFFERED
    )
    recorded_on: Mapped[date] = mapped_column()
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    employer: Mapped[Employer] = relationship(back_populates="accommodations")
    type: Mapped[AccommodationType] = relationship(lazy="joined")
    recorded_by: Mapped[User | None] = relationship()

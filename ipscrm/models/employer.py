"""Employers (legal units and their worksites), their contact people and tags."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models.base import Base, TimestampMixin, enum_column

if TYPE_CHECKING:
    from ipscrm.models.accommodation import EmployerAccommodation
    from ipscrm.models.user import User


class Stage(enum.StrEnum):
    """The relationship path of job development (DOMAIN.md), in order."""

    IDENTIFIED = "identified"
    INTRODUCED = "introduced"
    LEARNED = "learned_about_business"
    ACTIVE = "active_relationship"
    CANDIDATE_PRESENTED = "candidate_presented"
    HIRED = "hired_supporting"
    DORMANT = "dormant"


class ContactChannel(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    SMS = "sms"
    IN_PERSON = "in_person"


class Employer(TimestampMixin, Base):
    __tablename__ = "employers"
    __table_args__ = (
        sa.Index("ix_employers_archived_stage", "archived", "stage"),
        # The employer list: default sort orders within archived / not archived; the
        # text search scans this index (name and place) instead of the wide table.
        sa.Index("ix_employers_archived_name", "archived", "name", "business_place"),
        sa.Index("ix_employers_archived_last_contact", "archived", "last_contact_at"),
        # The list's filters: the matching rows are counted and sorted from the index
        # alone, without reading the (wide) table rows.
        sa.Index(
            "ix_employers_municipality_filter",
            "business_municipality_number",
            "archived",
            "stage",
            "name",
        ),
        sa.Index("ix_employers_industry_filter", "industry_code_1", "archived", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_number: Mapped[str | None] = mapped_column(sa.String(9), unique=True)
    name: Mapped[str] = mapped_column(sa.String(255), index=True)
    organisation_form: Mapped[str | None] = mapped_column(sa.String(10))

    industry_code_1: Mapped[str | None] = mapped_column(sa.String(10))
    industry_description_1: Mapped[str | None] = mapped_column(sa.String(255))
    industry_code_2: Mapped[str | None] = mapped_column(sa.String(10))
    industry_description_2: Mapped[str | None] = mapped_column(sa.String(255))
    industry_code_3: Mapped[str | None] = mapped_column(sa.String(10))
    industry_description_3: Mapped[str | None] = mapped_column(sa.String(255))
    industry_classification: Mapped[str | None] = mapped_column(sa.String(16))

    employee_count: Mapped[int | None] = mapped_column()
    website: Mapped[str | None] = mapped_column(sa.String(255))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))

    business_address: Mapped[str | None] = mapped_column(sa.String(500))  # lines, "\n"
    business_postcode: Mapped[str | None] = mapped_column(sa.String(4))
    business_place: Mapped[str | None] = mapped_column(sa.String(100))
    business_municipality: Mapped[str | None] = mapped_column(sa.String(100))
    business_municipality_number: Mapped[str | None] = mapped_column(sa.String(4))
    postal_address: Mapped[str | None] = mapped_column(sa.String(500))
    postal_postcode: Mapped[str | None] = mapped_column(sa.String(4))
    postal_place: Mapped[str | None] = mapped_column(sa.String(100))
    postal_municipality: Mapped[str | None] = mapped_column(sa.String(100))
    postal_municipality_number: Mapped[str | None] = mapped_column(sa.String(4))

    bankrupt: Mapped[bool] = mapped_column(default=False)
    under_liquidation: Mapped[bool] = mapped_column(default=False)
    under_forced_liquidation: Mapped[bool] = mapped_column(default=False)

    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="SET NULL"), index=True
    )
    # The register's `overordnetEnhet`, kept so a worksite can be linked to a parent
    # that is imported later.
    parent_organisation_number: Mapped[str | None] = mapped_column(sa.String(9), index=True)

    job_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.IDENTIFIED)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)
    archived: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column()
    last_contact_at: Mapped[datetime | None] = mapped_column(index=True)

    source: Mapped[str] = mapped_column(sa.String(20), default="manual")
    import_batch_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )

    parent: Mapped[Employer | None] = relationship(remote_side=[id], back_populates="worksites")
    worksites: Mapped[list[Employer]] = relationship(
        back_populates="parent", order_by="Employer.name"
    )
    owner: Mapped[User | None] = relationship()
    contact_people: Mapped[list[ContactPerson]] = relationship(
        back_populates="employer", order_by="ContactPerson.name", cascade="all, delete-orphan"
    )
    tag_rows: Mapped[list[EmployerTag]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", order_by="EmployerTag.tag"
    )
    accommodations: Mapped[list[EmployerAccommodation]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def industry_codes(self) -> list[tuple[str, str | None]]:
        pairs = [
            (self.industry_code_1, self.industry_description_1),
            (self.industry_code_2, self.industry_description_2),
            (self.industry_code_3, self.industry_description_3),
        ]
        return [(code, desc) for code, desc in pairs if code]

    @property
    def is_closed(self) -> bool:
        """Bankrupt or being wound up: never a match, skipped by imports by default."""
        return bool(self.bankrupt or self.under_liquidation or self.under_forced_liquidation)

    def __repr__(self) -> str:
        return f"<Employer {self.id} {self.organisation_number} {self.name!r}>"


class EmployerTag(Base):
    __tablename__ = "employer_tags"

    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(sa.String(60), primary_key=True, index=True)

    employer: Mapped[Employer] = relationship(back_populates="tag_rows")


class ContactPerson(TimestampMixin, Base):
    __tablename__ = "contact_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    preferred_channel: Mapped[ContactChannel | None] = mapped_column(enum_column(ContactChannel))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    employer: Mapped[Employer] = relationship(back_populates="contact_people")

    def __repr__(self) -> str:
        return f"<ContactPerson {self.id} {self.name!r}>"

"""The employer contact log: every contact a specialist has with an employer, and the
follow-up it leads to."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models.base import Base, TimestampMixin, enum_column

if TYPE_CHECKING:
    from ipscrm.models.employer import ContactPerson, Employer
    from ipscrm.models.jobseeker import Jobseeker
    from ipscrm.models.user import Team, User


class ContactMode(enum.StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    VIDEO = "video"


class ContactPurpose(enum.StrEnum):
    INTRODUCTION = "introduction"
    LEARN_BUSINESS = "learn_about_business"
    FOLLOW_UP = "follow_up"
    PRESENT_CANDIDATE = "present_candidate"
    WITH_JOBSEEKER = "with_jobseeker"
    FOLLOW_ALONG = "follow_along_support"


class EmployerContact(TimestampMixin, Base):
    __tablename__ = "employer_contacts"
    __table_args__ = (
        sa.Index("ix_employer_contacts_specialist_day", "specialist_id", "occurred_on"),
        sa.Index("ix_employer_contacts_team_day", "team_id", "occurred_on"),
        sa.Index("ix_employer_contacts_employer_time", "employer_id", "occurred_at"),
        sa.Index("ix_employer_contacts_jobseeker_time", "jobseeker_id", "occurred_at"),
        sa.Index(
            "ix_employer_contacts_followup", "follow_up_done", "follow_up_due", "specialist_id"
        ),
        # Covering indexes for the reports (migration 0003r).
        sa.Index(
            "ix_employer_contacts_report_team",
            "team_id",
            "occurred_on",
            "face_to_face",
            "specialist_id",
            "jobseeker_id",
        ),
        sa.Index(
            "ix_employer_contacts_report_specialist",
            "specialist_id",
            "occurred_on",
            "face_to_face",
            "jobseeker_id",
        ),
        sa.Index(
            "ix_employer_contacts_report_first", "jobseeker_id", "face_to_face", "occurred_on"
        ),
        # My week and the follow-ups page: one specialist's open follow-ups by date.
        sa.Index(
            "ix_employer_contacts_specialist_followup",
            "specialist_id",
            "follow_up_done",
            "follow_up_due",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column()  # exact moment (UTC)
    occurred_on: Mapped[date] = mapped_column()  # the local calendar day, for weekly figures
    specialist_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # The specialist's team when the contact happened: a specialist who moves team takes
    # their future contacts along, not their past ones.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"))
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"))
    contact_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contact_people.id", ondelete="SET NULL"), index=True
    )
    mode: Mapped[ContactMode] = mapped_column(enum_column(ContactMode))
    face_to_face: Mapped[bool] = mapped_column()
    purpose: Mapped[ContactPurpose] = mapped_column(enum_column(ContactPurpose))
    jobseeker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("jobseekers.id", ondelete="SET NULL")
    )
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    next_step: Mapped[str | None] = mapped_column(sa.Text)
    follow_up_due: Mapped[date | None] = mapped_column()
    follow_up_done: Mapped[bool] = mapped_column(default=False)
    follow_up_done_at: Mapped[datetime | None] = mapped_column()

    specialist: Mapped[User] = relationship()
    team: Mapped[Team | None] = relationship()
    employer: Mapped[Employer] = relationship()
    contact_person: Mapped[ContactPerson | None] = relationship()
    jobseeker: Mapped[Jobseeker | None] = relationship()

    @property
    def jobseeker_specific(self) -> bool:
        return self.jobseeker_id is not None

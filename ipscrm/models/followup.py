"""Planned follow-ups: a reminder to contact an employer (optionally about a jobseeker)
that is not the next step of a logged contact. Follow-ups that come from a logged contact
live on the contact itself (``EmployerContact.follow_up_due``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipscrm.models.base import Base, TimestampMixin

if TYPE_CHECKING:
    from ipscrm.models.employer import Employer
    from ipscrm.models.jobseeker import Jobseeker
    from ipscrm.models.user import User


class PlannedFollowUp(TimestampMixin, Base):
    __tablename__ = "planned_follow_ups"
    __table_args__ = (
        sa.Index("ix_planned_follow_ups_open", "done", "due", "specialist_id"),
        sa.Index("ix_planned_follow_ups_employer_due", "employer_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    specialist_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"))
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"))
    jobseeker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("jobseekers.id", ondelete="SET NULL"), index=True
    )
    due: Mapped[date] = mapped_column()
    note: Mapped[str | None] = mapped_column(sa.Text)
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column()

    specialist: Mapped[User] = relationship()
    employer: Mapped[Employer] = relationship()
    jobseeker: Mapped[Jobseeker | None] = relationship()

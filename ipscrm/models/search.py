"""The search outbox: one row per employer whose search document must be rewritten,
written in the same transaction as the change itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ipscrm.models.base import Base, utcnow


class SearchOutbox(Base):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the entry must survive whatever happens to the employer, and bulk
    # imports write many at once.
    employer_id: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

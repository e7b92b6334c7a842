"""Failed-login counters for throttling, shared by every web process through the database.

A row is keyed by a keyed hash (HMAC) of the e-mail address or the client IP, never the
value itself, and holds only what the throttle needs: how many failures, when the last one
was, and until when further attempts are refused."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ipscrm.models.base import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # hex HMAC-SHA256
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(index=True)
    next_allowed_at: Mapped[datetime | None] = mapped_column()
    blocked_until: Mapped[datetime | None] = mapped_column()

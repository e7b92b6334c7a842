"""The example plugin's one table: small values keyed by object kind, id and name."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ipscrm.models.base import Base


class ExampleValue(Base):
    __tablename__ = "example_values"
    # Outside an installed package, say which plugin owns the table.
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id", "key"),
        {"info": {"plugin": "example"}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int] = mapped_column()
    key: Mapped[str] = mapped_column(sa.String(40))
    value: Mapped[str | None] = mapped_column(sa.String(80))

"""Login throttling counters, and the flag that makes a user replace a temporary password.

Revision ID: 0003b
Revises: 0002
Create Date: 2026-11-30 09:20:00

"""

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base

# revision identifiers, used by Alembic.
revision = "0003b"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("next_allowed_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("blocked_until", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_throttle_last_failed_at"), ["last_failed_at"], unique=False
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttle_last_failed_at"))
    op.drop_table("login_throttle")

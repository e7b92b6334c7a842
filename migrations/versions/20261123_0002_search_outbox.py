"""Search outbox: employers whose search document must be rewritten.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:51:40.875559

"""

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_outbox")),
    )
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_outbox_employer_id"), ["employer_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_outbox_employer_id"))

    op.drop_table("search_outbox")

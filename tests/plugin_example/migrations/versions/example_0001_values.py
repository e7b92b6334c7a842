"""Example plugin: the example_values table.

Revision ID: example_0001
Revises:
Create Date: 2026-11-30 09:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "example_0001"
down_revision = None
branch_labels = ("example",)
depends_on = "0001"


def upgrade():
    op.create_table(
        "example_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_values")),
        sa.UniqueConstraint("kind", "object_id", "key", name=op.f("uq_example_values_kind")),
    )


def downgrade():
    op.drop_table("example_values")

"""Income planning plugin: G values (seeded with G from 2024-05-01 and 2025-05-01) and
income-planning notes.

Revision ID: ip_0001
Revises:
Create Date: 2026-11-30 10:00:00

"""

from datetime import date

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base

revision = "ip_0001"
down_revision = None
branch_labels = ("income_planning",)
depends_on = "0001"


def upgrade():
    g_values = op.create_table(
        "income_planning_g_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_income_planning_g_values_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_income_planning_g_values")),
        sa.UniqueConstraint("valid_from", name=op.f("uq_income_planning_g_values_valid_from")),
    )
    op.create_table(
        "income_planning_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=False),
        sa.Column("benefit_type", sa.String(length=32), nullable=False),
        sa.Column("individual_limit", sa.Integer(), nullable=True),
        sa.Column("planned_hours", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("hourly_wage", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_income_planning_notes_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_income_planning_notes_jobseeker_id_jobseekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_income_planning_notes")),
    )
    with op.batch_alter_table("income_planning_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_income_planning_notes_jobseeker_id"), ["jobseeker_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_income_planning_notes_next_review"), ["next_review"], unique=False
        )
    # G (grunnbeløpet) is data: admins add each year's value in the app or with
    # `ipscrm income g-set`.
    now = ipscrm.models.base.utcnow()
    op.bulk_insert(
        g_values,
        [
            {"valid_from": date(2024, 5, 1), "amount": 124_028, "created_at": now},
            {"valid_from": date(2025, 5, 1), "amount": 130_160, "created_at": now},
        ],
    )


def downgrade():
    with op.batch_alter_table("income_planning_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_income_planning_notes_next_review"))
        batch_op.drop_index(batch_op.f("ix_income_planning_notes_jobseeker_id"))
    op.drop_table("income_planning_notes")
    op.drop_table("income_planning_g_values")

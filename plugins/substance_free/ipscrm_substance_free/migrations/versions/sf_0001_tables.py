"""Substance-free plugin: employer facts and jobseeker needs.

Revision ID: sf_0001
Revises:
Create Date: 2026-11-30 09:40:00

"""

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base

revision = "sf_0001"
down_revision = None
branch_labels = ("substance_free",)
depends_on = "0001"


def upgrade():
    op.create_table(
        "substance_free_employers",
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("assessment", sa.String(length=32), nullable=False),
        sa.Column("akan_policy", sa.String(length=32), nullable=False),
        sa.Column("alcohol_at_events", sa.String(length=32), nullable=False),
        sa.Column("serves_alcohol", sa.String(length=32), nullable=False),
        sa.Column("safety_testing", sa.String(length=32), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_substance_free_employers_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_substance_free_employers_verified_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("employer_id", name=op.f("pk_substance_free_employers")),
    )
    with op.batch_alter_table("substance_free_employers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_substance_free_employers_verified_on"), ["verified_on"], unique=False
        )
    op.create_table(
        "substance_free_jobseekers",
        sa.Column("jobseeker_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_substance_free_jobseekers_jobseeker_id_jobseekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("jobseeker_id", name=op.f("pk_substance_free_jobseekers")),
    )


def downgrade():
    op.drop_table("substance_free_jobseekers")
    with op.batch_alter_table("substance_free_employers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_substance_free_employers_verified_on"))
    op.drop_table("substance_free_employers")

"""Employer web pages: indexes for the employer list, My week and the follow-up lists, and planned
follow-ups (a reminder to contact an employer that is not the next step of a contact).

Revision ID: 0003_employer_web
Revises: 0003i
Create Date: 2026-11-30 09:20:00

"""

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base

# revision identifiers, used by Alembic.
revision = "0003_employer_web"
down_revision = "0003i"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "planned_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("jobseeker_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", ipscrm.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ipscrm.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_planned_follow_ups_employer_id_employers"),
        ),
        sa.ForeignKeyConstraint(
            ["jobseeker_id"],
            ["jobseekers.id"],
            name=op.f("fk_planned_follow_ups_jobseeker_id_jobseekers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["users.id"],
            name=op.f("fk_planned_follow_ups_specialist_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_planned_follow_ups_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_follow_ups")),
    )
    with op.batch_alter_table("planned_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            "ix_planned_follow_ups_open", ["done", "due", "specialist_id"], unique=False
        )
        batch_op.create_index(
            "ix_planned_follow_ups_employer_due", ["employer_id", "due"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_planned_follow_ups_jobseeker_id"), ["jobseeker_id"], unique=False
        )
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_employers_archived_name", ["archived", "name", "business_place"], unique=False
        )
        batch_op.create_index(
            "ix_employers_archived_last_contact", ["archived", "last_contact_at"], unique=False
        )
        # Replaced by composite indexes with the same leading column.
        batch_op.drop_index("ix_employers_business_municipality_number")
        batch_op.drop_index("ix_employers_industry_code_1")
        batch_op.create_index(
            "ix_employers_municipality_filter",
            ["business_municipality_number", "archived", "stage", "name"],
            unique=False,
        )
        batch_op.create_index(
            "ix_employers_industry_filter", ["industry_code_1", "archived", "name"], unique=False
        )
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_employer_contacts_specialist_followup",
            ["specialist_id", "follow_up_done", "follow_up_due"],
            unique=False,
        )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_user_time", ["user_id", "occurred_at"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_user_time")
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_employer_contacts_specialist_followup")
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_index("ix_employers_industry_filter")
        batch_op.drop_index("ix_employers_municipality_filter")
        batch_op.create_index("ix_employers_industry_code_1", ["industry_code_1"], unique=False)
        batch_op.create_index(
            "ix_employers_business_municipality_number",
            ["business_municipality_number"],
            unique=False,
        )
        batch_op.drop_index("ix_employers_archived_last_contact")
        batch_op.drop_index("ix_employers_archived_name")
    with op.batch_alter_table("planned_follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planned_follow_ups_jobseeker_id"))
        batch_op.drop_index("ix_planned_follow_ups_employer_due")
        batch_op.drop_index("ix_planned_follow_ups_open")
    op.drop_table("planned_follow_ups")

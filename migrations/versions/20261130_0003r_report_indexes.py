"""Report indexes: covering indexes on the contact log for the weekly figures of a team
and of a specialist, and for each jobseeker's first face-to-face contact.

Revision ID: 0003r
Revises: 0003b
Create Date: 2026-11-30 09:40:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0003r"
down_revision = "0003b"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_employer_contacts_report_team": [
        "team_id",
        "occurred_on",
        "face_to_face",
        "specialist_id",
        "jobseeker_id",
    ],
    "ix_employer_contacts_report_specialist": [
        "specialist_id",
        "occurred_on",
        "face_to_face",
        "jobseeker_id",
    ],
    "ix_employer_contacts_report_first": ["jobseeker_id", "face_to_face", "occurred_on"],
}


def upgrade():
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)

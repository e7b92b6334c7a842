"""Import batches: before-images for undo, warnings count, file size, error, undo time.

Revision ID: 0003i
Revises: 0003r
Create Date: 2026-11-30 09:20:00

"""

import sqlalchemy as sa
from alembic import op

import ipscrm.models.base

# revision identifiers, used by Alembic.
revision = "0003i"
down_revision = "0003r"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rows_warned", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("file_size", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("undone_at", ipscrm.models.base.UTCDateTime(), nullable=True))
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.alter_column("rows_warned", server_default=None)

    op.create_table(
        "import_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_changes_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_import_changes_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
    )
    with op.batch_alter_table("import_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_changes_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_import_changes_employer_id"), ["employer_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("import_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_changes_employer_id"))
        batch_op.drop_index(batch_op.f("ix_import_changes_batch_id"))
    op.drop_table("import_changes")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_column("undone_at")
        batch_op.drop_column("error")
        batch_op.drop_column("file_size")
        batch_op.drop_column("rows_warned")

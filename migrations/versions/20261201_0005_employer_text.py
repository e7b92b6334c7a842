"""Employer text search index: the employer list finds a substring of the name or the
place from an index instead of reading every employer (SQLite: an FTS5 trigram table
kept current by triggers, filled here for the existing employers; PostgreSQL: pg_trgm
GIN indexes, and a GIN index on one- and two-character substrings). See
ipscrm/models/employer_text.py.

Revision ID: 0004_employer_text
Revises: 0003_employer_web
Create Date: 2026-12-01 09:00:00

"""

from alembic import op

from ipscrm.models import employer_text

# revision identifiers, used by Alembic.
revision = "0004_employer_text"
down_revision = "0003_employer_web"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        employer_text.create_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        employer_text.create_postgresql(conn)


def downgrade():
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        employer_text.drop_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        employer_text.drop_postgresql(conn)

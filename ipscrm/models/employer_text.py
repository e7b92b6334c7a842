"""The index behind the employer list's free-text search (a substring of the name or the
business place, ignoring case), in the form each database answers fastest. None of it is
a mapped table: the migration ``0004_employer_text`` creates it and the database keeps it
current by itself, whoever writes the employers (forms, the bulk importer, undo).

- SQLite: ``employers_fts``, an FTS5 table with the trigram tokenizer (case folded for
  every letter, Æ/Ø/Å too) holding each employer's name and place under the employer's
  id as rowid, kept in sync by three triggers on ``employers``. It finds terms of three
  characters or more.
- PostgreSQL: GIN trigram indexes (``pg_trgm``) on the name and the place, which ILIKE
  uses for terms of three characters or more, and a GIN index on the one- and
  two-character substrings of both (``ipscrm_employer_grams``) for shorter terms. When
  ``pg_trgm`` cannot be created the trigram indexes are left out (a warning is logged)
  and longer terms are found by reading the table, as before.

Caution for later migrations: on SQLite, ``batch_alter_table("employers")`` rebuilds the
table, and dropping the old table drops its triggers; such a migration must call
:func:`create_sqlite_triggers` afterwards.
"""

from __future__ import annotations

import logging
import sqlite3

import sqlalchemy as sa

log = logging.getLogger(__name__)

FTS_TABLE = "employers_fts"
TRIGGERS = ("employers_fts_insert", "employers_fts_update", "employers_fts_delete")
TRIGRAM_INDEXES = ("ix_employers_name_trgm", "ix_employers_place_trgm")
GRAMS_INDEX = "ix_employers_text_grams"
GRAMS_FUNCTION = "ipscrm_employer_grams"
TRIGRAM_EXTENSION = "pg_trgm"
FTS_TOKENIZER = "trigram"

# For queries: the FTS table (rowid = employer id; the table's own name is the column
# that MATCH takes).
employers_fts = sa.table(FTS_TABLE, sa.column("rowid", sa.Integer), sa.column(FTS_TABLE))


def is_text_index_object(name: str | None, type_: str) -> bool:
    """Whether a database object belongs to this index (the migrations' comparison with
    the models leaves these out: they are created per database by hand, not modelled)."""
    if not name:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")  # FTS5 shadow tables
    if type_ == "index":
        return name in TRIGRAM_INDEXES or name == GRAMS_INDEX
    return False


# --- SQLite ------------------------------------------------------------------------------

_FTS_INSERT = (
    f"INSERT INTO {FTS_TABLE}(rowid, name, business_place) "
    "VALUES (new.id, new.name, new.business_place);"
)
_SQLITE_TRIGGERS = {
    "employers_fts_insert": f"AFTER INSERT ON employers BEGIN {_FTS_INSERT} END",
    "employers_fts_update": (
        "AFTER UPDATE OF name, business_place ON employers "
        "WHEN old.name IS NOT new.name OR old.business_place IS NOT new.business_place "
        f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; {_FTS_INSERT} END"
    ),
    "employers_fts_delete": (
        f"AFTER DELETE ON employers BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
    ),
}


def create_sqlite(conn: sa.Connection) -> bool:
    """Create and fill the FTS table and its triggers; False (with a warning) when this
    SQLite has no FTS5 trigram tokenizer (before 3.34): the search then reads the table."""
    try:  # a failed statement leaves SQLite's transaction as it was
        # columnsize=0: no table of document lengths, which only ranking needs (and
        # which makes each insert, as in a bulk import, half as dear again).
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, business_place, "
            f"tokenize = '{FTS_TOKENIZER}', columnsize = 0)"
        )
    except sa.exc.OperationalError as err:
        log.warning(
            "SQLite %s cannot create the employer text index (%s); the employer search "
            "reads the whole table instead.",
            sqlite3.sqlite_version,
            err.orig,
        )
        return False
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}(rowid, name, business_place) "
        "SELECT id, name, business_place FROM employers"
    )
    create_sqlite_triggers(conn)
    return True


def create_sqlite_triggers(conn: sa.Connection) -> None:
    """(Re)create the triggers that keep the FTS table in step with ``employers``."""
    for name, body in _SQLITE_TRIGGERS.items():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {body}")


def drop_sqlite(conn: sa.Connection) -> None:
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# --- PostgreSQL --------------------------------------------------------------------------

# The one- and two-character substrings of the lower-cased name and place (a bigram
# never spans the two). IMMUTABLE, as lower() is, so that it can be indexed.
_GRAMS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {GRAMS_FUNCTION}(name text, place text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    grams text[] := '{{}}';
    t text;
    i int;
BEGIN
    FOREACH t IN ARRAY ARRAY[lower(name), lower(place)] LOOP
        CONTINUE WHEN t IS NULL;
        grams := grams || string_to_array(t, NULL);
        FOR i IN 1 .. char_length(t) - 1 LOOP
            grams := grams || substr(t, i, 2);
        END LOOP;
    END LOOP;
    RETURN grams;
END
$$
"""


def create_postgresql(conn: sa.Connection) -> bool:
    """Create the indexes; returns whether the trigram ones could be created."""
    conn.exec_driver_sql(_GRAMS_FUNCTION)
    conn.exec_driver_sql(
        f"CREATE INDEX {GRAMS_INDEX} ON employers "
        f"USING gin ({GRAMS_FUNCTION}(name, business_place))"
    )
    trigrams = True
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {TRIGRAM_EXTENSION}")
            name_index, place_index = TRIGRAM_INDEXES
            conn.exec_driver_sql(
                f"CREATE INDEX {name_index} ON employers USING gin (name gin_trgm_ops)"
            )
            conn.exec_driver_sql(
                f"CREATE INDEX {place_index} ON employers USING gin (business_place gin_trgm_ops)"
            )
    except sa.exc.DBAPIError as err:
        log.warning(
            "PostgreSQL extension %s is not available (%s); the employer search reads "
            "the whole table for terms of three characters or more. Once it is installed "
            "(postgresql-contrib), downgrade below revision 0004_employer_text and upgrade "
            "again to add the indexes.",
            TRIGRAM_EXTENSION,
            str(err.orig).strip().splitlines()[0],
        )
        trigrams = False
    # The planner's estimates for the new index expression (how common each short
    # substring is) decide between the index and reading in name order.
    conn.exec_driver_sql("ANALYZE employers")
    return trigrams


def drop_postgresql(conn: sa.Connection) -> None:
    """Drop the indexes and the function; the extension stays (other database objects
    may use it, and only its owner may drop it)."""
    for name in (*TRIGRAM_INDEXES, GRAMS_INDEX):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {GRAMS_FUNCTION}(text, text)")

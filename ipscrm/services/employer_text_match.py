"""Finding employers by a piece of their name or place, whatever the case (Æ, Ø and Å
too): from the text index of ipscrm/models/employer_text.py where there is one, else by
reading. The employer list (``employer_queries``) uses :func:`text_match`; the employer
pickers of the contact and job start forms use :func:`pick_employers`."""

from __future__ import annotations

import weakref
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ipscrm.extensions import db
from ipscrm.models import Employer
from ipscrm.models.employer_text import FTS_TABLE, GRAMS_FUNCTION, employers_fts


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _glob_ignoring_case(text: str) -> str:
    """A GLOB pattern for "contains ``text``" in which each letter matches its upper and
    lower case ("tø" → "*[tT][øØ]*")."""
    parts = []
    for c in text:
        lower, upper = c.lower(), c.upper()
        if lower != upper and len(lower) == len(upper) == 1:
            parts.append(f"[{lower}{upper}]")
        else:
            parts.append(f"[{c}]" if c in "*?[" else c)
    return "*" + "".join(parts) + "*"


def contains_text(column: sa.ColumnElement[str], text: str) -> sa.ColumnElement[bool]:
    """Case-insensitive "contains", read row by row. PostgreSQL: ILIKE. SQLite: its LIKE
    ignores case for A–Z only (and its lower() knows no other letters either); so other
    letters (æ, ø, å, é, ...) become one-character wildcards in a LIKE that picks the
    candidates fast, and a GLOB that spells out both cases of each letter checks them.
    Neither calls a function for each row, so the scan reads the (archived, name, place)
    index only."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column.ilike(f"%{_escape_like(text)}%", escape="\\")
    pattern = "".join(c if c.isascii() else "_" for c in _escape_like(text))
    candidates = column.like(f"%{pattern}%", escape="\\")
    if text.isascii():
        return candidates
    return sa.and_(candidates, column.op("GLOB")(_glob_ignoring_case(text)))


# The text index (ipscrm/models/employer_text.py) finds terms of this length or longer
# from trigrams; shorter ones are found on PostgreSQL from their one- and two-character
# substrings, and on SQLite by reading the (archived, name, place) index.
TRIGRAM = 3

_fts_tables: weakref.WeakKeyDictionary[sa.Engine, bool] = weakref.WeakKeyDictionary()


def _has_fts() -> bool:
    """Whether this SQLite database has the FTS table (its migration leaves it out, with a
    warning, where SQLite lacks the trigram tokenizer). Asked once per engine."""
    engine = db.engine
    if engine not in _fts_tables:
        _fts_tables[engine] = (
            db.session.scalar(
                sa.text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}
            )
            is not None
        )
    return _fts_tables[engine]


def _fts_phrase(text: str) -> str:
    """An FTS5 query for ``text`` as one phrase: with the trigram tokenizer, the rows that
    contain it, whatever the case."""
    return '"' + text.replace('"', '""') + '"'


def text_match(text: str, in_order: bool = False) -> sa.ColumnElement[bool]:
    """The employer's name or place contains ``text`` (case-insensitive, Æ/Ø/Å too), from
    the text index where there is one. ``in_order``: the query reads the employers in
    its sort order and stops after a page (the term is common), so SQLite must not look
    up the ids the index found one by one. For a short term, PostgreSQL may first read
    a sample (:func:`_rare`)."""
    name, place = Employer.name, Employer.business_place
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite" and len(text) >= TRIGRAM and _has_fts():
        ids = sa.select(employers_fts.c.rowid).where(
            employers_fts.c[FTS_TABLE].op("MATCH")(_fts_phrase(text))
        )
        return (Employer.id + 0 if in_order else Employer.id).in_(ids)
    match = sa.or_(contains_text(name, text), contains_text(place, text))
    if dialect == "postgresql" and len(text) < TRIGRAM and not in_order and _rare(text):
        # From the index of short substrings. Not for a common term: reading finds it
        # soon, and computing the substrings of each row read costs more than reading.
        grams = getattr(sa.func, GRAMS_FUNCTION)(name, place)
        wanted = postgresql.array([sa.func.lower(sa.cast(text, sa.Text))])
        match = sa.and_(match, grams.op("@>", return_type=sa.Boolean)(wanted))
    return match


# A short term is common when at least this share of a sample of employers has it.
SAMPLE = 2_000
COMMON_SHARE = 0.05


def _rare(text: str) -> bool:
    """Whether few employers have ``text`` in their name or place, judged from the first
    SAMPLE employers (in storage order, unrelated to names)."""
    sample = sa.select(Employer.name, Employer.business_place).limit(SAMPLE).subquery()
    found = sa.or_(contains_text(sample.c.name, text), contains_text(sample.c.business_place, text))
    total, hits = db.session.execute(
        sa.select(sa.func.count(), sa.func.count().filter(found)).select_from(sample)
    ).one()
    return hits < COMMON_SHARE * max(total, 1)


ORGNR_DIGITS = 9


class EmployerChoice(NamedTuple):
    id: int
    name: str
    business_place: str | None


def pick_employers(text: str, limit: int = 20) -> list[EmployerChoice]:
    """Active employers for a picker: those whose organisation number starts with
    ``text`` (digits, spaces allowed), then those whose name contains ``text`` (any case,
    Æ/Ø/Å too), by name. Two queries: an OR of the two made the name search read every
    employer's row."""
    text = " ".join((text or "").split())[:200]
    if not text:
        return []
    columns = (Employer.id, Employer.name, Employer.business_place)
    active = Employer.archived.is_(False)
    found: list[EmployerChoice] = []
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) >= 2:
        number = Employer.organisation_number
        if len(digits) >= ORGNR_DIGITS:
            by_number = number == digits
        elif db.session.get_bind().dialect.name == "sqlite":
            by_number = number.op("GLOB")(digits + "*")  # from the index, unlike LIKE
        else:
            by_number = number.like(digits + "%")
        # archived through a function: else SQLite reads the archived index, not the
        # organisation number's (no statistics tell it that nearly all are active)
        not_archived = sa.func.coalesce(Employer.archived, sa.false()).is_(False)
        found = [
            EmployerChoice(*row)
            for row in db.session.execute(
                sa.select(*columns).where(not_archived, by_number).order_by(number).limit(limit)
            )
        ]
    by_name = (
        sa.select(*columns)
        .where(active, contains_text(Employer.name, text))
        .order_by(Employer.name)
        .limit(limit)
    )
    seen = {choice.id for choice in found}
    found += [EmployerChoice(*row) for row in db.session.execute(by_name) if row.id not in seen]
    return found[:limit]

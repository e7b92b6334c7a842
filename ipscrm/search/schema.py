"""The employer search schema: fields, Norwegian analysis and the schema fingerprint.

Text is indexed twice: stemmed with Whoosh's ``LanguageAnalyzer("no")`` (so inflected
forms match: "butikken" finds "butikker") and unstemmed (so prefixes and compounds can be
matched: "lager" finds "lagerarbeid"). Both keep Æ, Ø and Å: the tokenizer pattern treats
them as letters and no filter folds accents."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from whoosh import fields
from whoosh.analysis import (
    LanguageAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    ReverseTextFilter,
    StopFilter,
)

# Letters (including æ, ø, å and other accented letters), digits; "47.111" stays one token.
TOKEN_PATTERN = r"[^\W_]+(?:[.'][^\W_]+)*"
# Bump when analysis or document layout changes in a way that needs a rebuild.
SCHEMA_VERSION = 6

stemmed_analyzer = LanguageAnalyzer("no", expression=TOKEN_PATTERN)
plain_analyzer = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(lang="no")
name_analyzer = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
reversed_analyzer = plain_analyzer | ReverseTextFilter()


MIN_SUFFIX = 4  # shortest word ending matched inside a compound job type


@dataclass(frozen=True)
class PluginField:
    """A search field a plugin contributes, with its full index name."""

    plugin: str
    short_name: str
    name: str
    kind: str
    stored: bool


# Fields whose values repeat across employers (industry codes and descriptions, places,
# job types, stages, flags, ...): the index writer analyses each distinct value once and
# reuses its postings. Unique values (ids, names, notes) are analysed every time.
REPEATING_FIELDS = frozenset(
    {
        "industry_codes",
        "industry_text",
        "industry_division",
        "place_text",
        "municipality",
        "postcode",
        "job_types",
        "job_types_plain",
        "job_types_reversed",
        "accommodations",
        "accommodations_confirmed",
        "tags",
        "stage",
        "archived",
        "closed",
        "job_start_marks",
        "job_start_hours",
    }
)


def _unscored(field: fields.FieldType) -> fields.FieldType:
    """No field lengths: only matched with constant scores (saves a column per field)."""
    field.scorable = False
    return field


def core_fields() -> dict[str, fields.FieldType]:
    """The employer document. Positions are kept only where phrases are searched (name,
    contact people, notes); the rest index word frequencies only, which is faster."""
    stem = stemmed_analyzer
    plain = plain_analyzer
    return {
        "id": fields.ID(stored=True, unique=True),
        "organisation_number": fields.ID(stored=True),
        # names: whole words for typos and prefixes, stemmed for inflections
        "name": fields.TEXT(analyzer=name_analyzer, stored=True, field_boost=3.0),
        "name_stem": fields.TEXT(analyzer=stem, field_boost=2.0, phrase=False),
        "industry_codes": fields.KEYWORD(stored=True, commas=True),
        "industry_text": _unscored(fields.TEXT(analyzer=stem, stored=True, phrase=False)),
        "place_text": _unscored(fields.TEXT(analyzer=name_analyzer, phrase=False)),
        "municipality": fields.ID(stored=True, sortable=True),
        "industry_division": fields.ID(sortable=True),  # "47" from "47.111", for facets
        "municipality_name": fields.STORED(),
        "postcode": fields.ID(stored=True),
        "place": fields.STORED(),
        "job_types": _unscored(fields.TEXT(analyzer=stem, stored=True, phrase=False)),
        "job_types_plain": _unscored(fields.TEXT(analyzer=plain, phrase=False)),
        # job type words written backwards: a prefix query on them finds word endings,
        # so "sjåfør" finds "lastebilsjåfør" (compounds end with what they are)
        "job_types_reversed": _unscored(fields.TEXT(analyzer=reversed_analyzer, phrase=False)),
        "notes": fields.TEXT(analyzer=stem, stored=True, phrase=False),
        "notes_plain": fields.TEXT(analyzer=plain),
        "contacts": fields.TEXT(analyzer=name_analyzer, stored=True),
        "accommodations": fields.KEYWORD(stored=True, commas=True),
        "accommodations_confirmed": fields.KEYWORD(commas=True),
        "accommodation_details": fields.STORED(),
        "tags": fields.KEYWORD(stored=True, commas=True, lowercase=True),
        "stage": fields.ID(stored=True),
        "owner": fields.STORED(),
        "size": fields.STORED(),
        "last_contact": fields.STORED(),
        "archived": fields.BOOLEAN(stored=True),
        "closed": fields.BOOLEAN(stored=True),
        "job_starts": fields.STORED(),
        # one token per earlier job start ("1", "2", ...): each adds to a match's score
        "job_start_marks": fields.KEYWORD(),
        "job_start_hours": fields.KEYWORD(stored=True),
        "updated": fields.STORED(),
    }


def plugin_field_type(kind: str, stored: bool) -> fields.FieldType:
    if kind == "text":
        return fields.TEXT(analyzer=stemmed_analyzer, stored=stored)
    if kind == "boolean":
        return fields.BOOLEAN(stored=stored)
    if kind == "numeric":
        return fields.NUMERIC(numtype=float, stored=stored)
    if kind == "date":
        return fields.DATETIME(stored=stored)
    return fields.KEYWORD(stored=stored, commas=True, lowercase=True)


def build_schema(plugin_fields: list[PluginField]) -> fields.Schema:
    schema = fields.Schema(**core_fields())
    for field in plugin_fields:
        if field.name in schema:
            raise ValueError(f"search field {field.name!r} is defined twice")
        schema.add(field.name, plugin_field_type(field.kind, field.stored))
    return schema


def fingerprint(plugin_fields: list[PluginField]) -> str:
    """A short hash of the schema layout: core fields, analysis, and plugin fields."""
    layout = {
        "version": SCHEMA_VERSION,
        "pattern": TOKEN_PATTERN,
        "core": sorted((name, type(f).__name__) for name, f in core_fields().items()),
        "plugins": sorted((f.name, f.kind, f.stored) for f in plugin_fields),
    }
    raw = json.dumps(layout, sort_keys=True).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:16]

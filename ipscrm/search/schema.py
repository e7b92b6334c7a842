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
from whoosh.analysis import LanguageAnalyzer, LowercaseFilter, RegexTokenizer, StopFilter

# Letters (including æ, ø, å and other accented letters), digits; "47.111" stays one token.
TOKEN_PATTERN = r"[^\W_]+(?:[.'][^\W_]+)*"
# Bump when analysis or document layout changes in a way that needs a rebuild.
SCHEMA_VERSION = 2

stemmed_analyzer = LanguageAnalyzer("no", expression=TOKEN_PATTERN)
plain_analyzer = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(lang="no")
name_analyzer = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()


MIN_SUFFIX = 4


def suffixes(text: str) -> list[str]:
    """The endings (at least ``MIN_SUFFIX`` letters) of each word, the word itself left out:
    "lastebilsjåfør" → "astebilsjåfør", ..., "sjåfør", ..., "åfør"."""
    found: dict[str, None] = {}
    for token in plain_analyzer(text):
        word = token.text
        for start in range(1, len(word) - MIN_SUFFIX + 1):
            found.setdefault(word[start:], None)
    return list(found)


@dataclass(frozen=True)
class PluginField:
    """A search field a plugin contributes, with its full index name."""

    plugin: str
    short_name: str
    name: str
    kind: str
    stored: bool


def core_fields() -> dict[str, fields.FieldType]:
    stem = stemmed_analyzer
    plain = plain_analyzer
    return {
        "id": fields.ID(stored=True, unique=True),
        "organisation_number": fields.ID(stored=True),
        # names: whole words for typos and prefixes, stemmed for inflections
        "name": fields.TEXT(analyzer=name_analyzer, stored=True, field_boost=3.0),
        "name_stem": fields.TEXT(analyzer=stem, field_boost=2.0),
        "industry_codes": fields.KEYWORD(stored=True, commas=True),
        "industry_text": fields.TEXT(analyzer=stem, stored=True),
        "place_text": fields.TEXT(analyzer=name_analyzer),
        "municipality": fields.ID(stored=True, sortable=True),
        "industry_division": fields.ID(sortable=True),  # "47" from "47.111", for facets
        "municipality_name": fields.STORED(),
        "postcode": fields.ID(stored=True),
        "place": fields.STORED(),
        "job_types": fields.TEXT(analyzer=stem, stored=True),
        "job_types_plain": fields.TEXT(analyzer=plain),
        # word endings of compound job types: "lastebilsjåfør" is also a "sjåfør"
        "job_types_suffix": fields.KEYWORD(),
        "notes": fields.TEXT(analyzer=stem, stored=True),
        "notes_plain": fields.TEXT(analyzer=plain),
        "contacts": fields.TEXT(analyzer=name_analyzer, stored=True),
        "accommodations": fields.KEYWORD(stored=True, commas=True),
        "accommodations_confirmed": fields.KEYWORD(commas=True),
        "accommodation_details": fields.STORED(),
        "tags": fields.KEYWORD(stored=True, commas=True, lowercase=True),
        "stage": fields.ID(stored=True),
        "owner": fields.ID(stored=True),
        "size": fields.NUMERIC(stored=True),
        "last_contact": fields.DATETIME(stored=True),
        "archived": fields.BOOLEAN(stored=True),
        "closed": fields.BOOLEAN(stored=True),
        "job_starts": fields.NUMERIC(stored=True),
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

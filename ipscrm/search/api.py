"""What the rest of ipscrm asks of the search index: global search with highlights,
employer ids for a query, and ranked matches with facets. Plain dataclasses out; Whoosh
stays inside this package. Every function raises :class:`IndexUnavailable` when the index
cannot be used, so callers can fall back to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup
from whoosh import highlight, sorting
from whoosh import query as Q
from whoosh.searching import Searcher

from ipscrm.search import index as ix_mod
from ipscrm.search.explain import RawReason, explain, rule_reasons
from ipscrm.search.index import IndexUnavailable
from ipscrm.search.query import (
    ConstantWeighting,
    MatchSpec,
    MatchWeights,
    UserQuery,
    group_query,
    match_query,
    parse_user_query,
)

__all__ = [
    "FACET_FIELDS",
    "GroupHit",
    "IndexUnavailable",
    "MatchHit",
    "MatchHits",
    "global_search",
    "match",
    "search_employer_ids",
]
GROUPS = ("employers", "contacts", "notes")
GROUP_FIELDS = {"employers": "name", "contacts": "contacts", "notes": "notes"}
# facet name → index field (single-valued facets use the sortable column)
FACET_FIELDS = {
    "municipality": "municipality",
    "industry": "industry_division",
    "accommodation": "accommodations",
}


@dataclass(frozen=True)
class GroupHit:
    employer_id: int
    name: str
    organisation_number: str
    place: str
    archived: bool
    snippet: Markup  # escaped text with <mark> around the matching words
    score: float


@dataclass
class MatchHit:
    score: float
    stored: dict[str, Any]
    reasons: list[RawReason]


@dataclass
class MatchHits:
    total: int
    hits: list[MatchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


# stored field shown → fields whose analysis finds the words to highlight in it
HIGHLIGHT_FIELDS = {
    "name": ("name", "name_stem"),
    "contacts": ("contacts",),
    "notes": ("notes_plain", "notes"),
}


def _snippet(hit, field_name: str, top: int = 2) -> Markup:
    text = hit.get(field_name) or ""
    for analysed in HIGHLIGHT_FIELDS[field_name]:
        fragment = hit.highlights(analysed, text=text, top=top)
        if fragment:
            # Whoosh's HtmlFormatter escapes the text; only our <mark> tags are markup.
            return Markup(fragment)
    return Markup.escape(text[:160])


def global_search(
    text: str, per_group: int = 10, app: Flask | None = None
) -> dict[str, list[GroupHit]]:
    """Employers, contact people and notes matching ``text``, best first per group."""
    user_query = parse_user_query(text)
    groups: dict[str, list[GroupHit]] = {g: [] for g in GROUPS}
    if user_query.empty:
        return groups
    with ix_mod.searcher(app) as s:
        for group in GROUPS:
            q = group_query(group, user_query)
            if q is Q.NullQuery:
                continue
            results = s.search(q, limit=per_group)
            if group == "notes":
                results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
            else:
                results.fragmenter = highlight.WholeFragmenter()
            results.formatter = highlight.HtmlFormatter(
                tagname="mark", classname="hl", termclass="t"
            )
            for hit in results:
                groups[group].append(
                    GroupHit(
                        employer_id=int(hit["id"]),
                        name=hit["name"],
                        organisation_number=hit.get("organisation_number", ""),
                        place=hit.get("place", ""),
                        archived=bool(hit.get("archived")),
                        snippet=_snippet(hit, GROUP_FIELDS[group]),
                        score=float(hit.score or 0.0),
                    )
                )
    return groups


def search_employer_ids(text: str, limit: int = 200, app: Flask | None = None) -> list[int]:
    """Ids of employers whose name, industry, job types, tags or place match, best first."""
    user_query = parse_user_query(text)
    if user_query.empty:
        return []
    with ix_mod.searcher(app) as s:
        q = group_query("employers", user_query)
        if q is Q.NullQuery:
            return []
        return [int(hit["id"]) for hit in s.search(q, limit=limit)]


def employer_query(user_query: UserQuery) -> Q.Query:
    return group_query("employers", user_query)


def match(
    spec: MatchSpec,
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = True,
    weights: MatchWeights | None = None,
    labels: dict | None = None,
    rule_messages: list[tuple[str, tuple, float, str | None, dict]] | None = None,
    app: Flask | None = None,
) -> MatchHits:
    """Ranked employers for ``spec``: the page asked for with the reasons for each, the
    total and facet counts. ``labels`` names accommodation codes and stages for reasons;
    ``rule_messages`` are the plugin boosts with their reason messages."""
    page = max(1, page)
    with ix_mod.searcher(app) as base:
        s = Searcher(base.reader(), weighting=ConstantWeighting(), closereader=False)
        q = match_query(s.reader(), spec, weights)
        groupedby = None
        if with_facets:
            groupedby = {
                name: sorting.FieldFacet(f, maptype=sorting.Count)
                for name, f in FACET_FIELDS.items()
                if name != "accommodation"
            }
        results = s.search(q, limit=page * per_page, groupedby=groupedby)
        start = (page - 1) * per_page
        hits = []
        for hit in results[start : start + per_page]:
            stored = dict(hit.fields())
            reasons = explain(s.reader(), stored, spec, labels or {})
            reasons += rule_reasons(stored, rule_messages or [])
            hits.append(MatchHit(float(hit.score or 0.0), stored, reasons))
        facets: dict[str, dict[str, int]] = {}
        if with_facets:
            for name in FACET_FIELDS:
                if name != "accommodation":
                    facets[name] = {k: v for k, v in results.groups(name).items() if k}
            facets["accommodation"] = _term_counts(base, results.docs(), "accommodations")
        return MatchHits(total=len(results), hits=hits, facets=facets)


def _term_sets(s, field_name: str) -> dict[str, frozenset[int]]:
    """Document numbers per term of a small multi-valued field, cached on the searcher
    (a new index generation gets a new searcher)."""
    cache = s.__dict__.setdefault("_ipscrm_term_sets", {})
    if field_name not in cache:
        reader = s.reader()
        cache[field_name] = {
            (term.decode("utf-8") if isinstance(term, bytes) else term): frozenset(
                reader.postings(field_name, term).all_ids()
            )
            for term in reader.lexicon(field_name)
        }
    return cache[field_name]


def _term_counts(s, docnums, field_name: str) -> dict[str, int]:
    """How many of ``docnums`` carry each term of a (small) multi-valued field."""
    if not docnums:
        return {}
    docset = docnums if isinstance(docnums, set | frozenset) else set(docnums)
    counts = {value: len(ids & docset) for value, ids in _term_sets(s, field_name).items()}
    return {value: count for value, count in counts.items() if count}


def status(app: Flask | None = None) -> ix_mod.IndexStatus:
    return ix_mod.status(app or current_app)

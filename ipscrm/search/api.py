"""What the rest of ipscrm asks of the search index: global search with highlights,
employer ids for a query, and ranked matches with facets. Plain dataclasses out; Whoosh
stays inside this package. Every function raises :class:`IndexUnavailable` when the index
cannot be used, so callers can fall back to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup
from whoosh import highlight
from whoosh import query as Q

from ipscrm.search import index as ix_mod
from ipscrm.search.evaluate import evaluate
from ipscrm.search.explain import RawReason, explain, rule_reasons
from ipscrm.search.highlighting import Highlighter
from ipscrm.search.index import IndexUnavailable
from ipscrm.search.query import (
    MatchSpec,
    MatchWeights,
    UserQuery,
    group_query,
    match_parts,
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
                fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
            else:
                fragmenter = highlight.WholeFragmenter()
            marker = Highlighter(q, s.schema, fragmenter)
            for hit in results:
                groups[group].append(
                    GroupHit(
                        employer_id=int(hit["id"]),
                        name=hit["name"],
                        organisation_number=hit.get("organisation_number", ""),
                        place=hit.get("place", ""),
                        archived=bool(hit.get("archived")),
                        snippet=marker.snippet(hit, GROUP_FIELDS[group]),
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
    with ix_mod.searcher(app) as s:
        parts = match_parts(s.reader(), spec, weights)
        single = {n: f for n, f in FACET_FIELDS.items() if n != "accommodation"}
        multi = {"accommodation": FACET_FIELDS["accommodation"]}
        found = evaluate(
            s,
            parts,
            limit=per_page,
            offset=(page - 1) * per_page,
            single_facets=single if with_facets else None,
            multi_facets=multi if with_facets else None,
        )
        hits = []
        heads: dict = {}
        for score, docnum in found.top:
            stored = dict(s.stored_fields(docnum))
            reasons = explain(s.reader(), stored, spec, labels or {}, heads)
            reasons += rule_reasons(stored, rule_messages or [])
            hits.append(MatchHit(score, stored, reasons))
        return MatchHits(total=found.total, hits=hits, facets=found.facets)


def status(app: Flask | None = None) -> ix_mod.IndexStatus:
    return ix_mod.status(app or current_app)

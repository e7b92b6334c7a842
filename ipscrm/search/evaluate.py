"""Evaluating a match group by group instead of as one nested Whoosh query.

The match (``query.match_parts``) is a sum of weighted relevance groups, a set of hard
filters, soft boosts and exclusions. Run as one query tree, Whoosh walks every candidate
through a dozen nested matchers in Python; here each relevance group is run on its own
(its documents get its weight), and filters, boosts and exclusions, which repeat from
match to match (municipalities, stages, archived), are document-number sets cached for
the searcher's index generation and combined with set operations. The ranking is the
same as ``query.match_query`` gives (ties by document order, as in Whoosh)."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass

from whoosh import query as Q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import MultiMatcher
from whoosh.searching import Searcher

from ipscrm.search.query import MatchParts

_MAX_CACHED_SETS = 2000


@dataclass
class Evaluated:
    total: int
    top: list[tuple[float, int]]  # (score, docnum), best first, the page asked for
    facets: dict[str, dict[str, int]]


def _cache(s: Searcher) -> dict:
    return s.__dict__.setdefault("_ipscrm_sets", {})


def cached_docs(s: Searcher, q: Q.Query) -> frozenset[int]:
    """The documents matching ``q`` (a filter, boost or exclusion), cached per searcher."""
    cache = _cache(s)
    key = ("q", q)
    found = cache.get(key)
    if found is None:
        if len(cache) > _MAX_CACHED_SETS:
            cache.clear()
        found = cache[key] = frozenset(group_docs(s, q))
    return found


def posting_ids(reader, fieldname: str, btext: bytes) -> list[int]:
    """The document numbers of one term, read a block at a time.

    Whoosh's ``all_ids()`` makes three Python calls per posting; the leaf matcher of
    whoosh-reloaded 2.7.5 (the pinned version) already holds each block's ids decoded in
    a tuple, so they are taken whole. Other matchers use ``all_ids()``."""
    return _ids(reader.postings(fieldname, btext))


def _ids(matcher) -> list[int]:
    if isinstance(matcher, MultiMatcher):  # one sub-matcher per segment
        found: list[int] = []
        for sub, offset in zip(matcher.matchers, matcher.offsets, strict=False):
            ids = _ids(sub)
            found.extend(ids if not offset else [d + offset for d in ids])
        return found
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        found = []
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            found.extend(matcher._ids[matcher._i :])
            matcher._next_block()
        return found
    return list(matcher.all_ids())


def group_docs(s: Searcher, q: Q.Query) -> set[int]:
    """The documents matching ``q``, reading each term's postings directly (no union
    matchers): alternatives are unions of their parts, prefixes of their terms."""
    if isinstance(q, Q.DisjunctionMax | Q.Or):
        found: set[int] = set()
        for sub in q.subqueries:
            found |= group_docs(s, sub)
        return found
    if isinstance(q, Q.ConstantScoreQuery):
        return group_docs(s, q.child)
    reader = s.reader()
    if isinstance(q, Q.Term):
        if q.fieldname not in s.schema:
            return set()
        btext = s.schema[q.fieldname].to_bytes(q.text)
        if (q.fieldname, btext) not in reader:
            return set()
        return set(posting_ids(reader, q.fieldname, btext))
    if isinstance(q, Q.MultiTerm):
        found = set()
        for fieldname, btext in q.expanded_terms(reader):
            found.update(posting_ids(reader, fieldname, btext))
        return found
    return set(q.docs(s))


def live_docs(s: Searcher) -> frozenset[int] | None:
    """Documents not deleted, or None when the index has no deletions."""
    reader = s.reader()
    if not reader.has_deletions():
        return None
    cache = _cache(s)
    if "live" not in cache:
        cache["live"] = frozenset(reader.all_doc_ids())
    return cache["live"]


def term_map(s: Searcher, field_name: str) -> dict[int, str]:
    """Document number → its (single) term in ``field_name``, cached per searcher."""
    cache = _cache(s)
    key = ("map", field_name)
    if key not in cache:
        reader = s.reader()
        mapping: dict[int, str] = {}
        for term in reader.lexicon(field_name):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            for docnum in posting_ids(reader, field_name, term):
                mapping[docnum] = value
        cache[key] = mapping
    return cache[key]


def term_sets(s: Searcher, field_name: str) -> dict[str, frozenset[int]]:
    """Term → documents for a small multi-valued field, cached per searcher."""
    cache = _cache(s)
    key = ("sets", field_name)
    if key not in cache:
        reader = s.reader()
        cache[key] = {
            (term.decode("utf-8") if isinstance(term, bytes) else term): frozenset(
                posting_ids(reader, field_name, term)
            )
            for term in reader.lexicon(field_name)
        }
    return cache[key]


def evaluate(
    s: Searcher,
    parts: MatchParts,
    limit: int,
    offset: int = 0,
    single_facets: dict[str, str] | None = None,
    multi_facets: dict[str, str] | None = None,
) -> Evaluated:
    """Score, filter and rank; count facets over every match."""
    allowed: set[int] | frozenset[int] | None = None
    for f in parts.filters:
        docs = cached_docs(s, f)
        allowed = docs if allowed is None else allowed & docs
    excluded: set[int] = set()
    for n in parts.negatives:
        excluded |= cached_docs(s, n)
    live = live_docs(s)

    scores: dict[int, float] = defaultdict(float)
    if parts.relevance:
        for group in parts.relevance:
            docs = group_docs(s, group)
            if allowed is not None:
                docs &= allowed
            weight = group.boost
            for docnum in docs:
                scores[docnum] += weight
        keys = set(scores)
    else:
        keys = set(allowed) if allowed is not None else set(s.reader().all_doc_ids())
        scores = dict.fromkeys(keys, 0.0)
    keys -= excluded
    if live is not None:
        keys &= live
    for boost in parts.boosts:
        weight = boost.boost
        for docnum in keys & cached_docs(s, boost):
            scores[docnum] += weight

    facets: dict[str, dict[str, int]] = {}
    for name, field_name in (single_facets or {}).items():
        mapping = term_map(s, field_name)
        counts = Counter(mapping.get(docnum) for docnum in keys)
        counts.pop(None, None)
        facets[name] = dict(counts)
    for name, field_name in (multi_facets or {}).items():
        counts = {value: len(ids & keys) for value, ids in term_sets(s, field_name).items()}
        facets[name] = {value: count for value, count in counts.items() if count}

    best = heapq.nsmallest(offset + limit, keys, key=lambda d: (-scores[d], d))
    top = [(scores[d], d) for d in best[offset:]]
    return Evaluated(len(keys), top, facets)

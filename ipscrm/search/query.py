"""Turning what people type into safe Whoosh queries.

User text is never handed to Whoosh's query parser: words and balanced quoted phrases are
picked out with the same tokenizer the index uses, so unbalanced quotes, a lone ``AND``,
``*``, ``~`` or 5,000 characters simply become (fewer) words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query as Q
from whoosh import scoring
from whoosh.reading import IndexReader

from ipscrm.search.schema import MIN_SUFFIX, TOKEN_PATTERN, plain_analyzer, stemmed_analyzer

MAX_QUERY_CHARS = 500
MAX_WORDS = 12
MIN_PREFIX = 2
MIN_FUZZY = 4
MIN_HEAD = 4  # shortest first part of a compound word ("lager" in "lagerarbeid")
MIN_TAIL = 3
MIN_STEM_PREFIX = 4
MIN_STANDALONE_HEAD = 5  # a head this long needs no known tail ("lager" + "arbeid")
# A filter adds (almost) nothing to the score; Whoosh reads a constant 0.0 as "no weight"
# and scores 1.0, so the filter gets a negligible positive constant instead.
FILTER_SCORE = 1e-9
_WORD = re.compile(TOKEN_PATTERN)
_PHRASE = re.compile(r'"([^"]+)"')
_OPERATORS = {"AND", "OR", "NOT", "OG", "ELLER", "IKKE"}


@dataclass(frozen=True)
class UserQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def parse_user_query(text: str | None) -> UserQuery:
    """Words and balanced quoted phrases (lower-cased); everything else is ignored."""
    text = (text or "")[:MAX_QUERY_CHARS]
    phrases = []
    quoted: list[str] = []
    for match in _PHRASE.finditer(text):
        found = tuple(w.lower() for w in _WORD.findall(match.group(1)))
        quoted.extend(found)
        if len(found) > 1:
            phrases.append(found)
    rest = _PHRASE.sub(" ", text)
    # Upper-case AND, OR, NOT are what people type for query syntax: not words to find.
    words = [w.lower() for w in _WORD.findall(rest) if w not in _OPERATORS] + quoted
    unique = tuple(dict.fromkeys(words))[:MAX_WORDS]
    return UserQuery(unique, tuple(phrases[:3]))


@lru_cache(maxsize=8192)
def stem(word: str) -> str | None:
    tokens = [t.text for t in stemmed_analyzer(word)]
    return tokens[0] if tokens else None


@lru_cache(maxsize=8192)
def plain(word: str) -> str | None:
    tokens = [t.text for t in plain_analyzer(word)]
    return tokens[0] if tokens else None


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_WORDS]


# --- compound words ----------------------------------------------------------------------

VOCABULARY_FIELDS = ("job_types_plain", "notes_plain", "name")


def in_vocabulary(reader: IndexReader, word: str) -> bool:
    return any((name, word) in reader for name in VOCABULARY_FIELDS)


def compound_head(reader: IndexReader, word: str) -> str | None:
    """The first part of a compound word, when it is a word in the index and either long
    enough or followed by another known word (allowing the linking s or e):
    "lagermedarbeider" → "lager"."""
    for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
        head, tail = word[:cut], word[cut:]
        tails = [tail]
        if tail[:1] in ("s", "e") and len(tail) > MIN_TAIL:
            tails.append(tail[1:])
        if not in_vocabulary(reader, head):
            continue
        if len(head) >= MIN_STANDALONE_HEAD or any(in_vocabulary(reader, t) for t in tails):
            return head
    return None


def _safe_prefix(field_name: str, word: str) -> Q.Query | None:
    return Q.Prefix(field_name, word) if len(word) >= MIN_PREFIX else None


def _stem_prefix(field_name: str, stemmed: str | None) -> Q.Query | None:
    """Compounds that start with the stem: "butikken" → "butikk" → "butikkmedarbeider"."""
    return Q.Prefix(field_name, stemmed) if stemmed and len(stemmed) >= MIN_STEM_PREFIX else None


def _suffix(word: str) -> Q.Query:
    """Job types ending with ``word``: "sjåfør" → "lastebilsjåfør"."""
    return Q.Prefix("job_types_reversed", word[::-1])


def _or(parts: list[Q.Query | None]) -> Q.Query:
    parts = [p for p in parts if p is not None]
    if not parts:
        return Q.NullQuery
    return parts[0] if len(parts) == 1 else Q.Or(parts)


# --- global search ----------------------------------------------------------------------------


def employer_word_query(word: str) -> Q.Query:
    """Where a word may hit an employer: name (exact, stemmed, typo, prefix), industry,
    job types, tags, place, postcode, municipality number, organisation number."""
    stemmed = stem(word)
    return _or(
        [
            Q.Term("name", word, boost=3.0),
            _safe_prefix("name", word),
            Q.FuzzyTerm("name", word, maxdist=1, prefixlength=1)
            if len(word) >= MIN_FUZZY
            else None,
            Q.Term("name_stem", stemmed) if stemmed else None,
            Q.Term("industry_text", stemmed) if stemmed else None,
            Q.Term("job_types", stemmed) if stemmed else None,
            _safe_prefix("job_types_plain", word),
            _stem_prefix("job_types_plain", stemmed),
            _stem_prefix("industry_text", stemmed),
            Q.Term("tags", word),
            Q.Term("place_text", word),
            Q.Term("postcode", word),
            Q.Term("municipality", word),
            Q.Term("organisation_number", word),
        ]
    )


def contacts_word_query(word: str) -> Q.Query:
    return _or(
        [
            Q.Term("contacts", word, boost=2.0),
            _safe_prefix("contacts", word),
            Q.FuzzyTerm("contacts", word, maxdist=1, prefixlength=1)
            if len(word) >= MIN_FUZZY
            else None,
        ]
    )


def notes_word_query(word: str) -> Q.Query:
    stemmed = stem(word)
    return _or(
        [
            Q.Term("notes", stemmed, boost=2.0) if stemmed else None,
            _safe_prefix("notes_plain", word),
        ]
    )


def group_query(kind: str, user_query: UserQuery) -> Q.Query:
    """Every word must hit the group's fields; quoted phrases must appear as phrases."""
    builder = {
        "employers": employer_word_query,
        "contacts": contacts_word_query,
        "notes": notes_word_query,
    }[kind]
    parts: list[Q.Query] = [builder(w) for w in user_query.words]
    phrase_field = {"employers": "name", "contacts": "contacts", "notes": "notes_plain"}[kind]
    for phrase in user_query.phrases:
        parts.append(Q.Phrase(phrase_field, [plain(w) or w for w in phrase]))
    parts = [p for p in parts if p is not Q.NullQuery]
    if not parts:
        return Q.NullQuery
    return parts[0] if len(parts) == 1 else Q.And(parts)


# --- matching ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchWeights:
    job_type: float = 4.0
    job_type_compound: float = 3.0
    job_type_suffix: float = 3.5
    job_type_in_industry: float = 2.0
    job_type_in_notes: float = 1.0
    interest: float = 1.0
    interest_in_notes: float = 0.5
    industry: float = 3.0
    accommodation_offered: float = 1.5
    accommodation_confirmed: float = 1.5  # on top of offered
    active_stage: float = 1.0
    job_start: float = 0.5  # per earlier job start, up to 5
    similar_hours: float = 0.5


@dataclass
class MatchSpec:
    """Everything a match query needs, as plain values (built by the matching service)."""

    job_types: list[str] = field(default_factory=list)
    interests: str = ""
    industries: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    accommodations: list[str] = field(default_factory=list)
    hours_band: str | None = None
    active_stages: list[str] = field(default_factory=list)
    exclude_ids: list[int] = field(default_factory=list)
    require: list[tuple[str, tuple]] = field(default_factory=list)  # (field, values)
    exclude: list[tuple[str, tuple]] = field(default_factory=list)
    boosts: list[tuple[str, tuple, float]] = field(default_factory=list)  # (field, values, weight)
    facet_filters: dict[str, str] = field(default_factory=dict)  # facet field → value


def _const(q: Q.Query, weight: float) -> Q.Query:
    """Count ``q`` once, with ``weight``, however many of its terms a document has.

    Matching runs with :class:`ConstantWeighting` (every posting scores 1.0), so the
    maximum over the alternatives is 1.0 and the boost sets the weight. Prefix and fuzzy
    queries expand to many terms: each is wrapped to count once too."""
    if q is Q.NullQuery:
        return q
    parts = q.subqueries if isinstance(q, Q.Or) else [q]
    parts = [Q.ConstantScoreQuery(p, 1.0) if isinstance(p, Q.MultiTerm) else p for p in parts]
    return Q.DisjunctionMax(parts, boost=weight)


def _filter(q: Q.Query) -> Q.Query:
    """A hard filter: must match, adds nothing to the score."""
    return Q.ConstantScoreQuery(q, score=FILTER_SCORE)


class _ConstantScorer(scoring.BaseScorer):
    def score(self, matcher) -> float:
        return 1.0

    def supports_block_quality(self) -> bool:
        return True

    def max_quality(self) -> float:
        return 1.0

    def block_quality(self, matcher) -> float:
        return 1.0


class ConstantWeighting(scoring.WeightingModel):
    """Every matching posting scores 1.0; query boosts set the weights (matching)."""

    def scorer(self, searcher, fieldname, text, qf=1):
        return _ConstantScorer()


def _term(field_name: str, value) -> Q.Query:
    if isinstance(value, bool):
        return Q.Term(field_name, value)
    return Q.Term(field_name, str(value).lower() if isinstance(value, str) else value)


def job_type_query(reader: IndexReader, wanted: str, w: MatchWeights) -> Q.Query:
    parts: list[Q.Query] = []
    for word in words_of(wanted):
        word = plain(word) or word
        stemmed = stem(word)
        direct = [
            Q.Term("job_types", stemmed) if stemmed else None,
            _safe_prefix("job_types_plain", word),
            _stem_prefix("job_types_plain", stemmed),
        ]
        parts.append(_const(_or(direct), w.job_type))
        if len(word) >= MIN_SUFFIX:
            parts.append(_const(_suffix(word), w.job_type_suffix))
        head = compound_head(reader, word)
        if head:
            parts.append(_const(Q.Prefix("job_types_plain", head), w.job_type_compound))
        if stemmed:
            parts.append(
                _const(
                    Q.Or([Q.Term("industry_text", stemmed), Q.Term("name_stem", stemmed)]),
                    w.job_type_in_industry,
                )
            )
            parts.append(_const(Q.Term("notes", stemmed), w.job_type_in_notes))
    return _or(parts)


def interests_query(interests: str, w: MatchWeights) -> Q.Query:
    parts: list[Q.Query] = []
    for word in words_of(interests):
        stemmed = stem(word)
        if not stemmed or len(word) < 3:
            continue  # stop words and fragments
        parts.append(
            _const(
                _or(
                    [
                        _safe_prefix("job_types_plain", word),
                        _stem_prefix("job_types_plain", stemmed),
                        _suffix(word) if len(word) >= MIN_SUFFIX else None,
                        Q.Term("job_types", stemmed),
                        Q.Term("industry_text", stemmed),
                        Q.Term("name_stem", stemmed),
                    ]
                ),
                w.interest,
            )
        )
        parts.append(_const(Q.Term("notes", stemmed), w.interest_in_notes))
    return _or(parts)


@dataclass
class MatchParts:
    """A match query taken apart: relevance groups (each counts once, with its weight),
    hard filters (all must match), soft boosts, and exclusions."""

    relevance: list[Q.Query]
    filters: list[Q.Query]
    boosts: list[Q.Query]
    negatives: list[Q.Query]


def match_parts(reader: IndexReader, spec: MatchSpec, w: MatchWeights | None = None) -> MatchParts:
    w = w or MatchWeights()
    relevance: list[Q.Query] = []
    for wanted in spec.job_types:
        found = job_type_query(reader, wanted, w)
        relevance.extend(found.subqueries if isinstance(found, Q.Or) else [found])
    if spec.interests:
        found = interests_query(spec.interests, w)
        relevance.extend(found.subqueries if isinstance(found, Q.Or) else [found])
    for code in spec.industries:
        relevance.append(_const(Q.Prefix("industry_codes", code), w.industry))
    for code in spec.accommodations:
        relevance.append(_const(Q.Term("accommodations", code), w.accommodation_offered))
        relevance.append(
            _const(Q.Term("accommodations_confirmed", code), w.accommodation_confirmed)
        )
    for field_name, values, weight in spec.boosts:
        relevance.append(_const(_or([_term(field_name, v) for v in values]), weight))
    relevance = [r for r in relevance if r is not Q.NullQuery]

    filters: list[Q.Query] = []
    if spec.municipalities:
        filters.append(_or([Q.Term("municipality", m) for m in spec.municipalities]))
    for field_name, values in spec.require:
        filters.append(_or([_term(field_name, v) for v in values]))
    for field_name, value in spec.facet_filters.items():
        filters.append(Q.Term(field_name, value))

    boosts: list[Q.Query] = []
    if spec.active_stages:
        boosts.append(_const(_or([Q.Term("stage", s) for s in spec.active_stages]), w.active_stage))
    for i in range(1, 6):
        boosts.append(_const(Q.Term("job_start_marks", str(i)), w.job_start))
    if spec.hours_band:
        boosts.append(_const(Q.Term("job_start_hours", spec.hours_band), w.similar_hours))

    negatives: list[Q.Query] = [Q.Term("archived", True), Q.Term("closed", True)]
    negatives += [Q.Term("id", str(i)) for i in spec.exclude_ids]
    for field_name, values in spec.exclude:
        negatives += [_term(field_name, v) for v in values]
    return MatchParts(relevance, filters, boosts, negatives)


def match_query(reader: IndexReader, spec: MatchSpec, w: MatchWeights | None = None) -> Q.Query:
    """The whole match as one Whoosh query: ``And([relevance, ConstantScoreQuery(filters)])``
    with soft boosts (``AndMaybe``), minus exclusions (``AndNot``). Scored with
    :class:`ConstantWeighting`."""
    parts = match_parts(reader, spec, w)
    main: Q.Query = Q.Or(parts.relevance) if parts.relevance else Q.Every()
    if parts.filters:
        only = parts.filters
        main = Q.And([main, _filter(Q.And(only) if len(only) > 1 else only[0])])
    main = Q.AndMaybe(main, Q.Or(parts.boosts))
    return Q.AndNot(main, Q.Or(parts.negatives))

"""Why an employer matched: reasons from its stored fields and the match spec, as
(message id, parameters) pairs the caller translates when showing them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.reading import IndexReader

from ipscrm.i18n import N_
from ipscrm.search.query import MIN_STEM_PREFIX, MatchSpec, compound_head, plain, stem, words_of
from ipscrm.search.schema import MIN_SUFFIX, plain_analyzer, stemmed_analyzer


@dataclass(frozen=True)
class RawReason:
    kind: str  # job_type, interest, industry, accommodation, municipality, stage, ...
    message: str  # msgid
    params: dict[str, Any]
    weight: float = 0.0


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Plain and stemmed words of a job type or a line of text (they repeat across
    employers, so each is analysed once)."""
    return (
        frozenset(t.text for t in plain_analyzer(text)),
        frozenset(t.text for t in stemmed_analyzer(text)),
    )


def _find_job_type(
    reader: IndexReader | None, word: str, candidates: list[str], heads: dict | None = None
) -> str | None:
    """The candidate (a job type, a line of text) that the wanted word hits, if any.
    ``heads`` keeps the compound heads found for words while one result page is
    explained (looking them up in the index is the costly part)."""
    word = plain(word) or word
    stemmed = stem(word)
    head = None
    if reader is not None:
        if heads is None:
            head = compound_head(reader, word)
        elif word in heads:
            head = heads[word]
        else:
            head = heads[word] = compound_head(reader, word)
    for candidate in candidates:
        plains, stems = _tokens(candidate)
        if stemmed in stems or any(p.startswith(word) for p in plains):
            return candidate
        if (
            stemmed
            and len(stemmed) >= MIN_STEM_PREFIX
            and any(p.startswith(stemmed) for p in plains)
        ):
            return candidate
        if len(word) >= MIN_SUFFIX and any(p.endswith(word) for p in plains):
            return candidate
        if head and any(p.startswith(head) for p in plains):
            return candidate
    return None


def _notes_word(word: str, notes: str) -> str | None:
    stemmed = stem(word)
    for token in notes.split():
        clean = token.strip(".,;:!?()«»\"'").lower()
        if not clean:
            continue
        if clean.startswith(word) or (stemmed and stem(clean) == stemmed):
            return token.strip(".,;:!?()«»\"'")
    return None


def explain(
    reader: IndexReader | None,
    stored: dict[str, Any],
    spec: MatchSpec,
    labels: dict,
    heads: dict | None = None,
) -> list[RawReason]:
    """Reasons in the order a specialist reads them: what fits, where, how well we know them.
    Pass the same ``heads`` dict for every result of one page (see ``_find_job_type``)."""
    reasons: list[RawReason] = []
    job_types = [j for j in (stored.get("job_types") or "").split("\n") if j]
    industry_lines = [j for j in (stored.get("industry_text") or "").split("\n") if j]
    notes = stored.get("notes") or ""
    for wanted in spec.job_types:
        for word in words_of(wanted):
            found = _find_job_type(reader, word, job_types, heads)
            if found:
                reasons.append(
                    RawReason(
                        "job_type",
                        N_("job type: %(wanted)s — matched ‘%(found)s’"),
                        {"wanted": wanted, "found": found},
                        4,
                    )
                )
                break
            found = _find_job_type(reader, word, industry_lines + [stored.get("name", "")], heads)
            if found:
                reasons.append(
                    RawReason(
                        "job_type",
                        N_("job type: %(wanted)s — fits the industry ‘%(found)s’"),
                        {"wanted": wanted, "found": found},
                        2,
                    )
                )
                break
            found = _notes_word(word, notes)
            if found:
                reasons.append(
                    RawReason(
                        "job_type",
                        N_("job type: %(wanted)s — mentioned in the notes (‘%(found)s’)"),
                        {"wanted": wanted, "found": found},
                        1,
                    )
                )
                break
    seen_interest: set[str] = set()
    for word in words_of(spec.interests):
        if len(word) < 3 or stem(word) is None or word in seen_interest:
            continue
        found = _find_job_type(
            reader, word, job_types + industry_lines + [stored.get("name", "")], heads
        ) or _notes_word(word, notes)
        if found:
            seen_interest.add(word)
            reasons.append(
                RawReason(
                    "interest",
                    N_("interest: %(word)s — matched ‘%(found)s’"),
                    {"word": word, "found": found},
                    1,
                )
            )
    codes = [c for c in (stored.get("industry_codes") or "").split(",") if c]
    for prefix in spec.industries:
        hit = next((c for c in codes if c.startswith(prefix)), None)
        if hit:
            reasons.append(
                RawReason(
                    "industry",
                    N_("industry %(code)s %(description)s"),
                    {"code": hit, "description": industry_lines[0] if industry_lines else ""},
                    3,
                )
            )
    details = {
        code: (status, day) for code, status, day in stored.get("accommodation_details") or []
    }
    names = labels.get("accommodations", {})
    for code in spec.accommodations:
        if code in details:
            status, day = details[code]
            message = {
                "confirmed": N_("accommodation: %(name)s, confirmed %(date)s"),
                "used": N_("accommodation: %(name)s, used %(date)s"),
            }.get(status, N_("accommodation: %(name)s, offered %(date)s"))
            reasons.append(
                RawReason(
                    "accommodation",
                    message,
                    {"name": names.get(code, code), "date": day or "?"},
                    3 if status != "offered" else 1.5,
                )
            )
    municipality = stored.get("municipality")
    if spec.municipalities and municipality in spec.municipalities:
        reasons.append(
            RawReason(
                "municipality",
                N_("in %(name)s (%(number)s)"),
                {
                    "name": (stored.get("municipality_name") or municipality).title(),
                    "number": municipality,
                },
                0,
            )
        )
    if stored.get("stage") in spec.active_stages:
        reasons.append(
            RawReason(
                "stage",
                N_("relationship: %(stage)s"),
                {"stage": labels.get("stages", {}).get(stored["stage"], stored["stage"])},
                1,
            )
        )
    starts = int(stored.get("job_starts") or 0)
    if starts:
        message = (
            N_("1 earlier job start here")
            if starts == 1
            else N_("%(count)s earlier job starts here")
        )
        reasons.append(RawReason("job_starts", message, {"count": starts}, 0.5 * min(starts, 5)))
    if spec.hours_band and spec.hours_band in (stored.get("job_start_hours") or "").split():
        reasons.append(RawReason("hours", N_("earlier job starts with similar hours"), {}, 0.5))
    return reasons


def rule_reasons(
    stored: dict[str, Any], boosts: list[tuple[str, tuple, float, str | None, dict]]
) -> list[RawReason]:
    """Reasons of plugin boost rules whose field holds one of the rule's values."""
    reasons = []
    for field_name, values, weight, message, params in boosts:
        value = stored.get(field_name)
        have = {str(v).lower() for v in (value.split(",") if isinstance(value, str) else [value])}
        hit = next((v for v in values if str(v).lower() in have), None)
        if hit is not None and message:
            reasons.append(RawReason("plugin", message, {"value": hit, **params}, weight))
    return reasons

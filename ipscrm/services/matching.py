"""Matching: which employers fit a jobseeker's own preferences, ranked, with the reasons.

Preferences come from the jobseeker record (plus what plugins store) or from ad-hoc input
(the match page, ``ipscrm match --preferences FILE.json``). Hard filters: the wanted
municipalities, not archived, not bankrupt or being wound up, and optionally not contacted
in the last N days. Soft factors raise the score: job types that fit, confirmed over
merely offered accommodations, active relationships, earlier job starts. The ranking runs
on the search index; when the index is unavailable a plainer database ranking answers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ipscrm.extensions import db
from ipscrm.i18n import N_, translate
from ipscrm.models import Employer, EmployerContact, Jobseeker
from ipscrm.plugin_api import MatchRule
from ipscrm.search import api as search_api
from ipscrm.search import fallback
from ipscrm.search.documents import hours_band
from ipscrm.search.explain import RawReason
from ipscrm.search.query import MatchSpec
from ipscrm.services import catalogue
from ipscrm.services.errors import ValidationFailed
from ipscrm.timeutil import now_utc
from ipscrm.validation import InvalidValue, check_municipality_number

CORE_KEYS: dict[str, str] = {
    "job_types": "list of strings",
    "interests": "string",
    "industries": "list of code prefixes",
    "municipalities": "list of 4-digit numbers",
    "hours_per_week": "number",
    "accommodations": "list of catalogue codes",
    "exclude_contacted_days": "number",
}


@dataclass
class Preferences:
    job_types: list[str] = field(default_factory=list)
    interests: str = ""
    industries: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    hours_per_week: float | None = None
    accommodations: list[str] = field(default_factory=list)
    exclude_contacted_days: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # keys declared by plugins

    def as_dict(self) -> dict[str, Any]:
        data = {
            "job_types": self.job_types,
            "interests": self.interests,
            "industries": self.industries,
            "municipalities": self.municipalities,
            "hours_per_week": self.hours_per_week,
            "accommodations": self.accommodations,
            "exclude_contacted_days": self.exclude_contacted_days,
        }
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class Reason:
    kind: str
    message: str  # msgid
    params: dict[str, Any]

    @property
    def text(self) -> str:
        params = dict(self.params)
        if self.kind == "stage":
            from ipscrm.web.labels import label_for

            params["stage"] = label_for(str(params["stage"]))
        return translate(self.message, params)


@dataclass(frozen=True)
class MatchResult:
    employer_id: int
    organisation_number: str | None
    name: str
    score: float
    reasons: list[Reason]
    place: str = ""
    municipality: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "employer_id": self.employer_id,
            "organisation_number": self.organisation_number or None,
            "name": self.name,
            "score": round(self.score, 3),
            "reasons": [r.text for r in self.reasons],
        }


@dataclass
class MatchPage:
    results: list[MatchResult]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    from_index: bool = True  # False: the index was unavailable, a database ranking answered

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


# --- preferences -------------------------------------------------------------------------------


def _plugin_manager():
    return current_app.extensions.get("ipscrm_plugins")


def extra_preference_keys() -> dict[str, type]:
    keys: dict[str, type] = {}
    pm = _plugin_manager()
    if pm is not None:
        for declared in pm.hook.ipscrm_preference_keys():
            keys.update(declared or {})
    return keys


def _fail(key: str, expected: str, value: Any) -> ValidationFailed:
    return ValidationFailed(
        N_("Preference “%(key)s” must be %(expected)s, not %(value)s."),
        {"key": key, "expected": expected, "value": repr(value)[:80]},
        field=key,
    )


def _string_list(key: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(key, CORE_KEYS[key], value)
    return list(dict.fromkeys(" ".join(v.split()).lower() for v in value if v.strip()))


def _number(key: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(key, CORE_KEYS[key], value)
    return value


def parse_preferences(data: dict[str, Any]) -> Preferences:
    """Check and normalise preferences; unknown keys and wrong types are refused with a
    message naming the key."""
    if not isinstance(data, dict):
        raise ValidationFailed(N_("Preferences must be a JSON object."))
    extra_keys = extra_preference_keys()
    unknown = sorted(k for k in data if k not in CORE_KEYS and k not in extra_keys)
    if unknown:
        raise ValidationFailed(
            N_("Unknown preference “%(key)s”. Known: %(known)s."),
            {"key": unknown[0], "known": ", ".join([*CORE_KEYS, *sorted(extra_keys)])},
            field=unknown[0],
        )
    prefs = Preferences()
    prefs.job_types = _string_list("job_types", data.get("job_types"))
    interests = data.get("interests")
    if interests is not None and not isinstance(interests, str):
        raise _fail("interests", CORE_KEYS["interests"], interests)
    prefs.interests = (interests or "").strip()[:5000]
    prefs.industries = _string_list("industries", data.get("industries"))
    for code in prefs.industries:
        if not all(part.isdigit() for part in code.split(".") if part) or not code[:1].isdigit():
            raise ValidationFailed(
                N_("“%(value)s” is not an industry code prefix such as 47 or 47.11."),
                {"value": code},
                field="industries",
            )
    municipalities = data.get("municipalities") or []
    if not isinstance(municipalities, list):
        raise _fail("municipalities", CORE_KEYS["municipalities"], municipalities)
    try:
        prefs.municipalities = list(
            dict.fromkeys(check_municipality_number(_municipality(m)) for m in municipalities)
        )
    except (InvalidValue, TypeError) as err:
        raise _fail("municipalities", CORE_KEYS["municipalities"], municipalities) from err
    hours = _number("hours_per_week", data.get("hours_per_week"))
    if hours is not None and not 0 < hours <= 80:
        raise _fail("hours_per_week", N_("a number of hours from 1 to 80"), hours)
    prefs.hours_per_week = hours
    prefs.accommodations = _string_list("accommodations", data.get("accommodations"))
    known = catalogue.types_by_code()
    for code in prefs.accommodations:
        if code not in known:
            raise ValidationFailed(
                N_("Unknown accommodation code “%(value)s”."),
                {"value": code},
                field="accommodations",
            )
    days = _number("exclude_contacted_days", data.get("exclude_contacted_days"))
    if days is not None and (days < 0 or days != int(days)):
        raise _fail("exclude_contacted_days", N_("a whole number of days, 0 or more"), days)
    prefs.exclude_contacted_days = int(days or 0)
    for key, expected in extra_keys.items():
        if key in data and data[key] is not None:
            value = data[key]
            ok = isinstance(value, expected) and not (
                isinstance(value, bool) and expected is not bool
            )
            if not ok:
                raise _fail(key, expected.__name__, value)
            prefs.extra[key] = value
    return prefs


def _municipality(value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError("not a municipality number")
    if isinstance(value, int):
        return f"{value:04d}"
    if isinstance(value, str):
        return value.strip()
    raise TypeError("not a municipality number")


def preferences_for_jobseeker(jobseeker: Jobseeker) -> Preferences:
    """The jobseeker's stored preferences, merged with what plugins store for them."""
    interests = "\n".join(x for x in (jobseeker.interests, jobseeker.strengths) if x)
    data: dict[str, Any] = {
        "job_types": list(jobseeker.pref_job_types or []),
        "interests": interests,
        "industries": list(jobseeker.pref_industries or []),
        "municipalities": list(jobseeker.pref_municipalities or []),
        "hours_per_week": jobseeker.pref_hours_per_week,
        "accommodations": [
            c for c in jobseeker.pref_accommodations or [] if c in catalogue.types_by_code()
        ],
        "exclude_contacted_days": current_app.config.get("MATCH_EXCLUDE_CONTACTED_DAYS", 0),
    }
    pm = _plugin_manager()
    if pm is not None:
        for stored in pm.hook.ipscrm_jobseeker_preferences(jobseeker_id=jobseeker.id):
            data.update(stored or {})
    return parse_preferences(data)


# --- matching ------------------------------------------------------------------------------------


def contacted_employer_ids(jobseeker_id: int | None, days: int) -> list[int]:
    """Employers contacted in the last ``days`` days: for this jobseeker when given,
    otherwise by anyone (ad-hoc preferences have no jobseeker)."""
    if days <= 0:
        return []
    since = now_utc() - timedelta(days=days)
    query = sa.select(EmployerContact.employer_id).where(EmployerContact.occurred_at >= since)
    if jobseeker_id is not None:
        query = query.where(EmployerContact.jobseeker_id == jobseeker_id)
    return sorted(set(db.session.scalars(query)))


def _plugin_rules(prefs: Preferences) -> list[tuple[str, MatchRule]]:
    pm = _plugin_manager()
    if pm is None:
        return []
    rules = []
    for impl in pm.hook.ipscrm_match_rules.get_hookimpls():
        for rule in impl.function(preferences=prefs.as_dict()) or []:
            rules.append((impl.plugin_name, rule))
    return rules


def _field_name(plugin: str, rule: MatchRule) -> str:
    names = {f.name for f in search_api.ix_mod.current_plugin_fields()}
    if rule.field in names:
        return rule.field
    return f"{plugin}_{rule.field}"


def build_spec(
    prefs: Preferences, jobseeker_id: int | None, facet_filters: dict[str, str] | None = None
) -> tuple[MatchSpec, list[tuple[str, tuple, float, str | None, dict]]]:
    spec = MatchSpec(
        job_types=prefs.job_types,
        interests=prefs.interests,
        industries=prefs.industries,
        municipalities=prefs.municipalities,
        accommodations=prefs.accommodations,
        hours_band=hours_band(prefs.hours_per_week),
        active_stages=list(current_app.config["MATCH_ACTIVE_STAGES"]),
        exclude_ids=contacted_employer_ids(jobseeker_id, prefs.exclude_contacted_days),
    )
    messages = []
    for plugin, rule in _plugin_rules(prefs):
        name = _field_name(plugin, rule)
        values = tuple(rule.values)
        if rule.kind == "require":
            spec.require.append((name, values))
        elif rule.kind == "exclude":
            spec.exclude.append((name, values))
        else:
            spec.boosts.append((name, values, rule.weight))
            messages.append((name, values, rule.weight, rule.reason, dict(rule.reason_params)))
    for facet, value in (facet_filters or {}).items():
        if facet in search_api.FACET_FIELDS and value:
            spec.facet_filters[search_api.FACET_FIELDS[facet]] = value
    return spec, messages


def municipality_names(numbers: list[str]) -> dict[str, str]:
    """Municipality number → name as the register spells it (for facet labels)."""
    if not numbers:
        return {}
    rows = db.session.execute(
        sa.select(
            Employer.business_municipality_number, sa.func.max(Employer.business_municipality)
        )
        .where(Employer.business_municipality_number.in_(numbers))
        .group_by(Employer.business_municipality_number)
    )
    return {number: (name or "").title() for number, name in rows if name}


def _labels() -> dict[str, dict[str, str]]:
    from flask_babel import get_locale

    locale = str(get_locale() or "nb")
    return {
        "accommodations": {c: t.name_for(locale) for c, t in catalogue.types_by_code().items()},
    }


def find_matches(
    prefs: Preferences,
    jobseeker_id: int | None = None,
    page: int = 1,
    per_page: int | None = None,
    facet_filters: dict[str, str] | None = None,
) -> MatchPage:
    """Ranked employers for ``prefs`` (best first) with the reasons for each."""
    per_page = per_page or current_app.config["MATCH_PAGE_SIZE"]
    spec, messages = build_spec(prefs, jobseeker_id, facet_filters)
    try:
        found = search_api.match(
            spec, page=page, per_page=per_page, labels=_labels(), rule_messages=messages
        )
    except search_api.IndexUnavailable:
        return _database_page(spec, messages, page, per_page)
    return _page_from_hits(found, page, per_page)


def _database_page(spec: MatchSpec, messages, page: int, per_page: int) -> MatchPage:
    found = fallback.match_in_database(
        spec, page, per_page, _labels(), messages, current_app.config["SEARCH_FALLBACK_MAX"]
    )
    page_ = _page_from_hits(found, page, per_page)
    page_.from_index = False
    return page_


def _page_from_hits(found: search_api.MatchHits, page: int, per_page: int) -> MatchPage:
    results = [
        MatchResult(
            employer_id=int(hit.stored["id"]),
            organisation_number=hit.stored.get("organisation_number") or None,
            name=hit.stored.get("name", ""),
            score=hit.score,
            reasons=[Reason(r.kind, r.message, r.params) for r in _ordered(hit.reasons)],
            place=hit.stored.get("place", ""),
            municipality=hit.stored.get("municipality", ""),
        )
        for hit in found.hits
    ]
    return MatchPage(results, found.total, max(1, page), per_page, found.facets)


def _ordered(reasons: list[RawReason]) -> list[RawReason]:
    return sorted(reasons, key=lambda r: -r.weight)

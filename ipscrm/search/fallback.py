"""Searching and matching straight from the database, for when the index is missing or
corrupt: plainer (substring matching, a capped candidate list), but the pages keep
working. Documents and reasons are built exactly as for the index."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from ipscrm.extensions import db
from ipscrm.models import (
    AccommodationType,
    ContactPerson,
    Employer,
    EmployerAccommodation,
)
from ipscrm.search import index as ix_mod
from ipscrm.search.api import FACET_FIELDS, GroupHit, MatchHit, MatchHits
from ipscrm.search.documents import build_documents
from ipscrm.search.explain import explain, rule_reasons
from ipscrm.search.query import MatchSpec, parse_user_query

RELEVANCE_KINDS = {"job_type", "interest", "industry", "accommodation", "plugin"}


def _candidate_ids(spec: MatchSpec, limit: int) -> list[int]:
    query = sa.select(Employer.id).where(
        Employer.archived.is_(False),
        Employer.bankrupt.is_(False),
        Employer.under_liquidation.is_(False),
        Employer.under_forced_liquidation.is_(False),
    )
    if spec.municipalities:
        query = query.where(Employer.business_municipality_number.in_(spec.municipalities))
    if spec.exclude_ids:
        query = query.where(Employer.id.not_in(spec.exclude_ids))
    municipality = spec.facet_filters.get(FACET_FIELDS["municipality"])
    if municipality:
        query = query.where(Employer.business_municipality_number == municipality)
    division = spec.facet_filters.get(FACET_FIELDS["industry"])
    if division:
        query = query.where(
            sa.or_(
                Employer.industry_code_1 == division, Employer.industry_code_1.like(division + ".%")
            )
        )
    code = spec.facet_filters.get(FACET_FIELDS["accommodation"])
    if code:
        query = query.where(
            Employer.id.in_(
                sa.select(EmployerAccommodation.employer_id)
                .join(AccommodationType)
                .where(AccommodationType.code == code)
            )
        )
    return list(db.session.scalars(query.order_by(Employer.id).limit(limit)))


def _values(doc: dict[str, Any], field_name: str) -> set[str]:
    value = doc.get(field_name)
    if value is None:
        return set()
    if isinstance(value, str):
        return {v.strip().lower() for v in value.replace(",", " ").split() if v.strip()}
    return {str(value).lower()}


def match_in_database(
    spec: MatchSpec,
    page: int,
    per_page: int,
    labels: dict,
    rule_messages: list,
    limit: int,
) -> MatchHits:
    ids = _candidate_ids(spec, limit)
    docs = build_documents(
        db.session.connection(),
        ids,
        current_app.extensions.get("ipscrm_plugins"),
        ix_mod.current_plugin_fields(),
    )
    wants_relevance = bool(
        spec.job_types or spec.interests or spec.industries or spec.accommodations or spec.boosts
    )
    ranked: list[MatchHit] = []
    for doc in docs.values():
        if doc is None:
            continue
        if any(not (_values(doc, f) & {str(v).lower() for v in vs}) for f, vs in spec.require):
            continue
        if any(_values(doc, f) & {str(v).lower() for v in vs} for f, vs in spec.exclude):
            continue
        reasons = explain(None, doc, spec, labels) + rule_reasons(doc, rule_messages)
        if wants_relevance and not any(r.kind in RELEVANCE_KINDS for r in reasons):
            continue
        ranked.append(MatchHit(sum(r.weight for r in reasons), doc, reasons))
    ranked.sort(key=lambda h: (-h.score, h.stored["name"].lower()))
    facets: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    for hit in ranked:
        for name, field_name in FACET_FIELDS.items():
            for value in filter(None, (hit.stored.get(field_name) or "").split(",")):
                facets[name][value] = facets[name].get(value, 0) + 1
    start = (max(1, page) - 1) * per_page
    return MatchHits(len(ranked), ranked[start : start + per_page], facets)


def global_search_in_database(text: str, per_group: int) -> dict[str, list[GroupHit]]:
    """Employers by name, contact people by name, notes by substring (case-insensitive)."""
    from markupsafe import Markup

    user_query = parse_user_query(text)
    groups: dict[str, list[GroupHit]] = {"employers": [], "contacts": [], "notes": []}
    if user_query.empty:
        return groups

    def all_words(column) -> sa.ColumnElement[bool]:
        return sa.and_(*[column.ilike(f"%{_like(w)}%", escape="\\") for w in user_query.words])

    def hit(employer: Employer, snippet: str) -> GroupHit:
        return GroupHit(
            employer.id,
            employer.name,
            employer.organisation_number or "",
            employer.business_place or "",
            employer.archived,
            Markup.escape(snippet[:160]),
            0.0,
        )

    for employer in db.session.scalars(
        sa.select(Employer).where(all_words(Employer.name)).order_by(Employer.name).limit(per_group)
    ):
        groups["employers"].append(hit(employer, employer.name))
    people = db.session.execute(
        sa.select(ContactPerson, Employer)
        .join(Employer, Employer.id == ContactPerson.employer_id)
        .where(all_words(ContactPerson.name))
        .order_by(ContactPerson.name)
        .limit(per_group)
    )
    for person, employer in people:
        groups["contacts"].append(hit(employer, person.name))
    for employer in db.session.scalars(
        sa.select(Employer)
        .where(all_words(Employer.notes))
        .order_by(Employer.name)
        .limit(per_group)
    ):
        groups["notes"].append(hit(employer, employer.notes or ""))
    return groups


def _like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

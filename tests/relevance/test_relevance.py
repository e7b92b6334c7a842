"""Relevance: over the profiles, at least 80 % of the employers that must be in the top 5
are there (precision at 5 against the must-list), and no "must not" employer appears in
the results at all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AccommodationStatus, AccommodationType, EmployerAccommodation
from ipscrm.services import employers as employer_service
from ipscrm.services import jobseekers, matching
from ipscrm.services.contacts import ContactInput, log_contact
from ipscrm.timeutil import now_utc
from tests.factories import make_orgnr
from tests.relevance.portfolio import EMPLOYERS, INDUSTRIES, MUNICIPALITY_NAMES
from tests.relevance.profiles import PROFILES

PRECISION_TARGET = 0.8


@pytest.fixture
def portfolio(app_ctx, factory):
    """The employers, loaded through the services; returns key → employer id."""
    app_ctx.config["SEARCH_SYNC"] = "worker"  # load fast, then build the index once
    specialist = factory.user()
    placed = factory.jobseeker(specialist, program_entry_date=date.today() - timedelta(days=400))
    types = {t.code: t.id for t in db.session.scalars(sa.select(AccommodationType))}
    ids: dict[str, int] = {}
    for n, row in enumerate(EMPLOYERS):
        employer = employer_service.create_employer(
            {
                "name": row["name"],
                "organisation_number": make_orgnr(500_000 + n * 13),
                "business_municipality_number": row["municipality"],
                "business_municipality": MUNICIPALITY_NAMES[row["municipality"]],
                "industry_code_1": row["industry"],
                "industry_description_1": INDUSTRIES[row["industry"]],
                "job_types": row["job_types"],
                "notes": row["notes"],
                "stage": row["stage"],
                "bankrupt": row["bankrupt"],
                "under_liquidation": row["liquidation"],
            },
            None,
        )
        for code, status in row["accommodations"]:
            db.session.add(
                EmployerAccommodation(
                    employer_id=employer.id,
                    accommodation_type_id=types[code],
                    status=AccommodationStatus(status),
                    recorded_on=date(2026, 3, 1),
                )
            )
        db.session.commit()
        for i in range(row["job_starts"]):
            jobseekers.record_job_start(
                specialist, placed.id, employer.id, "Jobb", date.today() - timedelta(days=300 - i)
            )
        if row["archived"]:
            employer_service.set_archived(employer.id, True, None)
        ids[row["key"]] = employer.id
    from ipscrm.search import sync

    sync.rebuild()
    app_ctx.config["SEARCH_SYNC"] = "inline"
    return {"ids": ids, "specialist": specialist}


def run_profile(profile, portfolio, factory):
    ids = portfolio["ids"]
    jobseeker_id = None
    if profile["contacted"]:
        jobseeker = factory.jobseeker(portfolio["specialist"])
        jobseeker_id = jobseeker.id
        for key in profile["contacted"]:
            log_contact(
                portfolio["specialist"],
                ContactInput(
                    employer_id=ids[key],
                    jobseeker_id=jobseeker.id,
                    occurred_at=now_utc() - timedelta(days=5),
                ),
            )
    prefs = matching.parse_preferences(profile["preferences"])
    page = matching.find_matches(prefs, jobseeker_id=jobseeker_id, per_page=100)
    return [r.employer_id for r in page.results]


def test_relevance_set_is_big_enough():
    assert len(EMPLOYERS) >= 60 and len(PROFILES) >= 12
    keys = {row["key"] for row in EMPLOYERS}
    for profile in PROFILES:
        assert set(profile["must_top5"]) <= keys and set(profile["must_not"]) <= keys


def test_precision_at_5_and_every_must_not(portfolio, factory):
    ids = portfolio["ids"]
    names = {ids[row["key"]]: row["key"] for row in EMPLOYERS}
    precisions = []
    report = []
    for profile in PROFILES:
        ranked = run_profile(profile, portfolio, factory)
        top5 = ranked[:5]
        must = [ids[k] for k in profile["must_top5"]]
        found = len(set(top5) & set(must))
        precisions.append(found / min(5, len(must)))
        report.append(f"{profile['name']}: {found}/{len(must)} top5={[names[i] for i in top5]}")
        unwanted = [names[i] for i in ranked if i in {ids[k] for k in profile["must_not"]}]
        assert not unwanted, f"{profile['name']}: must not appear: {unwanted}"
    mean = sum(precisions) / len(precisions)
    assert mean >= PRECISION_TARGET, "\n".join(report)
    print(f"precision@5 = {mean:.2f}\n" + "\n".join(report))


def test_group_evaluation_finds_what_the_single_whoosh_query_finds(portfolio):
    """``search.evaluate`` runs the match group by group: it must find exactly the
    employers that the match written as one Whoosh query finds (And with a constant-score
    filter, AndMaybe boosts, AndNot exclusions). Scores are plain sums of the group
    weights; Whoosh's nested matchers can under-count a group, so scores are not compared."""
    from whoosh.searching import Searcher

    from ipscrm.search import index as ix_mod
    from ipscrm.search.evaluate import evaluate
    from ipscrm.search.query import ConstantWeighting, match_parts, match_query

    for profile in PROFILES:
        prefs = matching.parse_preferences(
            {k: v for k, v in profile["preferences"].items() if k != "exclude_contacted_days"}
        )
        spec, _ = matching.build_spec(prefs, None)
        with ix_mod.searcher() as base:
            tree = Searcher(base.reader(), weighting=ConstantWeighting(), closereader=False)
            expected = {
                hit.docnum for hit in tree.search(match_query(base.reader(), spec), limit=None)
            }
            found = evaluate(base, match_parts(base.reader(), spec), limit=1000)
            assert {d for _score, d in found.top} == expected, profile["name"]
            assert found.total == len(expected), profile["name"]

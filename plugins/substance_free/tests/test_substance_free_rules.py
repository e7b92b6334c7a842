"""Substance-free status, search documents, match rules and the import column."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from ipscrm_substance_free import services
from ipscrm_substance_free.models import EmployerProfile

from ipscrm.extensions import db
from ipscrm.models import AuditEvent
from ipscrm.plugin_api import MatchRule
from ipscrm.services.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.plugin("substance_free")


def _hook(app):
    return app.extensions["ipscrm_plugins"].hook


def _facts(employer_id, user_id=None, **values):
    data = {f"substance_free_{k}": v for k, v in values.items()}
    services.save_employer_facts(employer_id, data, user_id)


def test_status_from_facts_assessment_and_industry(factory):
    plain = factory.employer()
    assert services.employer_status(plain).value == "unknown"
    bar = factory.employer(industry_code_1="56.301", industry_description_1="Drift av puber")
    status = services.employer_status(bar)
    assert (status.value, status.suggested_alcohol_code) == ("no", "56.301")

    _facts(plain.id, akan_policy="yes", alcohol_at_events="never", serves_alcohol="no")
    assert services.employer_status(plain).value == "yes"
    _facts(plain.id, alcohol_at_events="often")
    assert services.employer_status(plain).value == "no"
    _facts(plain.id, assessment="yes")  # the specialist's judgement decides
    assert services.employer_status(plain).value == "yes"

    # A bar that confirmed it does not serve alcohol (an alcohol-free café-bar).
    _facts(bar.id, akan_policy="yes", alcohol_at_events="never", serves_alcohol="no")
    assert services.employer_status(bar).value == "yes"


def test_saving_records_who_verified_and_audits(factory):
    user = factory.user(name="Kari")
    employer = factory.employer()
    _facts(employer.id, user.id, assessment="yes", verified_on=date(2026, 2, 3), note=" Ok ")
    profile = db.session.get(EmployerProfile, employer.id)
    assert (profile.verified_by_id, profile.note) == (user.id, "Ok")
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "substance_free_employer")
    ).one()
    assert event.action == "create" and event.changes["assessment"] == [None, "yes"]
    other = factory.user()
    _facts(employer.id, other.id, note="Changed")  # not a new verification
    assert db.session.get(EmployerProfile, employer.id).verified_by_id == user.id


def test_bad_values_are_refused_with_the_field(factory):
    employer = factory.employer()
    with pytest.raises(ValidationFailed) as err:
        _facts(employer.id, akan_policy="maybe")
    assert err.value.field == "substance_free_akan_policy"
    with pytest.raises(ValidationFailed) as err:
        _facts(employer.id, verified_on=date(2999, 1, 1))
    assert err.value.field == "substance_free_verified_on"
    assert db.session.get(EmployerProfile, employer.id) is None


def test_search_documents_carry_status_and_verification(app_ctx, factory):
    verified, unverified, unknown = factory.employer(), factory.employer(), factory.employer()
    _facts(verified.id, assessment="yes", verified_on=date(2026, 2, 3))
    _facts(unverified.id, assessment="yes")
    docs = {}
    for result in _hook(app_ctx).ipscrm_search_documents(
        employer_ids=[verified.id, unverified.id, unknown.id]
    ):
        docs.update(result or {})
    assert docs[verified.id] == {
        "substance_free_status": "yes",
        "substance_free_verified": True,
        "substance_free_verified_on": date(2026, 2, 3),
    }
    assert docs[unverified.id]["substance_free_verified"] is False
    assert docs[unknown.id]["substance_free_status"] == "unknown"
    fields = [f.name for r in _hook(app_ctx).ipscrm_search_fields() for f in r]
    assert {"status", "verified", "verified_on"} <= set(fields)


def _rules(app, need):
    found = []
    for result in _hook(app).ipscrm_match_rules(preferences={"substance_free": need}):
        found.extend(result or [])
    return [r for r in found if r.field.startswith("substance_free_")]


def _score(rules: list[MatchRule], doc: dict) -> float | None:
    """How a search would apply the rules: None when left out, else the boost."""
    score = 0.0
    for rule in rules:
        hit = doc.get(rule.field) in rule.values
        if rule.kind == "exclude" and hit:
            return None
        if rule.kind == "boost" and hit:
            score += rule.weight
    return score


def test_must_excludes_known_not_substance_free_and_ranks_verified_first(app_ctx):
    rules = _rules(app_ctx, "must")
    docs = {
        "verified": {"substance_free_status": "yes", "substance_free_verified": True},
        "unverified": {"substance_free_status": "yes", "substance_free_verified": False},
        "unknown": {"substance_free_status": "unknown", "substance_free_verified": False},
        "bar": {"substance_free_status": "no", "substance_free_verified": False},
    }
    scores = {name: _score(rules, doc) for name, doc in docs.items()}
    assert scores["bar"] is None
    assert scores["verified"] > scores["unverified"] > scores["unknown"]
    assert all(rule.reason for rule in rules)
    assert any(r.kind == "exclude" for r in rules)


def test_prefer_only_boosts_and_no_need_adds_nothing(app_ctx):
    rules = _rules(app_ctx, "prefer")
    assert rules and all(r.kind == "boost" for r in rules)
    assert _score(rules, {"substance_free_status": "no"}) == 0.0
    assert _rules(app_ctx, "no_need") == []
    assert _rules(app_ctx, None) == []


def test_jobseeker_need_is_a_preference_and_audited_without_value(app_ctx, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user)
    hook = _hook(app_ctx)
    assert {"substance_free": "no_need"} in hook.ipscrm_jobseeker_preferences(
        jobseeker_id=jobseeker.id
    )
    services.save_need(jobseeker.id, "must", user.id)
    assert {"substance_free": "must"} in hook.ipscrm_jobseeker_preferences(
        jobseeker_id=jobseeker.id
    )
    assert {"substance_free": str} in hook.ipscrm_preference_keys()
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "substance_free_need")
    ).one()
    assert event.changes == {"need": None}


def test_need_of_someone_elses_jobseeker_is_refused(factory):
    owner, stranger = factory.user(), factory.user()
    jobseeker = factory.jobseeker(owner)
    with pytest.raises(Forbidden):
        services.save_need(jobseeker.id, "must", stranger.id)
    assert services.get_need(jobseeker.id).value == "no_need"


def test_import_column_rusfri(app_ctx, factory, caplog):
    columns = {}
    for result in _hook(app_ctx).ipscrm_import_columns():
        columns.update(result or {})
    assert "Rusfri" in columns["substance_free"] and "Substance-free" in columns["substance_free"]
    yes, no, blank, bad = (factory.employer() for _ in range(4))
    _hook(app_ctx).ipscrm_import_values(
        batch_id=5,
        values={
            yes.id: {"substance_free": " Ja "},
            no.id: {"substance_free": "nei"},
            blank.id: {"substance_free": ""},
            bad.id: {"substance_free": "kanskje"},
        },
    )
    assert services.employer_status(yes).value == "yes"
    assert services.employer_status(no).value == "no"
    assert services.get_profile(blank.id) is None and services.get_profile(bad.id) is None
    assert f"employer {bad.id}: substance_free: cannot read 'kanskje'" in caplog.text


def test_must_and_prefer_through_the_real_index_and_matching(app_ctx, factory):
    """End to end: the plugin's facts are indexed and its rules shape the match."""
    from ipscrm.search import sync
    from ipscrm.services import matching

    pub = factory.employer(name="Puben Lager AS", job_types=["lager"])
    verified = factory.employer(name="Rusfri Lager AS", job_types=["lager"])
    unknown = factory.employer(name="Vanlig Lager AS", job_types=["lager"])
    services.save_employer_facts(pub.id, {"substance_free_serves_alcohol": "yes"}, None)
    services.save_employer_facts(
        verified.id,
        {"substance_free_assessment": "yes", "substance_free_verified_on": date(2026, 11, 2)},
        None,
    )
    sync.rebuild()

    def names(need: str) -> list[str]:
        prefs = matching.parse_preferences({"job_types": ["lager"], "substance_free": need})
        return [r.name for r in matching.find_matches(prefs).results]

    must = names("must")
    assert must[0] == "Rusfri Lager AS" and "Puben Lager AS" not in must
    assert "Vanlig Lager AS" in must  # unknown is not known to be a problem
    prefer = names("prefer")
    assert prefer[0] == "Rusfri Lager AS" and "Puben Lager AS" in prefer
    prefs = matching.parse_preferences({"job_types": ["lager"], "substance_free": "prefer"})
    top = matching.find_matches(prefs).results[0]
    assert "Rusfri-status bekreftet" in [r.text for r in top.reasons]  # the reason, in nb
    assert unknown.id

"""Plugins extend search and matching: extra document fields (with values fetched once
per batch), stored jobseeker preferences, extra preference keys, and match rules that
require, exclude or boost with a reason. The schema fingerprint covers plugin fields."""

from __future__ import annotations

import pytest

from ipscrm.hookspecs import hookimpl
from ipscrm.plugin_api import MatchRule, SearchField
from ipscrm.search import api, sync
from ipscrm.search import index as ix_mod
from ipscrm.services import matching
from ipscrm.services.errors import ValidationFailed


class RusfriPlugin:
    """A small substance-free-workplace plugin, kept in memory."""

    def __init__(self) -> None:
        self.policy: dict[int, str] = {}
        self.serves_alcohol: dict[int, bool] = {}
        self.document_calls: list[list[int]] = []
        self.needs: dict[int, str] = {}

    @hookimpl
    def ipscrm_search_fields(self):
        return [
            SearchField("akan_policy", "keyword"),
            SearchField("serves_alcohol", "boolean"),
            SearchField("verified_on", "date", stored=False),
        ]

    @hookimpl
    def ipscrm_search_documents(self, employer_ids):
        self.document_calls.append(list(employer_ids))
        return {
            i: {
                "akan_policy": self.policy.get(i),
                "serves_alcohol": self.serves_alcohol.get(i, False),
            }
            for i in employer_ids
        }

    @hookimpl
    def ipscrm_jobseeker_preferences(self, jobseeker_id):
        need = self.needs.get(jobseeker_id)
        return {"substance_free": need} if need else None

    @hookimpl
    def ipscrm_preference_keys(self):
        return {"substance_free": str}

    @hookimpl
    def ipscrm_match_rules(self, preferences):
        need = preferences.get("substance_free")
        if need == "must":
            return [
                MatchRule("serves_alcohol", (True,), kind="exclude"),
                MatchRule("akan_policy", ("written",), kind="require"),
            ]
        if need == "prefer":
            return [
                MatchRule(
                    "akan_policy",
                    ("written",),
                    kind="boost",
                    weight=5.0,
                    reason="substance-free: AKAN policy %(value)s",
                )
            ]
        return []


@pytest.fixture
def plugin(app_ctx):
    from ipscrm.plugins import installed_plugins

    pm = app_ctx.extensions["ipscrm_plugins"]
    for installed in installed_plugins():  # this in-memory plugin stands in for them
        if pm.get_plugin(installed.name) is not None:
            pm.unregister(name=installed.name)
    instance = RusfriPlugin()
    pm.register(instance, name="rusfri")
    app_ctx.extensions.pop("ipscrm_search", None)  # plugin fields are read anew
    return instance


@pytest.fixture
def three(factory, plugin):
    bar = factory.employer(name="Pub Lager AS", job_types=["lager"])
    policy = factory.employer(name="Rusfri Lager AS", job_types=["lager"])
    plain = factory.employer(name="Vanlig Lager AS", job_types=["lager"])
    plugin.serves_alcohol[bar.id] = True
    plugin.policy[bar.id] = "written"
    plugin.policy[policy.id] = "written"
    sync.rebuild()
    return bar, policy, plain


def test_plugin_fields_are_indexed_with_one_call_per_batch(app_ctx, factory, plugin):
    employers = [factory.employer(name=f"Bedrift {i}") for i in range(5)]
    plugin.document_calls.clear()
    sync.rebuild(batch_size=2)
    assert [len(c) for c in plugin.document_calls] == [2, 2, 1]
    with ix_mod.searcher() as s:
        assert "rusfri_akan_policy" in s.schema and "rusfri_serves_alcohol" in s.schema
    assert employers


def test_require_and_exclude_rules(three, factory, plugin):
    bar, policy, plain = three
    found = matching.find_matches(
        matching.parse_preferences({"job_types": ["lager"], "substance_free": "must"})
    )
    assert [r.name for r in found.results] == ["Rusfri Lager AS"]


def test_boost_rule_ranks_first_and_gives_its_reason(three):
    prefs = matching.parse_preferences({"job_types": ["lager"], "substance_free": "prefer"})
    results = matching.find_matches(prefs).results
    assert results[0].name in ("Pub Lager AS", "Rusfri Lager AS")
    assert results[-1].name == "Vanlig Lager AS"
    assert "substance-free: AKAN policy written" in [r.text for r in results[0].reasons]


def test_jobseeker_preferences_from_plugin_are_merged(three, factory, plugin):
    specialist = factory.user()
    kari = factory.jobseeker(specialist, pref_job_types=["lager"])
    plugin.needs[kari.id] = "must"
    prefs = matching.preferences_for_jobseeker(kari)
    assert prefs.extra == {"substance_free": "must"}
    assert [r.name for r in matching.find_matches(prefs, jobseeker_id=kari.id).results] == [
        "Rusfri Lager AS"
    ]


def test_extra_keys_are_type_checked(plugin):
    with pytest.raises(ValidationFailed) as err:
        matching.parse_preferences({"substance_free": 3})
    assert err.value.field == "substance_free"
    with pytest.raises(ValidationFailed):
        matching.parse_preferences({"sober": "must"})


def test_fingerprint_changes_with_plugin_fields(app_ctx, factory, run_cli):
    factory.employer(name="Fjord AS")
    assert ix_mod.status().state == ix_mod.OK
    before = ix_mod.current_fingerprint()
    app_ctx.extensions["ipscrm_plugins"].register(RusfriPlugin(), name="rusfri")
    app_ctx.extensions.pop("ipscrm_search", None)
    assert ix_mod.current_fingerprint() != before
    assert ix_mod.status().state == ix_mod.OUTDATED
    report = sync.check()
    assert not report.ok and report.fingerprint_index == before
    factory.employer(name="Kyst AS")  # saved; the outdated index is left alone
    assert sync.drain().skipped == ix_mod.OUTDATED
    assert [h.name for h in api.global_search("fjord")["employers"]] == [
        "Fjord AS"
    ]  # still answers
    sync.rebuild()
    assert sync.check().ok
    assert [h.name for h in api.global_search("kyst")["employers"]] == ["Kyst AS"]

"""Matching: preferences checked strictly, hard filters, soft factors with their reasons,
facets and pages, the match pages (with access checks) and ``ipscrm match``."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from ipscrm.extensions import db
from ipscrm.models import (
    AccommodationStatus,
    AccommodationType,
    Employer,
    EmployerAccommodation,
    Role,
    Stage,
)
from ipscrm.services import jobseekers, matching
from ipscrm.services.contacts import ContactInput, log_contact
from ipscrm.services.errors import ValidationFailed
from ipscrm.timeutil import now_utc


def add_accommodation(employer, code, status, day=date(2026, 3, 1)):
    kind = db.session.scalar(sa.select(AccommodationType).where(AccommodationType.code == code))
    db.session.add(
        EmployerAccommodation(
            employer_id=employer.id, accommodation_type_id=kind.id, status=status, recorded_on=day
        )
    )
    db.session.commit()


def names(prefs: dict, **kwargs) -> list[str]:
    return [
        r.name for r in matching.find_matches(matching.parse_preferences(prefs), **kwargs).results
    ]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"job_type": ["lager"]}, "job_type"),
        ({"job_types": "lager"}, "job_types"),
        ({"job_types": [1, 2]}, "job_types"),
        ({"interests": ["data"]}, "interests"),
        ({"industries": ["abc"]}, "industries"),
        ({"municipalities": ["Oslo"]}, "municipalities"),
        ({"municipalities": "0301"}, "municipalities"),
        ({"hours_per_week": "20"}, "hours_per_week"),
        ({"hours_per_week": True}, "hours_per_week"),
        ({"accommodations": ["jetpack"]}, "accommodations"),
        ({"exclude_contacted_days": -1}, "exclude_contacted_days"),
        ({"exclude_contacted_days": 2.5}, "exclude_contacted_days"),
    ],
)
def test_bad_preferences_name_the_key(app_ctx, data, key):
    with pytest.raises(ValidationFailed) as err:
        matching.parse_preferences(data)
    assert err.value.field == key


def test_preferences_are_normalised(app_ctx):
    prefs = matching.parse_preferences(
        {
            "job_types": [" Lager ", "lager", "Butikk"],
            "municipalities": [301, "4601"],
            "hours_per_week": 20,
        }
    )
    assert prefs.job_types == ["lager", "butikk"]
    assert prefs.municipalities == ["0301", "4601"]


def test_hard_filters(factory):
    factory.employer(name="Oslo Lager AS", job_types=["lager"], business_municipality_number="0301")
    factory.employer(
        name="Bergen Lager AS", job_types=["lager"], business_municipality_number="4601"
    )
    factory.employer(
        name="Konkurs Lager AS",
        job_types=["lager"],
        business_municipality_number="0301",
        bankrupt=True,
    )
    factory.employer(
        name="Avvikles Lager AS",
        job_types=["lager"],
        business_municipality_number="0301",
        under_liquidation=True,
    )
    archived = factory.employer(
        name="Arkivert Lager AS", job_types=["lager"], business_municipality_number="0301"
    )
    from ipscrm.services.employers import set_archived

    set_archived(archived.id, True, None)
    assert names({"job_types": ["lager"], "municipalities": ["0301"]}) == ["Oslo Lager AS"]
    assert sorted(names({"job_types": ["lager"]})) == ["Bergen Lager AS", "Oslo Lager AS"]


def test_recently_contacted_for_this_jobseeker_is_left_out(factory):
    specialist = factory.user()
    kari = factory.jobseeker(specialist, pref_job_types=["lager"], pref_municipalities=["0301"])
    ola = factory.jobseeker(specialist)
    visited = factory.employer(
        name="Besøkt Lager AS", job_types=["lager"], business_municipality_number="0301"
    )
    factory.employer(
        name="Ubesøkt Lager AS", job_types=["lager"], business_municipality_number="0301"
    )
    other = factory.employer(
        name="Annen Lager AS", job_types=["lager"], business_municipality_number="0301"
    )
    log_contact(
        specialist,
        ContactInput(
            employer_id=visited.id, jobseeker_id=kari.id, occurred_at=now_utc() - timedelta(days=3)
        ),
    )
    log_contact(
        specialist,
        ContactInput(
            employer_id=other.id, jobseeker_id=ola.id, occurred_at=now_utc() - timedelta(days=3)
        ),
    )
    prefs = matching.preferences_for_jobseeker(kari)
    prefs.exclude_contacted_days = 14
    found = [r.name for r in matching.find_matches(prefs, jobseeker_id=kari.id).results]
    assert sorted(found) == ["Annen Lager AS", "Ubesøkt Lager AS"]
    prefs.exclude_contacted_days = 2
    assert len(matching.find_matches(prefs, jobseeker_id=kari.id).results) == 3


def test_soft_factors_order_the_results(factory):
    specialist = factory.user()
    kari = factory.jobseeker(specialist)
    plain = factory.employer(name="A Vanlig Lager AS", job_types=["lager"])
    offered = factory.employer(name="B Tilbudt Lager AS", job_types=["lager"])
    confirmed = factory.employer(name="C Bekreftet Lager AS", job_types=["lager"])
    active = factory.employer(name="D Aktiv Lager AS", job_types=["lager"], stage=Stage.ACTIVE)
    hired = factory.employer(name="E Ansatt Lager AS", job_types=["lager"])
    add_accommodation(offered, "mentor", AccommodationStatus.OFFERED)
    add_accommodation(confirmed, "mentor", AccommodationStatus.CONFIRMED)
    for i in range(2):
        jobseekers.record_job_start(
            specialist, kari.id, hired.id, "Lagermedarbeider", date.today() - timedelta(days=10 + i)
        )
    page = matching.find_matches(
        matching.parse_preferences({"job_types": ["lager"], "accommodations": ["mentor"]})
    )
    order = [r.name for r in page.results]
    assert order.index(confirmed.name) < order.index(offered.name) < order.index(plain.name)
    assert order.index(active.name) < order.index(plain.name)
    assert order.index(hired.name) < order.index(plain.name)
    reasons = {r.name: [x.text for x in r.reasons] for r in page.results}
    # reasons are shown in the user's language: Norwegian by default
    assert (
        "tilrettelegging: fadder/mentor på arbeidsplassen, bekreftet 2026-03-01"
        in reasons[confirmed.name]
    )
    assert (
        "tilrettelegging: fadder/mentor på arbeidsplassen, tilbudt 2026-03-01"
        in reasons[offered.name]
    )
    assert "2 tidligere jobbstarter her" in reasons[hired.name]
    assert any(t.startswith("relasjon: ") for t in reasons[active.name])


def test_reasons_name_what_matched(factory):
    factory.employer(
        name="Oslo Logistikk AS",
        job_types=["lagerarbeid"],
        business_municipality_number="0301",
        business_municipality="OSLO",
    )
    (result,) = matching.find_matches(
        matching.parse_preferences({"job_types": ["lager"], "municipalities": ["0301"]})
    ).results
    texts = [r.text for r in result.reasons]
    assert texts == ["jobbtype: lager — traff «lagerarbeid»", "i Oslo (0301)"]
    with force_locale("en"):
        assert [r.text for r in result.reasons] == [
            "job type: lager — matched ‘lagerarbeid’",
            "in Oslo (0301)",
        ]


def test_facets_count_and_narrow(factory):
    for i in range(3):
        factory.employer(
            name=f"Oslo Butikk {i}",
            job_types=["butikk"],
            business_municipality_number="0301",
            industry_code_1="47.111",
        )
    factory.employer(
        name="Bergen Butikk",
        job_types=["butikk"],
        business_municipality_number="4601",
        industry_code_1="56.101",
    )
    bergen = matching.find_matches(
        matching.parse_preferences({"job_types": ["butikk"], "municipalities": ["4601"]})
    ).results[0]
    add_accommodation(db.session.get(Employer, bergen.employer_id), "mentor", "confirmed")
    page = matching.find_matches(matching.parse_preferences({"job_types": ["butikk"]}))
    assert page.facets["municipality"] == {"0301": 3, "4601": 1}
    assert page.facets["industry"] == {"47": 3, "56": 1}
    assert page.facets["accommodation"] == {"mentor": 1}
    only_mentor = matching.find_matches(
        matching.parse_preferences({"job_types": ["butikk"]}),
        facet_filters={"accommodation": "mentor"},
    )
    assert [r.name for r in only_mentor.results] == ["Bergen Butikk"]
    narrowed = matching.find_matches(
        matching.parse_preferences({"job_types": ["butikk"]}),
        facet_filters={"municipality": "4601"},
    )
    assert [r.name for r in narrowed.results] == ["Bergen Butikk"]


def test_pagination(factory):
    for i in range(5):
        factory.employer(name=f"Kafé {i}", job_types=["servitør"])
    prefs = matching.parse_preferences({"job_types": ["servitør"]})
    first = matching.find_matches(prefs, page=1, per_page=2)
    third = matching.find_matches(prefs, page=3, per_page=2)
    assert first.total == 5 and first.pages == 3
    assert len(first.results) == 2 and len(third.results) == 1
    assert not {r.employer_id for r in first.results} & {r.employer_id for r in third.results}


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "other", "supervisor", "admin"])
def test_match_page_for_jobseeker_checks_access(client, login, factory, who):
    team = factory.team()
    owner = factory.user(team=team)
    users = {
        "owner": owner,
        "other": factory.user(),
        "supervisor": factory.user(role=Role.SUPERVISOR, team=team),
        "admin": factory.user(role=Role.ADMIN),
    }
    kari = factory.jobseeker(owner, pref_job_types=["lager"])
    factory.employer(name="Lagerbygg AS", job_types=["lager"])
    login(users[who])
    response = client.get(f"/match/jobseeker/{kari.id}")
    if who == "other":
        assert response.status_code == 403
        assert "Lagerbygg" not in response.get_data(as_text=True)
        return
    html = response.get_data(as_text=True)
    assert "Lagerbygg AS" in html and kari.reference in html
    assert client.get("/match/jobseeker/99999").status_code == 404


def test_next_step_links_open_the_contact_and_follow_up_forms(client, login, factory):
    owner = factory.user()
    kari = factory.jobseeker(owner, pref_job_types=["lager"])
    employer = factory.employer(name="Lagerbygg AS", job_types=["lager"])
    login(owner)
    html = client.get(f"/match/jobseeker/{kari.id}").get_data(as_text=True)
    for page in ("contacts", "followups"):
        link = f"/{page}/new?employer_id={employer.id}&amp;jobseeker_id={kari.id}"
        assert link in html
        form = client.get(link.replace("&amp;", "&"))
        assert form.status_code == 200
        assert "Lagerbygg AS" in form.get_data(as_text=True)


def test_adhoc_match_page_form_errors_and_results(client, login, factory):
    login(factory.user())
    factory.employer(
        name="Grønn Hage AS", job_types=["gartner"], business_municipality_number="0301"
    )
    html = client.get("/match/?job_types=gartner&municipalities=0301").get_data(as_text=True)
    assert "Grønn Hage AS" in html
    html = client.get("/match/?job_types=gartner&municipalities=Oslo").get_data(as_text=True)
    assert "Grønn Hage AS" not in html and "municipalities" in html.lower()
    assert client.get("/match/?job_types=gartner&page=abc").status_code == 200


# --- CLI --------------------------------------------------------------------------------------------


def test_cli_match_with_preferences_file(run_cli, factory, tmp_path):
    factory.employer(
        name="Fjellvegen Lager AS", job_types=["lagerarbeid"], business_municipality_number="0301"
    )
    factory.employer(
        name="Bergen Bakeri AS", job_types=["baker"], business_municipality_number="4601"
    )
    prefs = tmp_path / "prefs.json"
    prefs.write_text(
        json.dumps({"job_types": ["lager"], "municipalities": ["0301"]}), encoding="utf-8"
    )
    result = run_cli("match", "--preferences", str(prefs), "--limit", "5", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["name"] for row in rows] == ["Fjellvegen Lager AS"]
    assert set(rows[0]) == {"employer_id", "organisation_number", "name", "score", "reasons"}
    assert "job type: lager — matched ‘lagerarbeid’" in rows[0]["reasons"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"jobtypes": ["lager"]}', "Unknown preference"),
        ('{"job_types": "lager"}', "job_types"),
        ('{"hours_per_week": "full"}', "hours_per_week"),
        ("[1, 2", "not valid JSON"),
    ],
)
def test_cli_match_refuses_bad_files(run_cli, app, tmp_path, content, message):
    prefs = tmp_path / "prefs.json"
    prefs.write_text(content, encoding="utf-8")
    result = run_cli("match", "--preferences", str(prefs), "--json")
    assert result.exit_code == 2
    assert message in result.output


def test_cli_match_for_a_jobseeker(run_cli, factory):
    owner = factory.user()
    factory.jobseeker(owner, reference="KARI-1", pref_job_types=["baker"])
    factory.employer(name="Bakeriet AS", job_types=["baker"])
    result = run_cli("match", "--jobseeker", "KARI-1", "--json")
    assert result.exit_code == 0
    assert [row["name"] for row in json.loads(result.output)] == ["Bakeriet AS"]
    assert run_cli("match", "--jobseeker", "NOBODY").exit_code == 2


def test_cli_search_commands(run_cli, factory, reopen):
    factory.employer(name="Ålesund Fisk AS", job_types=["fiskeforedling"])
    result = run_cli("search", "employers", "ålesund", "--json")
    assert result.exit_code == 0
    assert [row["name"] for row in json.loads(result.output)] == ["Ålesund Fisk AS"]
    assert run_cli("search", "check").exit_code == 0
    with reopen() as conn:
        conn.execute(sa.text("UPDATE employers SET name = 'Molde Fisk AS'"))
        conn.execute(
            sa.text(
                "INSERT INTO search_outbox (employer_id, created_at) VALUES (1, CURRENT_TIMESTAMP)"
            )
        )
        conn.commit()
    result = run_cli("search", "check")
    assert result.exit_code == 1 and "Pending changes in the outbox: 1" in result.output
    result = run_cli("search", "drain")
    assert result.exit_code == 0 and "Applied 1 changes" in result.output
    assert run_cli("search", "check").exit_code == 0
    result = run_cli("search", "employers", "molde", "--json")
    assert [row["name"] for row in json.loads(result.output)] == ["Molde Fisk AS"]
    result = run_cli("search", "worker", "--iterations", "1", "--interval", "0")
    assert result.exit_code == 0

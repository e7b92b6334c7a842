"""Jobseeker pages: list and filters, profile, create and edit with errors at the fields,
pseudonymous references, audit without values."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, ContactPurpose, Jobseeker, JobseekerStatus, Role
from ipscrm.services import contacts
from ipscrm.timeutil import today
from tests.people_support import field_errors, switch_user


def _form(**overrides) -> dict:
    data = {
        "reference": "NORD-17",
        "program_entry_date": (today() - timedelta(days=3)).isoformat(),
        "status": "searching",
        "pref_job_types": "lager, Kjøkkenassistent",
        "pref_industries": "47, 56.1",
        "pref_municipalities": "0301, 301, 3201",
        "pref_hours_per_week": "20",
        "pref_shifts": ["day", "evening"],
        "pref_accommodations": ["flexible_hours", "quiet_workspace"],
        "interests": "Planter og dyr",
        "strengths": "Nøyaktig",
        "disclosure": "limited",
    }
    data.update(overrides)
    return data


@pytest.fixture
def kari(factory, login):
    user = factory.user(name="Kari", team=factory.team("Nord"))
    switch_user(login, user)
    return user


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Jobseeker.id)))


def test_create_shows_the_profile(client, kari):
    form = _form()
    form["specialist_id"] = str(kari.id)
    response = client.post("/jobseekers/new", data=form)
    assert response.status_code == 302
    jobseeker = db.session.scalars(sa.select(Jobseeker)).one()
    assert jobseeker.specialist_id == kari.id
    assert jobseeker.pref_municipalities == ["0301", "3201"]
    assert jobseeker.pref_job_types == ["lager", "kjøkkenassistent"]
    assert jobseeker.pref_accommodations == ["flexible_hours", "quiet_workspace"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "NORD-17" in page and "Jobbsøkeren er lagt til." in page
    assert "fleksibel arbeidstid" in page and "skjermet arbeidsplass" in page
    assert "Dag, Kveld" in page and "Begrenset åpenhet" in page
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    assert "flexible hours" in page and "quiet workspace" in page and "Job preferences" in page


def test_create_is_audited_without_values(client, kari):
    client.post("/jobseekers/new", data=_form(specialist_id=str(kari.id)))
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "jobseeker")
    ).one()
    assert event.action == "create" and event.user_id == kari.id
    assert "reference" in event.changes and "NORD-17" not in repr(event.changes)
    assert "Planter" not in repr(event.changes)


def test_form_has_a_label_for_every_input_and_warns_about_names(client, kari):
    page = client.get("/jobseekers/new").get_data(as_text=True)
    for name in (
        "reference",
        "program_entry_date",
        "pref_job_types",
        "pref_hours_per_week",
        "interests",
        "strengths",
        "disclosure",
        "status",
    ):
        assert f'for="{name}"' in page, name
    assert "aldri navn eller fødselsnummer" in page
    assert 'for="pref_accommodations-0"' in page and "<legend" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": ""}, "reference", "This field is required."),
        ({"reference": "01019012345"}, "reference", "ligner på et fødselsnummer"),
        ({"reference": "010190 123 45"}, "reference", "ligner på et fødselsnummer"),
        ({"pref_municipalities": "0301, 12345"}, "pref_municipalities", "12345"),
        ({"pref_industries": "kafé"}, "pref_industries", "kafé"),
        ({"pref_hours_per_week": "70"}, "pref_hours_per_week", "60"),
        (
            {"program_entry_date": (today() + timedelta(days=2)).isoformat()},
            "program_entry_date",
            "kan ikke være fram i tid",
        ),
        ({"interests": "x" * 5001}, "interests", "5000"),
        ({"pref_accommodations": ["no_such_code"]}, "pref_accommodations", "no_such_code"),
    ],
)
def test_bad_input_comes_back_at_the_field(client, kari, overrides, field, message):
    data = _form(specialist_id=str(kari.id), **overrides)
    response = client.post("/jobseekers/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = field_errors(page, field)
    assert errors, f"no error at {field}"
    if message != "This field is required.":
        assert message in errors
    assert 'value="lager, Kjøkkenassistent"' in page  # input kept
    assert _count() == 0


def test_duplicate_reference(client, kari, factory):
    factory.jobseeker(kari, reference="NORD-17")
    page = client.post("/jobseekers/new", data=_form(specialist_id=str(kari.id))).get_data(
        as_text=True
    )
    assert "NORD-17" in field_errors(page, "reference")
    assert _count() == 1


def test_script_is_shown_as_text(client, kari):
    client.post(
        "/jobseekers/new",
        data=_form(specialist_id=str(kari.id), interests="<script>alert(1)</script>"),
    )
    jobseeker = db.session.scalars(sa.select(Jobseeker)).one()
    page = client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_edit_keeps_values_and_audits_changed_fields(client, kari, factory):
    jobseeker = factory.jobseeker(kari, reference="NORD-1", pref_job_types=["lager"])
    page = client.get(f"/jobseekers/{jobseeker.id}/edit").get_data(as_text=True)
    assert 'value="NORD-1"' in page and 'value="lager"' in page
    data = _form(reference="NORD-1", status="paused", specialist_id=str(kari.id))
    data["program_entry_date"] = jobseeker.program_entry_date.isoformat()
    assert client.post(f"/jobseekers/{jobseeker.id}/edit", data=data).status_code == 302
    db.session.refresh(jobseeker)
    assert jobseeker.status == JobseekerStatus.PAUSED
    event = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.entity_type == "jobseeker"
        )
    ).one()
    assert "status" in event.changes and "reference" not in event.changes
    assert set(event.changes.values()) == {None}


def test_edit_error_saves_nothing(client, kari, factory):
    jobseeker = factory.jobseeker(kari, reference="NORD-1")
    data = _form(reference="NORD-1", status="paused", pref_municipalities="abc")
    data["specialist_id"] = str(kari.id)
    page = client.post(f"/jobseekers/{jobseeker.id}/edit", data=data).get_data(as_text=True)
    assert "abc" in field_errors(page, "pref_municipalities")
    db.session.expire_all()
    assert db.session.get(Jobseeker, jobseeker.id).status == JobseekerStatus.SEARCHING


def test_specialist_cannot_assign_to_someone_else(client, kari, factory):
    other = factory.user()
    response = client.post("/jobseekers/new", data=_form(specialist_id=str(other.id)))
    assert response.status_code == 403
    assert _count() == 0


def test_supervisor_assigns_within_the_team(client, factory, login):
    team = factory.team("Vest")
    member = factory.user(team=team, name="Mona")
    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    switch_user(login, supervisor)
    page = client.get("/jobseekers/new").get_data(as_text=True)
    assert "Mona" in page
    assert (
        client.post("/jobseekers/new", data=_form(specialist_id=str(member.id))).status_code == 302
    )
    assert db.session.scalars(sa.select(Jobseeker)).one().specialist_id == member.id


def test_list_filters_by_status(client, kari, factory):
    factory.jobseeker(kari, reference="A-SEARCH")
    factory.jobseeker(kari, reference="B-PAUSED", status="paused")
    page = client.get("/jobseekers/?status=paused").get_data(as_text=True)
    assert "B-PAUSED" in page and "A-SEARCH" not in page
    page = client.get("/jobseekers/").get_data(as_text=True)
    assert "A-SEARCH" in page and "B-PAUSED" in page and "Jobbsøkere funnet: 2" in page
    assert client.get("/jobseekers/?status=bogus&page=abc").status_code == 200


def test_list_pages(app, client, kari, factory):
    app.config["PAGE_SIZE"] = 2
    for n in range(5):
        factory.jobseeker(kari, reference=f"P-{n}")
    page = client.get("/jobseekers/?page=3").get_data(as_text=True)
    assert "P-4" in page and "P-0" not in page
    assert 'href="/jobseekers/?page=1"' in page


def test_profile_shows_contacts_the_jobseeker_took_part_in(client, kari, factory):
    jobseeker = factory.jobseeker(kari, reference="NORD-5")
    employer = factory.employer(name="Bakeriet AS")
    other_employer = factory.employer(name="Ikke Med AS")
    contacts.log_contact(
        kari,
        contacts.ContactInput(
            employer_id=employer.id,
            purpose=ContactPurpose.PRESENT_CANDIDATE,
            jobseeker_id=jobseeker.id,
            outcome="Avtalt prøvedag",
        ),
    )
    contacts.log_contact(kari, contacts.ContactInput(employer_id=other_employer.id))
    page = client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    assert "Bakeriet AS" in page and "Avtalt prøvedag" in page and "Presentere kandidat" in page
    assert "Ikke Med AS" not in page


def test_creating_a_jobseeker_logs_no_jobseeker_data(client, kari, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/jobseekers/new", data=_form(specialist_id=str(kari.id)))
    assert _count() == 1
    assert "NORD-17" not in caplog.text and "Planter" not in caplog.text


def test_closing_and_reopening_sets_and_clears_the_closing_day(client, kari, factory):
    jobseeker = factory.jobseeker(kari, reference="NORD-3")
    data = _form(reference="NORD-3", status="closed", specialist_id=str(kari.id))
    data["program_entry_date"] = jobseeker.program_entry_date.isoformat()
    client.post(f"/jobseekers/{jobseeker.id}/edit", data=data)
    db.session.refresh(jobseeker)
    assert jobseeker.closed_on == today()
    client.post(f"/jobseekers/{jobseeker.id}/edit", data={**data, "status": "searching"})
    db.session.refresh(jobseeker)
    assert jobseeker.closed_on is None and jobseeker.status == JobseekerStatus.SEARCHING

"""Recording a job start (employer found by name or organisation number) and its end."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, JobseekerStatus, JobStart
from ipscrm.services.employers import set_archived
from ipscrm.services.jobseekers import record_job_start
from ipscrm.timeutil import today
from tests.people_support import field_errors, switch_user


@pytest.fixture
def setting(factory, login):
    kari = factory.user(name="Kari")
    switch_user(login, kari)
    jobseeker = factory.jobseeker(kari, reference="NORD-9")
    employer = factory.employer(name="Bakeriet Sentrum AS", business_place="Oslo")
    factory.employer(name="Sentrumsbakeren AS")
    archived = factory.employer(name="Arkivert Bakeri AS")
    set_archived(archived.id, True, None)
    return kari, jobseeker, employer


def _start_form(employer, **overrides):
    data = {
        "employer_id": str(employer),
        "job_title": "Bakerlærling",
        "job_type": "Baker",
        "start_date": today().isoformat(),
        "hours_per_week": "22,5",
        "competitive": "y",
    }
    data.update(overrides)
    return data


def test_search_lists_matching_employers(client, setting):
    _kari, jobseeker, employer = setting
    page = client.get(f"/jobseekers/{jobseeker.id}/job-starts/new?q=baker").get_data(as_text=True)
    # any part of the name: compounds too
    assert "Bakeriet Sentrum AS (Oslo)" in page and "Sentrumsbakeren AS" in page
    assert "Arkivert Bakeri AS" not in page
    page = client.get(f"/jobseekers/{jobseeker.id}/job-starts/new?q=sentrum").get_data(as_text=True)
    assert "Bakeriet Sentrum AS" in page and "Sentrumsbakeren AS" in page
    number = employer.organisation_number
    page = client.get(f"/jobseekers/{jobseeker.id}/job-starts/new?q={number[:5]}").get_data(
        as_text=True
    )
    assert "Bakeriet Sentrum AS" in page
    page = client.get(f"/jobseekers/{jobseeker.id}/job-starts/new?q=zzz").get_data(as_text=True)
    assert "Ingen arbeidsgiver passer med «zzz»." in page


def test_search_as_you_type_options(client, setting):
    rows = client.get("/jobseekers/employer-options?q=bak").get_json()
    assert [r["label"] for r in rows] == ["Bakeriet Sentrum AS (Oslo)", "Sentrumsbakeren AS"]
    rows = client.get("/jobseekers/employer-options?q=SENTRUMSB").get_json()
    assert [r["label"] for r in rows] == ["Sentrumsbakeren AS"]
    assert client.get("/jobseekers/employer-options?q=b").get_json() == []


def test_employer_preselected_from_the_link(client, setting):
    _kari, jobseeker, employer = setting
    page = client.get(
        f"/jobseekers/{jobseeker.id}/job-starts/new?employer_id={employer.id}"
    ).get_data(as_text=True)
    assert f'<option selected value="{employer.id}">Bakeriet Sentrum AS (Oslo)</option>' in page


def test_record_a_job_start(client, setting):
    kari, jobseeker, employer = setting
    response = client.post(
        f"/jobseekers/{jobseeker.id}/job-starts/new", data=_start_form(employer.id)
    )
    assert response.status_code == 302
    start = db.session.scalars(sa.select(JobStart)).one()
    assert (start.job_title, start.job_type, str(start.hours_per_week)) == (
        "Bakerlærling",
        "baker",
        "22.5",
    )
    assert start.competitive and start.recorded_by_id == kari.id
    db.session.refresh(jobseeker)
    assert jobseeker.status == JobseekerStatus.WORKING
    page = client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    assert "Bakerlærling" in page and "Bakeriet Sentrum AS" in page and "22,5 timer i uken" in page
    assert f'href="/employers/{employer.id}"' in page  # the employer is a link


def test_employer_names_link_to_the_employer_page(app, client, factory, login):
    kari = factory.user()
    jobseeker = factory.jobseeker(kari)
    employer = factory.employer(name="Lenket AS")
    record_job_start(kari, jobseeker.id, employer.id, "Kokk", today())
    switch_user(login, kari)
    page = client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    assert f'<a href="/employers/{employer.id}">Lenket AS</a>' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"employer_id": ""}, "employer_id", ""),
        ({"job_title": ""}, "job_title", ""),
        ({"start_date": "2000-01-01"}, "start_date", "tiltaket"),
        ({"hours_per_week": "100"}, "hours_per_week", "80"),
    ],
)
def test_job_start_errors(client, setting, overrides, field, message):
    _kari, jobseeker, employer = setting
    response = client.post(
        f"/jobseekers/{jobseeker.id}/job-starts/new?q=bak",
        data=_start_form(employer.id, **overrides),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = field_errors(page, field)
    assert errors and message in errors
    assert db.session.scalar(sa.select(sa.func.count(JobStart.id))) == 0


def test_end_a_job_start(client, setting):
    _kari, jobseeker, employer = setting
    client.post(
        f"/jobseekers/{jobseeker.id}/job-starts/new",
        data=_start_form(employer.id, start_date=(today() - timedelta(days=10)).isoformat()),
    )
    start = db.session.scalars(sa.select(JobStart)).one()
    end_url = f"/jobseekers/{jobseeker.id}/job-starts/{start.id}/end"
    assert end_url in client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    page = client.post(
        end_url, data={"end_date": (today() - timedelta(days=20)).isoformat(), "end_reason": "x"}
    ).get_data(as_text=True)
    assert "etter startdatoen" in field_errors(page, "end_date")
    response = client.post(
        end_url, data={"end_date": today().isoformat(), "end_reason": "Prøvetiden var over"}
    )
    assert response.status_code == 302
    db.session.refresh(start)
    db.session.refresh(jobseeker)
    assert start.end_date == today() and start.end_reason == "Prøvetiden var over"
    assert jobseeker.status == JobseekerStatus.SEARCHING
    page = client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)
    assert "Prøvetiden var over" in page and end_url not in page
    again = client.post(end_url, data={"end_date": today().isoformat()}, follow_redirects=True)
    assert "allerede avsluttet" in again.get_data(as_text=True)
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "job_start")
    ).all()
    assert sorted(actions) == ["create", "update"]


def test_another_specialists_job_start_is_403(client, setting, factory):
    _kari, _jobseeker, employer = setting
    other = factory.user()
    theirs = factory.jobseeker(other)
    start = record_job_start(other, theirs.id, employer.id, "Kokk", today())
    assert client.get(f"/jobseekers/{theirs.id}/job-starts/{start.id}/end").status_code == 403
    response = client.post(f"/jobseekers/{theirs.id}/job-starts/new", data=_start_form(employer.id))
    assert response.status_code == 403

"""In a real browser: log in, switch to English, see the jobseeker pages and the admin
users page, and get a 403 page for another specialist's jobseeker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from ipscrm.models import Role
from ipscrm.services.jobseekers import record_job_start
from ipscrm.timeutil import today
from tests.e2e.conftest import log_in
from tests.factories import Factory


@pytest.fixture
def people(live_app):
    with live_app.app_context():
        f = Factory()
        team = f.team("Team Nord")
        kari = f.user(name="Kari Nordmann", email="kari@nav.no", team=team)
        per = f.user(name="Per Hansen", email="per@nav.no", team=team)
        admin = f.user(role=Role.ADMIN, name="Ada Admin", email="ada@nav.no")
        mine = f.jobseeker(
            kari,
            reference="NORD-001",
            pref_job_types=["lager", "butikk"],
            pref_municipalities=["0301"],
            pref_accommodations=["flexible_hours", "quiet_workspace"],
            pref_hours_per_week=20,
            interests="Planter og hagearbeid",
        )
        f.jobseeker(kari, reference="NORD-002", status="paused")
        theirs = f.jobseeker(per, reference="PER-001")
        employer = f.employer(name="Hagesenteret AS", business_place="Oslo")
        record_job_start(
            kari,
            mine.id,
            employer.id,
            "Gartnerassistent",
            today() - timedelta(days=5),
            job_type="gartner",
            hours_per_week=20,
        )
        return {"mine": mine.id, "theirs": theirs.id, "admin": admin.email, "kari": kari.email}


def test_language_jobseekers_and_403(page, people, screenshot):
    log_in(page, people["kari"])
    page.get_by_role("link", name="Jobbsøkere").first.click()
    expect(page.get_by_role("heading", name="Jobbsøkere")).to_be_visible()
    expect(page.get_by_role("link", name="NORD-001")).to_be_visible()
    assert page.get_by_text("PER-001").count() == 0
    screenshot(page, "jobseekers-list")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Jobseekers")).to_be_visible()
    page.get_by_role("link", name="NORD-001").click()
    expect(page.get_by_role("heading", name="Job preferences")).to_be_visible()
    assert page.get_by_text("flexible hours").is_visible()
    assert page.get_by_text("Gartnerassistent").is_visible()
    screenshot(page, "jobseeker-profile")

    response = page.goto(f"/jobseekers/{people['theirs']}")
    assert response.status == 403
    assert page.get_by_role("heading", name="No access").is_visible()
    assert page.get_by_text("PER-001").count() == 0
    screenshot(page, "jobseeker-403")


def test_add_a_jobseeker_with_an_error_kept_at_the_field(page, people):
    log_in(page, people["kari"])
    page.goto("/jobseekers/new")
    page.get_by_label("Referanse").fill("01019012345")
    page.get_by_label("Ønskede jobbtyper").fill("lager, kafé")
    page.get_by_label("fleksibel arbeidstid").check()
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Referansen ligner på et fødselsnummer").is_visible()
    assert page.get_by_label("Ønskede jobbtyper").input_value() == "lager, kafé"
    assert page.get_by_label("fleksibel arbeidstid").is_checked()
    page.get_by_label("Referanse").fill("NORD-003")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Jobbsøkeren er lagt til.").is_visible()
    assert page.get_by_role("heading", name="NORD-003").is_visible()


def test_admin_users_page(page, people, screenshot):
    log_in(page, people["admin"])
    page.get_by_role("link", name="Administrasjon").click()
    assert page.get_by_role("heading", name="Brukere").is_visible()
    assert page.get_by_role("link", name="Kari Nordmann").is_visible()
    screenshot(page, "admin-users")


def test_phone_width(phone_page, people, screenshot):
    log_in(phone_page, people["kari"])
    for path, name in (
        ("/jobseekers/", "jobseekers-list-phone"),
        (f"/jobseekers/{people['mine']}", "jobseeker-profile-phone"),
        ("/jobseekers/new", "jobseeker-form-phone"),
    ):
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
        screenshot(phone_page, name)


def test_admin_users_page_at_phone_width(phone_page, people, screenshot):
    log_in(phone_page, people["admin"])
    phone_page.goto("/admin/users")
    assert phone_page.get_by_role("heading", name="Brukere").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "admin-users-phone")


def test_record_a_job_start_with_search_as_you_type(page, people, live_app, screenshot):
    with live_app.app_context():
        f = Factory()
        f.employer(name="Kafé Solsiden AS", business_place="Bergen")
        f.employer(name="Verkstedet AS")
    log_in(page, people["kari"])
    page.goto(f"/jobseekers/{people['mine']}")
    page.get_by_role("link", name="Registrer jobbstart").click()
    page.get_by_label("Finn arbeidsgiveren (navn eller organisasjonsnummer)").fill("solsid")
    options = page.locator("#employer_id option")
    options.first.wait_for(state="attached")
    assert options.all_inner_texts() == ["Kafé Solsiden AS (Bergen)"]
    page.get_by_label("Stillingstittel").fill("Servitør")
    page.get_by_label("Timer per uke").fill("15")
    screenshot(page, "job-start-form")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Jobbstarten er registrert.").is_visible()
    assert page.get_by_text("Kafé Solsiden AS").is_visible()

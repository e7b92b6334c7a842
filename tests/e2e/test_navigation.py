"""Moving between the areas in a real browser by following links only: from My week to
a waiting jobseeker, on to the employers that fit them, to one of those employers and to
logging a contact there; and from the search results to an employer page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def _data(live_app, user_id: int) -> tuple[str, str]:
    from ipscrm.extensions import db
    from ipscrm.models import User
    from tests.factories import Factory

    with live_app.app_context():
        factory = Factory()
        me = db.session.get(User, user_id)
        factory.employer(
            name="Alna Lager og Logistikk AS",
            job_types=["lagermedarbeider"],
            business_municipality_number="0301",
            business_municipality="OSLO",
        )
        factory.employer(name="Bryggen Spiseri AS", job_types=["kokk"])
        jobseeker = factory.jobseeker(me, reference="JS-NAV-1", pref_job_types=["lager"])
        return jobseeker.reference, f"/jobseekers/{jobseeker.id}"


def test_from_my_week_to_a_match_an_employer_and_a_contact(page, live_app, make_user, screenshot):
    user_id, email = make_user(name="Nora Navigatør")
    reference, profile_path = _data(live_app, user_id)
    log_in(page, email)

    # My week lists the jobseeker still waiting for a first contact, linked to the profile
    page.locator("#first-contact-heading + div").get_by_role(
        "link", name=reference, exact=True
    ).click()
    page.wait_for_url(f"**{profile_path}")
    expect(page.get_by_role("heading", name=reference)).to_be_visible()

    # the profile leads to the employers that fit the jobseeker
    page.get_by_role("link", name="Finn arbeidsgivere").click()
    page.wait_for_url("**/match/jobseeker/*")
    result = page.locator("[data-employer-id]").first
    expect(result).to_contain_text("Alna Lager og Logistikk AS")
    expect(page.locator("[data-employer-id]")).to_have_count(1)  # the cook's job does not fit
    screenshot(page, "navigation-match")

    # an employer in the results opens its page, where a contact is logged in one tap
    result.get_by_role("link", name="Alna Lager og Logistikk AS").click()
    page.wait_for_url("**/employers/*")
    expect(page.get_by_role("heading", name="Alna Lager og Logistikk AS")).to_be_visible()
    page.get_by_role("link", name="Registrer kontakt").first.click()
    page.wait_for_url("**/contacts/new?employer_id=*")
    expect(page.get_by_role("heading", name="Registrer kontakt")).to_be_visible()
    expect(page.get_by_text("Alna Lager og Logistikk AS").first).to_be_visible()


def test_search_results_link_the_employer_page(page, live_app, make_user, screenshot):
    user_id, email = make_user(name="Sindre Søker")
    _data(live_app, user_id)
    log_in(page, email)
    box = page.get_by_placeholder("Søk i arbeidsgivere, personer, notater")
    box.fill("Alna")
    box.press("Enter")
    page.wait_for_url("**/search?q=Alna")
    expect(page.locator("[data-employer-id]").first).to_contain_text("Alna")
    screenshot(page, "navigation-search-results")
    page.locator("[data-employer-id]").first.get_by_role("link").click()
    page.wait_for_url("**/employers/*")
    expect(page.get_by_role("heading", name="Alna Lager og Logistikk AS")).to_be_visible()

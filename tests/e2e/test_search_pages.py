"""Search and matching in a real browser: the search box in the navigation, grouped and
highlighted results, the match form with reasons, and the match page on a phone."""

from tests.e2e.conftest import log_in


def _portfolio(live_app):
    from tests.factories import Factory

    with live_app.app_context():
        factory = Factory()
        factory.employer(
            name="Alna Lager og Logistikk AS",
            job_types=["lagermedarbeider", "truckfører"],
            business_municipality_number="0301",
            business_municipality="OSLO",
            notes="Daglig leder er positiv til arbeidstrening på lageret.",
        )
        factory.employer(
            name="Bryggen Spiseri AS",
            job_types=["kokk"],
            business_municipality_number="4601",
            business_municipality="BERGEN",
        )


def test_search_box_and_match_page(page, live_app, make_user, screenshot):
    _portfolio(live_app)
    _id, email = make_user(name="Kari Nordmann")
    log_in(page, email)
    box = page.get_by_placeholder("Søk i arbeidsgivere, personer, notater")
    box.fill("lager")
    box.press("Enter")
    page.wait_for_url("**/search?q=lager")
    assert page.get_by_role("heading", name="Arbeidsgivere").is_visible()
    assert page.get_by_role("heading", name="Notater").is_visible()
    assert page.locator("mark", has_text="Lager").first.is_visible()
    screenshot(page, "search-results")

    page.goto("/match/")
    page.get_by_label("Jobbtyper").fill("lager")
    page.get_by_label("Kommunenumre").fill("0301")
    page.get_by_role("button", name="Finn arbeidsgivere").click()
    result = page.locator("[data-employer-id]").first
    assert "Alna Lager og Logistikk AS" in result.inner_text()
    assert "jobbtype: lager — traff «lagermedarbeider»" in result.inner_text()
    assert page.locator("[data-employer-id]").count() == 1  # Bergen is filtered out
    screenshot(page, "match-adhoc")


def test_match_page_fits_a_phone(phone_page, live_app, make_user, screenshot):
    _portfolio(live_app)
    _id, email = make_user(name="Ola Nordmann")
    log_in(phone_page, email)
    phone_page.goto("/match/?job_types=kokk&municipalities=4601")
    assert "Bryggen Spiseri AS" in phone_page.locator("[data-employer-id]").first.inner_text()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = phone_page.evaluate(
        """[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 8)"""
    )
    screenshot(phone_page, "match-phone")
    assert overflow <= 0, wide

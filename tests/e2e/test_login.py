"""Logging in and out in a real browser; no asset comes from outside the app."""

from tests.e2e.conftest import log_in


def test_login_logout_and_offline_assets(page, make_user, live_server, screenshot):
    _id, email = make_user(name="Kari Nordmann")
    outside = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else outside.append(r.url))
    page.goto("/")
    assert "/login" in page.url
    screenshot(page, "login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill("feil passord")
    page.get_by_role("button", name="Logg inn").click()
    assert page.get_by_text("Feil e-post eller passord.").is_visible()
    log_in(page, email)
    assert page.get_by_role("heading", name="Min uke").is_visible()
    # Bootstrap's CSS is applied (served by the app itself)
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    page.get_by_role("button", name="Kari Nordmann").click()  # the user menu
    page.get_by_role("button", name="Logg ut").click()
    assert page.get_by_text("Du er logget ut.").is_visible()
    assert outside == []

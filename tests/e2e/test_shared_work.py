"""Working on shared records in real browsers: two specialists editing one employer at
once, a new password ending the session on another device, and an admin reading the
audit trail."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in

PASSWORD = "correct horse battery"


def _second_browser(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(10_000)
    return context, other


def test_two_people_edit_one_employer_at_once(
    page, browser, live_server, live_app, make_user, screenshot
):
    from tests.factories import Factory

    _kari_id, kari = make_user(name="Kari Nordmann")
    _ola_id, ola = make_user(name="Ola Hansen")
    with live_app.app_context():
        employer = Factory().employer(name="Bakeriet Tøyen AS", phone="22 00 00 00")
        employer_id = employer.id
    context, other = _second_browser(browser, live_server)
    try:
        log_in(page, kari)
        log_in(other, ola)
        page.goto(f"/employers/{employer_id}/edit")
        other.goto(f"/employers/{employer_id}/edit")
        # Kari changes the phone number and the notes, and saves first.
        page.get_by_label("Telefon", exact=True).fill("41 00 00 00")
        page.get_by_label("Notater", exact=True).fill("Daglig leder heter Per.")
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_text("Endringene ble lagret.")).to_be_visible()
        # Ola, in his older form, changes the name and types another phone number.
        other.get_by_label("Navn", exact=True).fill("Bakeriet Tøyen og Sønn AS")
        other.get_by_label("Telefon", exact=True).fill("92 00 00 00")
        other.get_by_role("button", name="Lagre").click()
        expect(other.get_by_text("Noen andre lagret mens du redigerte.")).to_be_visible()
        phone_errors = other.locator("#phone-errors")
        expect(phone_errors).to_contain_text("Endret av Kari Nordmann")
        expect(phone_errors).to_contain_text("41 00 00 00")
        assert other.get_by_label("Telefon", exact=True).input_value() == "92 00 00 00"
        assert other.get_by_label("Navn", exact=True).input_value() == ("Bakeriet Tøyen og Sønn AS")
        screenshot(other, "edit_conflict")
        # Having seen Kari's number, Ola keeps his own by saving again.
        other.get_by_role("button", name="Lagre").click()
        expect(other.get_by_text("Endringene ble lagret.")).to_be_visible()
        expect(other.get_by_role("heading", name="Bakeriet Tøyen og Sønn AS")).to_be_visible()
        expect(other.get_by_text("92 00 00 00")).to_be_visible()
        expect(other.get_by_text("Daglig leder heter Per.")).to_be_visible()  # Kari's notes
    finally:
        context.close()


def test_a_new_password_logs_the_other_device_out(page, browser, live_server, make_user):
    _id, email = make_user(name="Kari Nordmann")
    context, phone = _second_browser(browser, live_server)
    try:
        log_in(page, email)
        log_in(phone, email)
        page.goto("/account/password")
        page.get_by_label("Nåværende passord").fill(PASSWORD)
        page.get_by_label("Nytt passord", exact=True).fill("a brand new secret")
        page.get_by_label("Nytt passord en gang til").fill("a brand new secret")
        page.get_by_role("button", name="Bytt passord").click()
        expect(page.get_by_text("Passordet ditt er endret.")).to_be_visible()
        page.goto("/employers/")  # still logged in here
        expect(page.get_by_role("heading", name="Arbeidsgivere")).to_be_visible()
        phone.goto("/employers/")  # the other device must log in again
        expect(phone.get_by_role("button", name="Logg inn")).to_be_visible()
        log_in(phone, email, "a brand new secret")
    finally:
        context.close()


def test_an_admin_reads_who_saw_a_jobseeker(page, live_app, make_user, screenshot):
    from ipscrm.extensions import db
    from ipscrm.models import User
    from tests.factories import Factory

    kari_id, kari = make_user(name="Kari Nordmann")
    _admin_id, admin = make_user(name="Ada Admin", role="admin")
    with live_app.app_context():
        jobseeker_id = Factory().jobseeker(db.session.get(User, kari_id), reference="NORD-8").id
    log_in(page, kari)
    page.goto(f"/jobseekers/{jobseeker_id}")
    expect(page.get_by_role("heading", name="NORD-8")).to_be_visible()
    expect(page.locator("#audit-link")).to_have_count(0)  # specialists have no trail link
    page.context.clear_cookies()  # the admin, in the same browser
    log_in(page, admin)
    page.goto(f"/jobseekers/{jobseeker_id}")
    page.locator("#audit-link").click()
    expect(page.get_by_role("heading", name="Revisjonsspor")).to_be_visible()
    rows = page.locator("table.audit-table tbody tr")
    expect(rows.first).to_contain_text("Ada Admin")  # the admin's own read, newest first
    expect(page.locator("table.audit-table")).to_contain_text("Kari Nordmann")
    expect(page.locator("table.audit-table")).to_contain_text("Lest")
    expect(page.locator("table.audit-table")).to_contain_text("Opprettet")
    page.get_by_label("Handling").select_option(label="Lest")
    page.get_by_role("button", name="Vis").click()
    expect(rows).to_have_count(2)
    screenshot(page, "audit_trail")


def test_an_admins_menu_fits_a_laptop_screen(page, make_user, screenshot):
    _id, admin = make_user(name="Ada Admin", role="admin")
    log_in(page, admin)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/audit")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    search = page.get_by_role("button", name="Søk", exact=True)
    box = search.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    expect(page.get_by_role("button", name="Ada Admin")).to_be_visible()
    screenshot(page, "admin_menu")

"""The job specialist's core loop in a real browser: create an employer, log a
face-to-face contact with a follow-up, see it counted on My week, mark the follow-up
done. Screenshots of the main pages, also on a 375-px phone screen."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import make_orgnr


def test_create_employer_log_contact_and_follow_up(page, phone_page, make_user, screenshot):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    _id, email = make_user(name="Siri Spesialist")
    log_in(page, email)
    expect(
        page.get_by_text("Arbeidsgiverkontakter ansikt til ansikt denne uken: 0 av 6")
    ).to_be_visible()

    # create an employer
    page.get_by_role("link", name="Arbeidsgivere", exact=True).first.click()
    page.get_by_role("link", name="Ny arbeidsgiver").click()
    page.get_by_label("Navn", exact=True).fill("Kaffebrenneriet Grünerløkka AS")
    page.get_by_label("Organisasjonsnummer", exact=True).fill("974760672")  # wrong check digit
    page.get_by_label("Sted", exact=True).fill("Oslo")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("feil kontrollsiffer (MOD11)")).to_be_visible()
    assert page.get_by_label("Sted", exact=True).input_value() == "Oslo"  # input kept
    page.get_by_label("Organisasjonsnummer", exact=True).fill(make_orgnr(4242))
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Arbeidsgiveren ble opprettet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Kaffebrenneriet Grünerløkka AS")).to_be_visible()

    # log a face-to-face contact with a follow-up today, from the employer page
    today = datetime.now(ZoneInfo("Europe/Oslo")).date().isoformat()  # the app's calendar
    form = page.locator("#log")
    expect(form.get_by_label("Oppmøte")).to_be_checked()  # in person by default
    form.get_by_label("Resultat").fill("Møtte daglig leder, hyggelig første besøk.")
    form.get_by_label("Neste steg").fill("Ringe om omvisning")
    form.get_by_label("Dato for oppfølging").fill(today)
    form.get_by_role("button", name="Lagre kontakt").click()
    expect(page.get_by_text("Kontakten ble registrert.")).to_be_visible()
    expect(page.get_by_text("Møtte daglig leder, hyggelig første besøk.")).to_be_visible()
    screenshot(page, "employer_page")

    page.goto("/employers/")
    expect(page.get_by_text("Viser 1–1 av 1 arbeidsgivere")).to_be_visible()
    screenshot(page, "employer_list")

    # My week counts it and shows the follow-up
    page.get_by_role("link", name="Min uke").first.click()
    expect(
        page.get_by_text("Arbeidsgiverkontakter ansikt til ansikt denne uken: 1 av 6")
    ).to_be_visible()
    followups = page.locator("section", has=page.locator("#followups-heading"))
    expect(followups.get_by_text("Ringe om omvisning")).to_be_visible()
    screenshot(page, "my_week")

    followups.get_by_role("button", name="Merk som utført").click()
    expect(page.get_by_text("Oppfølgingen er merket som utført.")).to_be_visible()
    expect(page.get_by_text("Ingenting forfaller. Godt jobbet.")).to_be_visible()
    expect(page.get_by_text("Ringe om omvisning")).to_have_count(0)

    # the one-tap log-a-contact button from My week
    page.get_by_role("link", name="Registrer kontakt").first.click()
    page.get_by_role("link", name="Kaffebrenneriet Grünerløkka AS").click()
    expect(page.get_by_role("heading", name="Registrer kontakt")).to_be_visible()
    screenshot(page, "log_contact")

    # the same pages on a phone
    log_in(phone_page, email)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    screenshot(phone_page, "my_week_phone")
    phone_page.goto("/employers/")
    expect(phone_page.get_by_text("Viser 1–1 av 1 arbeidsgivere")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "employer_list_phone")
    phone_page.get_by_role("link", name="Kaffebrenneriet Grünerløkka AS").click()
    expect(phone_page.get_by_role("heading", name="Kontakthistorikk")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "employer_page_phone")
    phone_page.get_by_role("link", name="Registrer kontakt").first.click()
    expect(phone_page.get_by_role("button", name="Lagre kontakt")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "log_contact_phone")


def test_keyboard_focus_is_visible_on_the_contact_form(page, make_user):
    _id, email = make_user()
    log_in(page, email)
    page.goto("/contacts/new")
    page.get_by_label("Arbeidsgivers navn eller organisasjonsnummer").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

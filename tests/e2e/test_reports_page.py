"""The team report in a real browser: charts drawn without JavaScript, the numbers in
tables beside them, a drill-down link, and the printable fidelity review."""

from tests.e2e.conftest import log_in
from tests.reports_dataset import FIRST, LAST, build, freeze


def test_team_report_in_the_browser(page, live_app, live_server, monkeypatch, screenshot):
    from tests.factories import Factory

    freeze(monkeypatch)
    with live_app.app_context():
        ds = build(Factory())
        nord = ds.teams["Nord"]
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, "sigrid@example.no")
    page.get_by_role("link", name="Rapporter").click()
    page.wait_for_url("**/reports/")
    page.goto(f"/reports/?team={nord}&from={FIRST}&to={LAST}")
    assert page.get_by_role("heading", name="Rapport for team Nord").is_visible()
    # The weekly chart is an inline SVG with an accessible name, and it has been drawn.
    chart = page.get_by_role("img", name="Personlige kontakter per jobbspesialist per uke")
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 150
    summary = page.locator("#table-summary")
    assert (
        summary.locator("tr", has_text="contacts_per_week").locator("td").nth(1).inner_text()
        == "2,6"
    )
    weekly = page.locator("#table-weekly")
    assert weekly.locator("tbody tr").count() == 3
    screenshot(page, "reports-team")
    weekly.get_by_role("link", name="2026-W53").click()
    page.wait_for_url("**/reports/contacts?**")
    assert page.locator("#table-contacts tbody tr").count() == 11
    page.goto(f"/reports/fidelity?team={nord}&quarter=2026-Q4")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert page.get_by_role("heading", name="Troskapsmåling 2026-Q4: Nord").is_visible()
    screenshot(page, "reports-fidelity-print")
    assert problems == []

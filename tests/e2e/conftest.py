"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded
browser) against the app served by a real HTTP server in a background thread.

Without Chromium the tests are skipped with a message, unless IPSCRM_REQUIRE_BROWSER=1
(set by .ci/run), which turns the skip into a failure."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from ipscrm import create_app
from tests.support import base_config, dispose

CHROMIUM = os.environ.get("IPSCRM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _chromium_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _chromium_missing()
    if missing:
        if os.environ.get("IPSCRM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests are required but cannot run: {missing}")
        pytest.skip(f"Browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(db_url: str, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(base_config(tmp_path, db_url) | {"TESTING": False})
    with application.app_context():
        from ipscrm.services.catalogue import seed_accommodation_types

        seed_accommodation_types()
    yield application
    dispose(application)


@pytest.fixture
def live_server(live_app) -> Iterator[str]:
    """The app on a real HTTP server; yields its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 375-px-wide phone screen."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def make_user(live_app):
    """Create a user in the live server's database."""
    from tests.factories import Factory

    def create(**kwargs):
        with live_app.app_context():
            user = Factory().user(**kwargs)
            return user.id, user.email

    return create


@pytest.fixture
def screenshot():
    """Save a screenshot under tests/e2e/screenshots/ for reviewers."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, email: str, password: str = "correct horse battery") -> None:
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/")

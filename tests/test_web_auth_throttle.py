"""Login throttling: failures slow down the next attempt, then block for a while; the
counters live in the database (every web process sees them) and hold no e-mail or IP."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import LoginThrottle
from ipscrm.services import login_throttle
from ipscrm.timeutil import now_utc

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = now_utc()

    def __call__(self):
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(login_throttle, "now_utc", clock)
    return clock


def _login(client, email="kari@nav.no", password="wrong password", ip="10.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_one_typo_costs_no_wait(client, factory, clock):
    factory.user(email="kari@nav.no", password=PASSWORD)
    assert "Feil e-post eller passord." in _login(client).get_data(as_text=True)
    assert _login(client, password=PASSWORD).status_code == 302


def test_attempt_right_after_two_failures_is_refused_with_the_wait(client, factory, clock):
    factory.user(email="kari@nav.no", password=PASSWORD)
    _login(client)
    assert "Feil e-post eller passord." in _login(client).get_data(as_text=True)
    response = _login(client, password=PASSWORD)  # even the right password must wait
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert "Vent 1 sekunder og prøv igjen." in response.get_data(as_text=True)
    assert 'value="kari@nav.no"' in response.get_data(as_text=True)
    clock.advance(seconds=1)
    assert _login(client, password=PASSWORD).status_code == 302


def test_delay_grows_with_each_failure(client, factory, clock):
    factory.user(email="kari@nav.no", password=PASSWORD)
    waits = []
    _login(client)
    for _ in range(3):
        _login(client)
        response = _login(client)
        waits.append(int(response.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
    assert waits == [1, 2, 4]


def test_blocked_after_max_failures_then_allowed_again(app, client, factory, clock):
    factory.user(email="kari@nav.no", password=PASSWORD)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        _login(client)
        clock.advance(seconds=60)
    page = _login(client).get_data(as_text=True)
    assert "Innlogging er sperret i 15 minutter." in page
    clock.advance(minutes=14)
    response = _login(client, password=PASSWORD)
    assert response.status_code == 429
    assert "Innlogging er sperret i 1 minutter." in response.get_data(as_text=True)
    clock.advance(minutes=1)
    assert _login(client, password=PASSWORD).status_code == 302


def test_block_settings(app, client, factory, clock):
    app.config.update(LOGIN_MAX_FAILURES=2, LOGIN_BLOCK_MINUTES=3)
    factory.user(email="kari@nav.no", password=PASSWORD)
    _login(client)
    clock.advance(seconds=5)
    assert "sperret i 3 minutter" in _login(client).get_data(as_text=True)


def test_success_clears_the_email_counter(client, factory, clock):
    factory.user(email="kari@nav.no", password=PASSWORD)
    for _ in range(3):
        _login(client)
        clock.advance(seconds=60)
    assert _login(client, password=PASSWORD).status_code == 302
    client.post("/logout")
    _login(client, ip="10.0.0.2")  # (the first IP's counter runs on by design)
    _login(client, ip="10.0.0.2")
    assert _login(client, ip="10.0.0.2").headers["Retry-After"] == "1"  # from the start


def test_another_email_is_not_slowed_by_one_users_failures(client, factory, clock):
    factory.user(email="kari@nav.no", password=PASSWORD)
    factory.user(email="ola@nav.no", password=PASSWORD)
    _login(client, ip="10.0.0.1")
    assert _login(client, email="ola@nav.no", password=PASSWORD, ip="10.0.0.2").status_code == 302


def test_many_failures_from_one_ip_block_that_ip_for_every_email(app, client, factory, clock):
    app.config.update(LOGIN_IP_MAX_FAILURES=4)
    factory.user(email="victim@nav.no", password=PASSWORD)
    for n in range(4):
        _login(client, email=f"guess{n}@nav.no", ip="10.9.9.9")
        clock.advance(seconds=60)
    blocked = _login(client, email="victim@nav.no", password=PASSWORD, ip="10.9.9.9")
    assert blocked.status_code == 429 and "sperret" in blocked.get_data(as_text=True)
    assert (
        _login(client, email="victim@nav.no", password=PASSWORD, ip="10.1.1.1").status_code == 302
    )


def test_counters_hold_no_email_or_ip(client, factory, reopen, clock):
    _login(client, email="secret.person@nav.no", ip="192.0.2.77")
    with reopen() as conn:
        rows = conn.execute(sa.text("SELECT * FROM login_throttle")).all()
    assert len(rows) == 2
    text = repr(rows)
    assert "secret.person" not in text and "192.0.2.77" not in text


def test_counters_are_shared_through_the_database(app, factory, clock):
    """A second app instance (another gunicorn worker) sees the first one's failures."""
    from ipscrm import create_app
    from tests.support import base_config, dispose

    with app.app_context():
        login_throttle.record_failure("kari@nav.no", "10.0.0.1")
        login_throttle.record_failure("kari@nav.no", "10.0.0.1")
    other = create_app(base_config(Path(app.instance_path), app.config["DATABASE_URL"]))
    try:
        with other.app_context():
            refusal = login_throttle.check("KARI@nav.no ", "10.0.0.9")
        assert refusal is not None and refusal.wait_seconds == 1 and not refusal.blocked
    finally:
        dispose(other)


def test_old_counters_are_forgotten(app_ctx, clock):
    login_throttle.record_failure("kari@nav.no", None)
    clock.advance(hours=2)
    login_throttle.record_failure("ola@nav.no", None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginThrottle)) == 1

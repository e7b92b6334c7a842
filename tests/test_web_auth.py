"""Access: every page needs a login, session cookie flags, changing one's own password,
and temporary passwords that must be replaced."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import g

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, Role, User
from ipscrm.services import users
from tests.people_support import field_errors, switch_user

PASSWORD = "correct horse battery"
NEW_PASSWORD = {
    "current_password": PASSWORD,
    "new_password": "a brand new secret",
    "confirm_password": "a brand new secret",
}


# The only pages a logged-out visitor may open (plus static files).
PUBLIC_ENDPOINTS = {"auth.login", "static"}


def _get_endpoints_without_arguments(app) -> list[str]:
    rules = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.arguments:
            continue
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.endswith(".static"):
            continue
        rules.append(rule.rule)
    return sorted(rules)


def test_every_page_but_login_redirects_to_login_when_logged_out(app, client):
    paths = _get_endpoints_without_arguments(app)
    assert "/jobseekers/" in paths and "/admin/users" in paths and "/account/password" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login"), path


def test_pages_with_ids_redirect_to_login_too(client, factory):
    specialist = factory.user()
    jobseeker = factory.jobseeker(specialist)
    for path in (
        f"/jobseekers/{jobseeker.id}",
        f"/jobseekers/{jobseeker.id}/edit",
        f"/jobseekers/{jobseeker.id}/job-starts/new",
        f"/admin/users/{specialist.id}",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    assert "JS-" not in client.get(f"/jobseekers/{jobseeker.id}").get_data(as_text=True)


def test_session_cookie_is_httponly_lax_and_secure_over_https(client, factory):
    factory.user(email="kari@nav.no", password=PASSWORD)
    plain = client.post("/login", data={"email": "kari@nav.no", "password": PASSWORD})
    cookie = plain.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    client.post("/logout")
    secure = client.post(
        "/login",
        data={"email": "kari@nav.no", "password": PASSWORD},
        base_url="https://localhost",
    )
    cookie = secure.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_secure_setting(app, client, factory):
    app.config["SESSION_COOKIE_SECURE"] = True
    factory.user(email="kari@nav.no", password=PASSWORD)
    response = client.post("/login", data={"email": "kari@nav.no", "password": PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]


def test_change_own_password(app, client, factory, login):
    user = factory.user(email="kari@nav.no", password=PASSWORD)
    login(user)
    page = client.get("/account/password").get_data(as_text=True)
    assert "Bytt passord" in page and "Nåværende passord" in page
    assert 'for="current_password"' in page and 'for="confirm_password"' in page
    response = client.post(
        "/account/password",
        data=NEW_PASSWORD,
    )
    assert response.status_code == 302
    client.post("/logout")
    assert users.authenticate("kari@nav.no", PASSWORD) is None
    assert users.authenticate("kari@nav.no", "a brand new secret") is not None
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "user", AuditEvent.action == "update")
    ).one()
    assert event.user_id == user.id and event.changes == {"password": ["***", "***"]}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "current_password": "wrong one!",
                "new_password": "x" * 12,
                "confirm_password": "x" * 12,
            },
            "current_password",
            "Det nåværende passordet er feil.",
        ),
        (
            {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
            "new_password",
            "Passordet må ha minst 10 tegn.",
        ),
        (
            {"current_password": PASSWORD, "new_password": "x" * 12, "confirm_password": "y" * 12},
            "confirm_password",
            "De to nye passordene er ikke like.",
        ),
        (
            {"current_password": PASSWORD, "new_password": PASSWORD, "confirm_password": PASSWORD},
            "new_password",
            "Det nye passordet må være forskjellig fra det nåværende.",
        ),
    ],
)
def test_change_password_errors_stay_at_the_field(client, factory, login, data, field, message):
    login(factory.user(email="kari@nav.no", password=PASSWORD))
    response = client.post("/account/password", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in field_errors(page, field)
    assert users.authenticate("kari@nav.no", PASSWORD) is not None  # unchanged


def test_minimum_length_is_a_setting(app, client, factory, login):
    app.config["PASSWORD_MIN_LENGTH"] = 20
    login(factory.user(password=PASSWORD))
    page = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "x" * 15, "confirm_password": "x" * 15},
    ).get_data(as_text=True)
    assert "minst 20 tegn" in page


def test_temporary_password_must_be_replaced_first(client, factory, login):
    admin = factory.user(role=Role.ADMIN)
    user = factory.user(email="ola@nav.no")
    users.reset_password(user.id, "temporary-123", admin.id)
    response = client.post("/login", data={"email": "ola@nav.no", "password": "temporary-123"})
    assert response.status_code == 302
    response = client.get("/jobseekers/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"
    assert "Velg ditt eget passord" in client.get("/account/password").get_data(as_text=True)
    client.post(
        "/account/password",
        data={
            "current_password": "temporary-123",
            "new_password": "my own secret!",
            "confirm_password": "my own secret!",
        },
    )
    assert client.get("/jobseekers/").status_code == 200
    assert db.session.get(User, user.id).must_change_password is False


def test_user_menu_links_to_change_password(client, factory, login):
    switch_user(login, factory.user())
    assert 'href="/account/password"' in client.get("/").get_data(as_text=True)


def _logged_in_client(app, email: str, password: str):
    """A client of its own (another browser or device) logged in through the form."""
    g.pop("_login_user", None)
    other = app.test_client()
    response = other.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    return other


def _still_logged_in(client) -> bool:
    # The requests share the test's app context: drop Flask-Login's cached user.
    g.pop("_login_user", None)
    return client.get("/account/password").status_code == 200


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app, factory):
    factory.user(email="kari@nav.no", password=PASSWORD)
    phone = _logged_in_client(app, "kari@nav.no", PASSWORD)
    laptop = _logged_in_client(app, "kari@nav.no", PASSWORD)
    assert _still_logged_in(phone) and _still_logged_in(laptop)
    response = laptop.post(
        "/account/password",
        data=NEW_PASSWORD,
    )
    assert response.status_code == 302
    assert _still_logged_in(laptop)
    assert not _still_logged_in(phone)
    g.pop("_login_user", None)
    assert phone.get("/account/password").headers["Location"].startswith("/login")


def test_a_password_reset_by_an_admin_or_the_cli_ends_the_users_sessions(app, factory, run_cli):
    user = factory.user(email="kari@nav.no", password=PASSWORD)
    phone = _logged_in_client(app, "kari@nav.no", PASSWORD)
    users.reset_password(user.id, "temporary secret", None)
    assert not _still_logged_in(phone)
    phone = _logged_in_client(app, "kari@nav.no", "temporary secret")
    users.set_password(user.id, "another secret!", None)
    assert not _still_logged_in(phone)


def test_a_session_without_the_password_key_is_refused(app, client, factory):
    user = factory.user(email="kari@nav.no", password=PASSWORD)
    for session_id in (str(user.id), f"{user.id}:", f"{user.id}:{'0' * 24}", "x:y", ""):
        with client.session_transaction() as session:
            session["_user_id"] = session_id
        assert not _still_logged_in(client), session_id

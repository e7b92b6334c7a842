"""What every page shares: login required, logging in and out, the language switch,
security headers and assets served by the app itself."""

import re

import pytest

from ipscrm.models import Role


def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_page_is_norwegian_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="nb"' in page
    assert "Logg inn" in page and "Passord" in page


def test_login_and_logout(client, factory):
    factory.user(email="kari@nav.no", password="riktig-passord")
    response = client.post("/login", data={"email": "Kari@nav.no ", "password": "riktig-passord"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert "Min uke" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_keeps_the_email_and_says_why(client, factory):
    factory.user(email="kari@nav.no", password="riktig-passord")
    page = client.post("/login", data={"email": "kari@nav.no", "password": "feil"}).get_data(
        as_text=True
    )
    assert "Feil e-post eller passord." in page
    assert 'value="kari@nav.no"' in page


def test_deactivated_user_cannot_log_in(client, factory, app_ctx):
    from ipscrm.services.users import set_active

    user = factory.user(email="kari@nav.no", password="riktig-passord")
    set_active(user.id, False)
    page = client.post("/login", data={"email": "kari@nav.no", "password": "riktig-passord"})
    assert page.status_code == 200


def test_next_only_goes_to_this_site(client, factory):
    factory.user(email="kari@nav.no", password="riktig-passord")
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": "kari@nav.no", "password": "riktig-passord"},
    )
    assert response.headers["Location"] == "/"


def test_language_switch(client, factory, login):
    login(factory.user(role=Role.SPECIALIST))
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "My week" in page
    client.post("/language", data={"lang": "nb", "next": "/"})
    assert "Min uke" in client.get("/").get_data(as_text=True)


def test_security_headers_and_no_cdn(client, factory, login):
    login(factory.user())
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert client.get("/static/vendor/bootstrap.min.css").status_code == 200
    assert client.get("/static/vendor/bootstrap.bundle.min.js").status_code == 200


def test_session_cookie_flags(client, factory):
    factory.user(email="kari@nav.no", password="riktig-passord")
    response = client.post("/login", data={"email": "kari@nav.no", "password": "riktig-passord"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_forms_need_a_csrf_token(csrf_app, factory):
    factory.user(email="kari@nav.no", password="riktig-passord")
    client = csrf_app.test_client()
    response = client.post("/login", data={"email": "kari@nav.no", "password": "riktig-passord"})
    assert response.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": "kari@nav.no", "password": "riktig-passord", "csrf_token": token}
    )
    assert response.status_code == 302


def test_nul_characters_are_refused_with_a_message_and_nothing_is_saved(client, login, factory):
    import sqlalchemy as sa

    from ipscrm.extensions import db
    from ipscrm.models import Employer

    login(factory.user())
    response = client.post("/employers/new", data={"name": "Null\x00byte AS"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Employer.id))) == 0
    # in a search or filter the NUL is simply dropped
    factory.employer(name="Lagerbygg AS")
    found = client.get("/employers/?q=Lager%00bygg")
    assert found.status_code == 200 and "Lagerbygg AS" in found.get_data(as_text=True)

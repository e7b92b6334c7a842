"""Admin pages: users, teams and the accommodation catalogue."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AccommodationType, AuditEvent, Role, Team, User
from ipscrm.services import users
from tests.people_support import field_errors, switch_user


@pytest.fixture
def admin(factory, login):
    user = factory.user(role=Role.ADMIN, name="Ada Admin", email="ada@nav.no")
    switch_user(login, user)
    return user


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_users_page_lists_users(client, admin, factory):
    team = factory.team("Nord")
    factory.user(name="Kari Nordmann", email="kari@nav.no", team=team)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Kari Nordmann" in page and "kari@nav.no" in page and "Nord" in page
    assert "Jobbspesialist" in page and "Administrator" in page


def test_create_user_with_a_temporary_password(client, admin, factory):
    team = factory.team("Nord")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert 'for="temporary_password"' in page and 'for="team_id"' in page
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Ola Nordmann",
            "email": "Ola@NAV.no",
            "role": "supervisor",
            "team_id": str(team.id),
            "temporary_password": "temporary-pass-1",
        },
    )
    assert response.status_code == 302
    ola = _user("ola@nav.no")
    assert ola.role == Role.SUPERVISOR and ola.team_id == team.id and ola.must_change_password
    assert users.authenticate("ola@nav.no", "temporary-pass-1") is not None
    event = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "user", AuditEvent.entity_id == ola.id
        )
    ).one()
    assert event.user_id == admin.id and "temporary-pass-1" not in repr(event.changes)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "not-an-address"),
        ({"email": "ada@nav.no"}, "email", "finnes allerede"),
        ({"temporary_password": "short"}, "temporary_password", "minst 10 tegn"),
        ({"name": ""}, "name", ""),
        ({"name": "x" * 200}, "name", ""),
    ],
)
def test_create_user_errors(client, admin, overrides, field, message):
    data = {
        "name": "<script>alert(1)</script>",
        "email": "ola@nav.no",
        "role": "specialist",
        "team_id": "0",
        "temporary_password": "temporary-pass-1",
    }
    data.update(overrides)
    response = client.post("/admin/users/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = field_errors(page, field)
    assert errors and message in errors
    assert "<script>alert(1)</script>" not in page
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_change_role_and_team(client, admin, factory):
    team = factory.team("Sør")
    kari = factory.user(name="Kari")
    response = client.post(
        f"/admin/users/{kari.id}",
        data={"name": "Kari N.", "role": "supervisor", "team_id": str(team.id)},
    )
    assert response.status_code == 302
    db.session.refresh(kari)
    assert (kari.name, kari.role, kari.team_id) == ("Kari N.", Role.SUPERVISOR, team.id)
    change = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_id == kari.id, AuditEvent.action == "update")
    ).one()
    assert change.changes["role"] == ["specialist", "supervisor"]


def test_admin_cannot_remove_own_admin_role(client, admin):
    page = client.post(
        f"/admin/users/{admin.id}", data={"name": "Ada", "role": "specialist", "team_id": "0"}
    ).get_data(as_text=True)
    assert "egen administratorrolle" in field_errors(page, "role")
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_deactivate_and_reactivate(client, admin, factory):
    kari = factory.user(name="Kari", email="kari@nav.no", password="kari-password")
    page = client.post(
        f"/admin/users/{kari.id}/active", data={"active": "0"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Kari er deaktivert" in page and "Aktiver igjen" in page
    assert users.authenticate("kari@nav.no", "kari-password") is None
    client.post(f"/admin/users/{kari.id}/active", data={"active": "1"})
    assert users.authenticate("kari@nav.no", "kari-password") is not None


def test_deactivated_user_is_logged_out_at_once(app, client, admin, factory, login):
    kari = factory.user(name="Kari")
    users.set_active(kari.id, False, admin.id)
    switch_user(login, kari)
    assert client.get("/jobseekers/").status_code == 302


def test_admin_cannot_deactivate_self(client, admin):
    page = client.post(
        f"/admin/users/{admin.id}/active", data={"active": "0"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Du kan ikke deaktivere din egen konto." in page
    db.session.refresh(admin)
    assert admin.active


def test_reset_password(client, admin, factory):
    kari = factory.user(name="Kari", email="kari@nav.no", password="kari-password")
    page = client.post(
        f"/admin/users/{kari.id}/password", data={"temporary_password": "abc"}
    ).get_data(as_text=True)
    assert "minst 10 tegn" in field_errors(page, "temporary_password")
    assert users.authenticate("kari@nav.no", "kari-password") is not None
    response = client.post(
        f"/admin/users/{kari.id}/password", data={"temporary_password": "new-temporary-1"}
    )
    assert response.status_code == 302
    db.session.refresh(kari)
    assert kari.must_change_password
    assert users.authenticate("kari@nav.no", "new-temporary-1") is not None


def test_user_page_of_a_missing_user_is_404(client, admin):
    assert client.get("/admin/users/9999").status_code == 404
    assert client.post("/admin/users/9999/active", data={"active": "0"}).status_code == 404


def test_teams_create_rename_and_members(client, admin, factory):
    response = client.post("/admin/teams", data={"name": "Team Øst"})
    assert response.status_code == 302
    team = db.session.scalar(sa.select(Team).where(Team.name == "Team Øst"))
    factory.user(name="Mona", team=team)
    page = client.get("/admin/teams").get_data(as_text=True)
    assert "Team Øst" in page and "Medlemmer: 1" in page
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert "Mona" in page
    page = client.post("/admin/teams", data={"name": "Team Øst"}).get_data(as_text=True)
    assert "finnes allerede" in field_errors(page, "name")
    client.post(f"/admin/teams/{team.id}", data={"name": "Team Østlandet"})
    db.session.refresh(team)
    assert team.name == "Team Østlandet"
    page = client.post(f"/admin/teams/{team.id}", data={"name": ""}).get_data(as_text=True)
    assert field_errors(page, "name")


def test_catalogue_lists_seeded_codes_and_adds_a_type(client, admin):
    page = client.get("/admin/catalogue").get_data(as_text=True)
    assert "flexible_hours" in page and "fleksibel arbeidstid" in page and "flexible hours" in page
    response = client.post(
        "/admin/catalogue",
        data={"code": "night_ok", "name_nb": "nattarbeid mulig", "name_en": "night work possible"},
    )
    assert response.status_code == 302
    item = db.session.scalar(
        sa.select(AccommodationType).where(AccommodationType.code == "night_ok")
    )
    assert item.active and not item.builtin
    page = client.post(
        "/admin/catalogue",
        data={"code": "flexible_hours", "name_nb": "x", "name_en": "y"},
    ).get_data(as_text=True)
    assert "flexible_hours" in field_errors(page, "code")
    page = client.post(
        "/admin/catalogue", data={"code": "Bad Code!", "name_nb": "x", "name_en": "y"}
    ).get_data(as_text=True)
    assert field_errors(page, "code") and 'value="Bad Code!"' in page


def test_catalogue_rename_and_deactivate_keeps_the_code(client, admin, factory, login):
    item = db.session.scalar(
        sa.select(AccommodationType).where(AccommodationType.code == "quiet_workspace")
    )
    response = client.post(
        f"/admin/catalogue/{item.id}",
        data={"name_nb": "stille arbeidsplass", "name_en": "quiet workplace"},
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.code, item.name_nb, item.active) == (
        "quiet_workspace",
        "stille arbeidsplass",
        False,
    )
    # a type out of use is no longer offered in the jobseeker form
    kari = factory.user()
    switch_user(login, kari)
    page = client.get("/jobseekers/new").get_data(as_text=True)
    assert "stille arbeidsplass" not in page and "fleksibel arbeidstid" in page

"""Roles: a specialist sees only their own jobseekers, a supervisor the whole team's, an
admin manages users, teams and the catalogue. Outside one's rights: 403, never the data."""

from __future__ import annotations

import pytest

from ipscrm.models import Role
from ipscrm.services import access
from tests.people_support import switch_user


@pytest.fixture
def people(factory):
    north, south = factory.team("Nord"), factory.team("Sør")
    people = {
        "kari": factory.user(team=north, name="Kari"),
        "per": factory.user(team=north, name="Per"),
        "siv": factory.user(team=south, name="Siv"),
        "sup_north": factory.user(role=Role.SUPERVISOR, team=north, name="Nora"),
        "admin": factory.user(role=Role.ADMIN, name="Ada"),
    }
    people["js_kari"] = factory.jobseeker(people["kari"], reference="KARI-1")
    people["js_per"] = factory.jobseeker(people["per"], reference="PER-1")
    people["js_siv"] = factory.jobseeker(people["siv"], reference="SIV-1")
    return people


def test_specialist_sees_only_own_jobseekers(client, login, people):
    switch_user(login, people["kari"])
    listing = client.get("/jobseekers/").get_data(as_text=True)
    assert "KARI-1" in listing and "PER-1" not in listing and "SIV-1" not in listing
    assert client.get(f"/jobseekers/{people['js_kari'].id}").status_code == 200
    for other in ("js_per", "js_siv"):
        jobseeker_id = people[other].id
        for path in (
            f"/jobseekers/{jobseeker_id}",
            f"/jobseekers/{jobseeker_id}/edit",
            f"/jobseekers/{jobseeker_id}/job-starts/new",
        ):
            response = client.get(path)
            assert response.status_code == 403, path
            assert people[other].reference not in response.get_data(as_text=True)
        response = client.post(
            f"/jobseekers/{jobseeker_id}/edit",
            data={"reference": "STOLEN-1", "program_entry_date": "2026-01-01"},
        )
        assert response.status_code == 403


def test_specialist_cannot_filter_by_another_specialist(client, login, people):
    switch_user(login, people["kari"])
    response = client.get(f"/jobseekers/?specialist={people['per'].id}")
    assert response.status_code == 403 and "PER-1" not in response.get_data(as_text=True)


def test_supervisor_sees_the_whole_team_but_not_other_teams(client, login, people):
    switch_user(login, people["sup_north"])
    listing = client.get("/jobseekers/").get_data(as_text=True)
    assert "KARI-1" in listing and "PER-1" in listing and "SIV-1" not in listing
    assert client.get(f"/jobseekers/{people['js_per'].id}").status_code == 200
    assert client.get(f"/jobseekers/{people['js_siv'].id}").status_code == 403
    assert client.get(f"/jobseekers/?specialist={people['siv'].id}").status_code == 403
    filtered = client.get(f"/jobseekers/?specialist={people['per'].id}").get_data(as_text=True)
    assert "PER-1" in filtered and "KARI-1" not in filtered


def test_admin_sees_every_jobseeker(client, login, people):
    switch_user(login, people["admin"])
    listing = client.get("/jobseekers/").get_data(as_text=True)
    assert all(ref in listing for ref in ("KARI-1", "PER-1", "SIV-1"))


@pytest.mark.parametrize("who", ["kari", "sup_north"])
def test_only_admins_open_the_admin_pages(client, login, people, who):
    switch_user(login, people[who])
    for path in (
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{people['per'].id}",
        "/admin/teams",
        "/admin/catalogue",
        "/admin/catalogue/1",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "per@" not in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{people['per'].id}/active", data={"active": "0"})
    assert response.status_code == 403
    assert people["per"].active
    assert "Administrasjon" not in client.get("/jobseekers/").get_data(as_text=True)


def test_admin_menu_shown_to_admins(client, login, people):
    switch_user(login, people["admin"])
    assert "Administrasjon" in client.get("/jobseekers/").get_data(as_text=True)


def test_missing_jobseeker_is_404(client, login, people):
    switch_user(login, people["kari"])
    assert client.get("/jobseekers/999999").status_code == 404


def test_assignable_specialists(people, app_ctx):
    assert access.assignable_specialists(people["kari"]) == [people["kari"]]
    names = [u.name for u in access.assignable_specialists(people["sup_north"])]
    assert names == ["Kari", "Nora", "Per"]
    assert len(access.assignable_specialists(people["admin"])) == 5

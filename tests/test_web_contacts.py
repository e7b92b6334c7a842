"""Logging a contact: choose the employer, one form with defaults, field messages for bad
input, jobseekers limited to those the user may see; contact people and accommodations on
the employer page; CSRF."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import (
    AccommodationStatus,
    AuditEvent,
    ContactMode,
    ContactPerson,
    EmployerAccommodation,
    EmployerContact,
)
from ipscrm.timeutil import local_now, today
from tests.test_web_employers import _page, switch_user


def _contacts() -> list[EmployerContact]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(EmployerContact).order_by(EmployerContact.id)))


def _when(days_ago: int = 0) -> str:
    return (local_now() - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M")


def test_choose_employer_then_form_with_defaults(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    employer = factory.employer(name="Snekkeriet AS", business_place="Hamar")
    page = _page(client.get("/contacts/new"))
    assert "Hvilken arbeidsgiver snakket du med?" in page
    page = _page(client.get("/contacts/new?q=snekker"))
    assert f"/contacts/new?employer_id={employer.id}" in page and "Hamar" in page
    assert "Ingen arbeidsgiver passer" in _page(client.get("/contacts/new?q=zzz"))
    page = _page(client.get(f"/contacts/new?employer_id={employer.id}"))
    assert "Registrer kontakt" in page and "Snekkeriet AS" in page
    assert re.search(r'<input checked [^>]*value="in_person">', page)
    assert f'value="{local_now():%Y-%m-%dT}' in page  # now, by default


def test_log_a_face_to_face_contact_with_follow_up(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    employer = factory.employer()
    due = today() + timedelta(days=7)
    response = client.post(
        f"/contacts/new?employer_id={employer.id}",
        data={
            "occurred_at": _when(),
            "mode": "in_person",
            "purpose": "introduction",
            "contact_person_id": "None",
            "jobseeker_id": "None",
            "outcome": "Hyggelig møte",
            "next_step": "Sende takkebrev",
            "follow_up_due": due.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/employers/{employer.id}#timeline")
    [contact] = _contacts()
    assert contact.specialist_id == user.id and contact.face_to_face
    assert contact.mode == ContactMode.IN_PERSON
    assert contact.follow_up_due == due and contact.outcome == "Hyggelig møte"
    assert db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.entity_type == "contact")
    )
    page = _page(client.get(response.headers["Location"]))
    assert "Kontakten ble registrert." in page and "Hyggelig møte" in page


def test_phone_contact_is_not_face_to_face(client, factory, login, app_ctx):
    login(factory.user())
    employer = factory.employer()
    client.post(
        f"/contacts/new?employer_id={employer.id}",
        data={"occurred_at": _when(), "mode": "phone", "purpose": "follow_up",
              "contact_person_id": "None", "jobseeker_id": "None"},
    )  # fmt: skip
    [contact] = _contacts()
    assert contact.mode == ContactMode.PHONE and not contact.face_to_face


def test_past_follow_up_date_and_future_contact_are_refused(client, factory, login, app_ctx):
    login(factory.user())
    employer = factory.employer()
    yesterday = today() - timedelta(days=1)
    page = _page(
        client.post(
            f"/contacts/new?employer_id={employer.id}",
            data={
                "occurred_at": _when(),
                "mode": "in_person",
                "purpose": "introduction",
                "contact_person_id": "None",
                "jobseeker_id": "None",
                "outcome": "Beholdes",
                "follow_up_due": yesterday.isoformat(),
            },
        )  # fmt: skip
    )
    assert "Datoen for oppfølging kan ikke være tilbake i tid." in page or "tilbake i tid" in page
    assert 'id="follow_up_due-errors"' in page
    assert "Beholdes" in page and f'value="{yesterday.isoformat()}"' in page
    future = (local_now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page = _page(
        client.post(
            f"/contacts/new?employer_id={employer.id}",
            data={
                "occurred_at": future,
                "mode": "in_person",
                "purpose": "introduction",
                "contact_person_id": "None",
                "jobseeker_id": "None",
            },
        )  # fmt: skip
    )
    assert 'id="occurred_at-errors"' in page
    long_text = "y" * 10_001
    page = _page(
        client.post(
            f"/contacts/new?employer_id={employer.id}",
            data={
                "occurred_at": _when(),
                "mode": "in_person",
                "purpose": "introduction",
                "contact_person_id": "None",
                "jobseeker_id": "None",
                "outcome": long_text,
            },
        )  # fmt: skip
    )
    assert 'id="outcome-errors"' in page and long_text in page
    assert _contacts() == []


def test_jobseeker_choice_is_limited_to_own(client, factory, login, app_ctx):
    me = factory.user()
    other = factory.user()
    mine = factory.jobseeker(me, reference="JS-EGEN")
    theirs = factory.jobseeker(other, reference="JS-ANDRES")
    employer = factory.employer()
    login(me)
    page = _page(client.get(f"/contacts/new?employer_id={employer.id}"))
    assert "JS-EGEN" in page and "JS-ANDRES" not in page
    # preselected when given
    page = _page(client.get(f"/contacts/new?employer_id={employer.id}&jobseeker_id={mine.id}"))
    assert f'selected value="{mine.id}"' in page or f'value="{mine.id}" selected' in page
    # someone else's jobseeker: 403, and posting their id is refused
    assert client.get(f"/contacts/new?jobseeker_id={theirs.id}").status_code == 403
    assert client.get("/contacts/new?jobseeker_id=999999").status_code == 404
    page = _page(
        client.post(
            f"/contacts/new?employer_id={employer.id}",
            data={
                "occurred_at": _when(),
                "mode": "in_person",
                "purpose": "with_jobseeker",
                "contact_person_id": "None",
                "jobseeker_id": str(theirs.id),
            },
        )  # fmt: skip
    )
    assert 'id="jobseeker_id-errors"' in page
    assert _contacts() == []
    client.post(
        f"/contacts/new?employer_id={employer.id}",
        data={"occurred_at": _when(), "mode": "in_person", "purpose": "with_jobseeker",
              "contact_person_id": "None", "jobseeker_id": str(mine.id)},
    )  # fmt: skip
    assert [c.jobseeker_id for c in _contacts()] == [mine.id]


def test_contact_person_must_belong_to_the_employer(client, factory, login, app_ctx):
    from ipscrm.services.contact_people import add_person

    login(factory.user())
    employer = factory.employer()
    elsewhere = factory.employer()
    stranger = add_person(elsewhere.id, {"name": "Fremmed"}, None)
    page = _page(client.get(f"/contacts/new?employer_id={employer.id}"))
    assert "Fremmed" not in page
    page = _page(
        client.post(
            f"/contacts/new?employer_id={employer.id}",
            data={
                "occurred_at": _when(),
                "mode": "in_person",
                "purpose": "introduction",
                "contact_person_id": str(stranger.id),
                "jobseeker_id": "None",
            },
        )  # fmt: skip
    )
    assert 'id="contact_person_id-errors"' in page
    assert _contacts() == []


def test_archived_employer_refuses_contacts(client, factory, login, app_ctx):
    from ipscrm.services.employers import set_archived

    login(factory.user())
    employer = factory.employer()
    set_archived(employer.id, True, None)
    page = _page(
        client.post(
            f"/contacts/new?employer_id={employer.id}",
            data={
                "occurred_at": _when(),
                "mode": "in_person",
                "purpose": "introduction",
                "contact_person_id": "None",
                "jobseeker_id": "None",
            },
        )  # fmt: skip
    )
    assert "arkivert" in page
    assert _contacts() == []
    assert client.get("/contacts/new?employer_id=999999").status_code == 404
    assert client.get("/contacts/new?employer_id=abc").status_code == 404


def test_contact_logged_event_after_commit(client, factory, login, app, app_ctx):
    seen = []

    class Spy:
        from ipscrm.hookspecs import hookimpl

        @hookimpl
        def ipscrm_contact_logged(self, contact_id, employer_id, user_id):
            seen.append((employer_id, user_id))

        @hookimpl
        def ipscrm_employer_saved(self, employer_id, created, user_id):
            seen.append(("saved", employer_id, created))

    app.extensions["ipscrm_plugins"].register(Spy())
    user = factory.user()
    login(user)
    employer = factory.employer()
    client.post(
        f"/contacts/new?employer_id={employer.id}",
        data={"occurred_at": _when(), "mode": "in_person", "purpose": "introduction",
              "contact_person_id": "None", "jobseeker_id": "None"},
    )  # fmt: skip
    assert (employer.id, user.id) in seen
    client.post(
        f"/employers/{employer.id}/people/new", data={"name": "Per", "preferred_channel": ""}
    )
    assert ("saved", employer.id, False) in seen


def test_contact_people_add_edit_remove(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    employer = factory.employer()
    page = _page(client.get(f"/employers/{employer.id}/people/new"))
    assert "Ny kontaktperson" in page
    page = _page(
        client.post(
            f"/employers/{employer.id}/people/new",
            data={"name": "Kari Sjef", "email": "ikke-epost", "preferred_channel": ""},
        )
    )
    assert 'id="email-errors"' in page and 'value="Kari Sjef"' in page
    response = client.post(
        f"/employers/{employer.id}/people/new",
        data={"name": "Kari Sjef", "role": "HR", "email": "kari@firma.no",
              "preferred_channel": "phone"},
    )  # fmt: skip
    assert response.status_code == 302
    person = db.session.scalar(sa.select(ContactPerson))
    assert person.email == "kari@firma.no" and person.preferred_channel.value == "phone"
    page = _page(client.get(f"/employers/{employer.id}"))
    assert "Kari Sjef" in page and "HR" in page
    response = client.post(
        f"/employers/people/{person.id}/edit",
        data={"name": "Kari Sjef-Hansen", "role": "HR-leder", "preferred_channel": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ContactPerson, person.id).name == "Kari Sjef-Hansen"
    assert "Fjerne Kari Sjef-Hansen" in _page(client.get(f"/employers/people/{person.id}/delete"))
    assert client.post(f"/employers/people/{person.id}/delete").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(ContactPerson.id))) == 0
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "contact_person")
    ).all()
    assert sorted(actions) == ["create", "delete", "update"]
    assert client.get("/employers/people/999999/edit").status_code == 404


def test_accommodations_add_edit_remove(client, factory, login, app_ctx):
    from ipscrm.services.catalogue import types_by_code

    login(factory.user())
    employer = factory.employer()
    mentor = types_by_code()["mentor"]
    page = _page(client.get(f"/employers/{employer.id}/accommodations/new"))
    assert "fadder/mentor" in page
    future = (today() + timedelta(days=3)).isoformat()
    page = _page(
        client.post(
            f"/employers/{employer.id}/accommodations/new",
            data={
                "type_id": str(mentor.id),
                "status": "offered",
                "recorded_on": future,
                "note": "Beholdes",
            },
        )  # fmt: skip
    )
    assert 'id="recorded_on-errors"' in page and "Beholdes" in page
    response = client.post(
        f"/employers/{employer.id}/accommodations/new",
        data={"type_id": str(mentor.id), "status": "offered", "recorded_on": today().isoformat()},
    )
    assert response.status_code == 302
    page = _page(
        client.post(
            f"/employers/{employer.id}/accommodations/new",
            data={"type_id": str(mentor.id), "status": "used", "recorded_on": today().isoformat()},
        )  # fmt: skip
    )
    assert "allerede registrert" in page
    item = db.session.scalar(sa.select(EmployerAccommodation))
    response = client.post(
        f"/employers/accommodations/{item.id}/edit",
        data={"status": "used", "recorded_on": today().isoformat(), "note": "Brukt for JS"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(EmployerAccommodation, item.id)
    assert item.status == AccommodationStatus.USED and item.note == "Brukt for JS"
    page = _page(client.get(f"/employers/{employer.id}"))
    assert "Brukt" in page
    assert client.post(f"/employers/accommodations/{item.id}/delete").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(EmployerAccommodation.id))) == 0


def test_post_without_csrf_token_is_refused(app, factory, login, client, app_ctx):
    app.config["WTF_CSRF_ENABLED"] = True
    login(factory.user())
    employer = factory.employer(name="Uendret AS")
    for url, data in (
        ("/employers/new", {"name": "Uten token AS", "stage": "identified", "owner_id": "None"}),
        (f"/employers/{employer.id}/archive", {}),
        (f"/contacts/new?employer_id={employer.id}", {"occurred_at": _when(),
            "mode": "in_person", "purpose": "introduction"}),
    ):  # fmt: skip
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "Skjemaet er utløpt" in response.get_data(as_text=True)
    db.session.expire_all()
    from ipscrm.models import Employer

    assert db.session.scalar(sa.select(sa.func.count(Employer.id))) == 1
    assert _contacts() == []
    # with the token from the page, the form works
    page = _page(client.get("/employers/new"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/employers/new",
        data={"csrf_token": token, "name": "Med token AS", "stage": "identified",
              "owner_id": "None"},
    )  # fmt: skip
    assert response.status_code == 302


def test_switch_user_helper_is_used_by_role_tests(factory, login):
    switch_user(login, factory.user())

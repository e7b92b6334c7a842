"""Two people editing the same employer or jobseeker: changes to different fields are both
kept, the same field changed two ways is shown to the second one before anything is
saved, and saving again then keeps their value."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import g

from ipscrm.extensions import db
from ipscrm.models import Employer, Jobseeker
from ipscrm.services import edit_conflicts, jobseekers
from ipscrm.services import employers as employer_service
from ipscrm.services.edit_conflicts import EditConflict, FormVersion


@pytest.fixture
def two(factory):
    kari = factory.user(name="Kari Nordmann")
    ola = factory.user(name="Ola Hansen")
    employer = factory.employer(
        name="Bakeriet AS", phone="22 00 00 00", tags=["bakeri"], job_types=["baker"]
    )
    return kari, ola, employer


def form_data(employer: Employer, **changes) -> dict:
    """What an employer form opened now would send, with ``changes``."""
    data = {
        "name": employer.name,
        "organisation_number": employer.organisation_number,
        "phone": employer.phone,
        "notes": employer.notes,
        "stage": employer.stage.value,
        "job_types": list(employer.job_types or []),
    }
    data.update(changes)
    return data


def reload(employer_id: int) -> Employer:
    db.session.expire_all()
    return db.session.get(Employer, employer_id)


def test_changes_to_different_fields_are_both_kept(two):
    kari, ola, employer = two
    seen = edit_conflicts.latest_change("employer", employer.id)
    ola_form = form_data(employer, name="Bakeriet Tøyen AS")
    ola_tags = ["bakeri"]
    employer_service.update_employer(
        employer.id, form_data(employer, phone="99 99 99 99"), kari.id, tags=["bakeri", "ips"]
    )
    employer_service.update_employer(
        employer.id, ola_form, ola.id, ola_tags, version=FormVersion(seen)
    )
    saved = reload(employer.id)
    assert saved.name == "Bakeriet Tøyen AS"  # Ola's change
    assert saved.phone == "99 99 99 99"  # Kari's, not put back by Ola's older form
    assert saved.tags == ["bakeri", "ips"]


def test_the_same_field_changed_two_ways_saves_nothing_and_names_who(two):
    kari, ola, employer = two
    seen = edit_conflicts.latest_change("employer", employer.id)
    ola_form = form_data(employer, name="Bakeriet Tøyen AS", notes="Ringer tilbake i mai.")
    employer_service.update_employer(
        employer.id, form_data(employer, name="Tøyen Bakeri AS"), kari.id
    )
    with pytest.raises(EditConflict) as raised:
        employer_service.update_employer(employer.id, ola_form, ola.id, version=FormVersion(seen))
    [change] = raised.value.changes
    assert (change.field, change.before, change.after) == ("name", "Bakeriet AS", "Tøyen Bakeri AS")
    assert change.user_name == "Kari Nordmann"
    saved = reload(employer.id)
    assert saved.name == "Tøyen Bakeri AS" and saved.notes is None  # nothing of Ola's yet
    # Saving again from the form that has now shown Kari's change keeps Ola's values.
    shown = FormVersion(seen, frozenset({"name"}), raised.value.latest)
    employer_service.update_employer(employer.id, ola_form, ola.id, version=shown)
    saved = reload(employer.id)
    assert saved.name == "Bakeriet Tøyen AS" and saved.notes == "Ringer tilbake i mai."


def test_a_change_made_after_the_conflict_was_shown_is_shown_too(two):
    kari, ola, employer = two
    seen = edit_conflicts.latest_change("employer", employer.id)
    ola_form = form_data(employer, name="Bakeriet Tøyen AS")
    employer_service.update_employer(employer.id, form_data(employer, name="A AS"), kari.id)
    with pytest.raises(EditConflict) as first:
        employer_service.update_employer(employer.id, ola_form, ola.id, version=FormVersion(seen))
    shown = FormVersion(seen, frozenset({"name"}), first.value.latest)
    employer_service.update_employer(employer.id, form_data(employer, name="B AS"), kari.id)
    with pytest.raises(EditConflict) as second:
        employer_service.update_employer(employer.id, ola_form, ola.id, version=shown)
    assert second.value.changes[0].after == "B AS"
    assert reload(employer.id).name == "B AS"


def test_the_same_change_twice_is_no_conflict(two):
    kari, ola, employer = two
    seen = edit_conflicts.latest_change("employer", employer.id)
    employer_service.update_employer(employer.id, form_data(employer, phone="41 41 41 41"), kari.id)
    employer_service.update_employer(
        employer.id, form_data(employer, phone="41 41 41 41", name="Nytt AS"), ola.id,
        version=FormVersion(seen),
    )  # fmt: skip
    saved = reload(employer.id)
    assert saved.phone == "41 41 41 41" and saved.name == "Nytt AS"


def test_tags_changed_two_ways_are_a_conflict(two):
    kari, ola, employer = two
    seen = edit_conflicts.latest_change("employer", employer.id)
    employer_service.update_employer(employer.id, form_data(employer), kari.id, tags=["kafé"])
    with pytest.raises(EditConflict) as raised:
        employer_service.update_employer(
            employer.id, form_data(employer), ola.id, tags=["brød"], version=FormVersion(seen)
        )
    assert [c.field for c in raised.value.changes] == ["tags"]
    assert reload(employer.id).tags == ["kafé"]


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)


def _seen_in(page: str) -> str:
    return hidden(page, "seen_change")


def version_in(page: str) -> dict[str, str]:
    """The hidden fields with which a form tells what it has seen of its record."""
    return {name: hidden(page, name) for name in ("seen_change", "shown_changes")}


def test_the_form_shows_the_crossing_change_and_keeps_the_input(client, login, two):
    kari, ola, employer = two
    login(ola)
    page = client.get(f"/employers/{employer.id}/edit").get_data(as_text=True)
    seen = _seen_in(page)
    employer_service.update_employer(
        employer.id,
        form_data(employer, name="Tøyen Bakeri AS", stage="introduced", notes="Per er sjef."),
        kari.id,
    )
    ola_post = {
        "name": "Bakeriet Tøyen AS",
        "organisation_number": employer.organisation_number,
        "phone": "22 00 00 00",
        "stage": "active_relationship",
        "owner_id": "None",
        "tags": "bakeri",
        "job_types": "baker",
        "seen_change": seen,
    }
    g.pop("_login_user", None)
    response = client.post(f"/employers/{employer.id}/edit", data=ola_post)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Noen andre lagret mens du redigerte" in page
    assert 'value="Bakeriet Tøyen AS"' in page  # Ola's input is still there
    name_errors = re.search(r'id="name-errors".*?</div>\s*</div>', page, re.S).group(0)
    assert "Endret av Kari Nordmann" in name_errors and "Tøyen Bakeri AS" in name_errors
    stage_errors = re.search(r'id="stage-errors".*?</div>\s*</div>', page, re.S).group(0)
    assert "Endret av Kari Nordmann" in stage_errors and "Introdusert" in stage_errors
    assert reload(employer.id).name == "Tøyen Bakeri AS"
    assert hidden(page, "seen_change") == seen  # still the version it was opened at
    # Save again: the form has shown Kari's changes, so Ola's values are kept, and so are
    # Kari's notes, which Ola's form still has empty.
    g.pop("_login_user", None)
    response = client.post(f"/employers/{employer.id}/edit", data={**ola_post, **version_in(page)})
    assert response.status_code == 302
    saved = reload(employer.id)
    assert saved.name == "Bakeriet Tøyen AS" and saved.stage.value == "active_relationship"
    assert saved.notes == "Per er sjef."


@pytest.mark.parametrize("seen_change", ["", "abc", "-1", "9" * 40])
def test_a_missing_or_odd_form_version_saves_without_checking(client, login, two, seen_change):
    _kari, ola, employer = two
    login(ola)
    response = client.post(
        f"/employers/{employer.id}/edit",
        data={"name": "Annet Navn AS", "organisation_number": employer.organisation_number,
              "stage": "identified", "owner_id": "None", "seen_change": seen_change},
    )  # fmt: skip
    assert response.status_code == 302
    assert reload(employer.id).name == "Annet Navn AS"


def jobseeker_form(specialist_id: int, **changes) -> dict:
    data = {
        "reference": "NORD-17",
        "program_entry_date": "2026-11-02",
        "specialist_id": str(specialist_id),
        "status": "searching",
        "pref_job_types": "lager",
        "pref_municipalities": "0301",
        "pref_shifts": ["day"],
        "interests": "Planter og dyr",
        "strengths": "Nøyaktig",
        "disclosure": "limited",
    }
    data.update(changes)
    return data


def test_a_jobseeker_field_changed_meanwhile_is_shown_without_its_values(client, login, factory):
    team = factory.team("Nord")
    kari = factory.user(name="Kari Nordmann", team=team)
    supervisor = factory.user(name="Siri Veileder", team=team, role="supervisor")
    login(kari)
    assert client.post("/jobseekers/new", data=jobseeker_form(kari.id)).status_code == 302
    jobseeker = db.session.scalars(sa.select(Jobseeker)).one()
    page = client.get(f"/jobseekers/{jobseeker.id}/edit").get_data(as_text=True)
    seen = _seen_in(page)
    jobseekers.update_jobseeker(
        supervisor, jobseeker.id, {"interests": "Biler og motorer", "status": "paused"}
    )
    # Kari changes her strengths; her form still has the old interests, and the status
    # the supervisor also chose.
    mine = jobseeker_form(kari.id, strengths="Punktlig", status="paused", seen_change=seen)
    g.pop("_login_user", None)
    page = client.post(f"/jobseekers/{jobseeker.id}/edit", data=mine).get_data(as_text=True)
    assert "Noen andre lagret mens du redigerte" in page
    interests = re.search(r'id="interests-errors".*?</div>\s*</div>', page, re.S).group(0)
    assert "Endret av Siri Veileder" in interests
    assert "Biler og motorer" in interests  # shown from the record, which Kari may see
    assert 'id="status-errors"' not in page
    saved = reload_jobseeker(jobseeker.id)
    assert saved.strengths == "Nøyaktig" and saved.interests == "Biler og motorer"
    g.pop("_login_user", None)
    again = {**mine, **version_in(page)}
    assert client.post(f"/jobseekers/{jobseeker.id}/edit", data=again).status_code == 302
    saved = reload_jobseeker(jobseeker.id)
    assert saved.strengths == "Punktlig" and saved.interests == "Planter og dyr"


def reload_jobseeker(jobseeker_id: int) -> Jobseeker:
    db.session.expire_all()
    return db.session.get(Jobseeker, jobseeker_id)


def test_contact_people_and_accommodations_keep_both_edits_too(client, login, two):
    from ipscrm.models import AccommodationStatus, AccommodationType, ContactPerson
    from ipscrm.services import accommodations, contact_people

    kari, ola, employer = two
    person = contact_people.add_person(
        employer.id, {"name": "Per Hansen", "role": "daglig leder"}, kari.id
    )
    login(ola)
    page = client.get(f"/employers/people/{person.id}/edit").get_data(as_text=True)
    contact_people.update_person(
        person.id, {"name": "Per Hansen", "role": "daglig leder", "phone": "41 00 00 00"}, kari.id
    )
    ola_post = {
        "name": "Per Hansen",
        "role": "butikksjef",  # Ola's change
        "phone": "",  # as his form was opened
        "preferred_channel": "",
        **version_in(page),
    }
    g.pop("_login_user", None)
    assert client.post(f"/employers/people/{person.id}/edit", data=ola_post).status_code == 302
    db.session.expire_all()
    saved = db.session.get(ContactPerson, person.id)
    assert (saved.role, saved.phone) == ("butikksjef", "41 00 00 00")  # both kept
    # The same field two ways: shown at the form, nothing saved until saved again.
    page = client.get(f"/employers/people/{person.id}/edit").get_data(as_text=True)
    contact_people.update_person(
        person.id, {"name": "Per Hansen", "role": "eier", "phone": "41 00 00 00"}, kari.id
    )
    ola_post = {**ola_post, "role": "HR-ansvarlig", "phone": "41 00 00 00", **version_in(page)}
    g.pop("_login_user", None)
    page = client.post(f"/employers/people/{person.id}/edit", data=ola_post).get_data(as_text=True)
    assert "Noen andre lagret mens du redigerte" in page and "eier" in page
    db.session.expire_all()
    assert db.session.get(ContactPerson, person.id).role == "eier"
    g.pop("_login_user", None)
    again = {**ola_post, **version_in(page)}
    assert client.post(f"/employers/people/{person.id}/edit", data=again).status_code == 302
    db.session.expire_all()
    assert db.session.get(ContactPerson, person.id).role == "HR-ansvarlig"

    mentor = db.session.scalar(
        sa.select(AccommodationType).where(AccommodationType.code == "mentor")
    )
    item = accommodations.add_accommodation(
        employer.id, mentor.id, "offered", None, "Kan tilby fadder", kari.id
    )
    seen = edit_conflicts.latest_change("employer_accommodation", item.id)
    accommodations.update_accommodation(
        item.id, "confirmed", item.recorded_on, "Kan tilby fadder", kari.id
    )
    with pytest.raises(EditConflict) as raised:
        accommodations.update_accommodation(
            item.id, "used", item.recorded_on, "Kan tilby fadder", ola.id, FormVersion(seen)
        )
    assert [c.field for c in raised.value.changes] == ["status"]
    accommodations.update_accommodation(
        item.id, "offered", item.recorded_on, "Fadder de første ukene", ola.id, FormVersion(seen)
    )  # the status untouched: Kari's confirmation stays
    db.session.expire_all()
    saved = accommodations.get_accommodation(item.id)
    assert saved.status == AccommodationStatus.CONFIRMED and saved.note == "Fadder de første ukene"


@pytest.mark.parametrize(
    "shown", ["", "abc", "x:y", "12", ":name", "9" * 40 + ":name", "<script>alert(1)</script>"]
)
def test_an_odd_shown_changes_value_still_checks_from_the_opened_version(client, login, two, shown):
    kari, ola, employer = two
    login(ola)
    page = client.get(f"/employers/{employer.id}/edit").get_data(as_text=True)
    employer_service.update_employer(employer.id, form_data(employer, name="Kari AS"), kari.id)
    g.pop("_login_user", None)
    response = client.post(
        f"/employers/{employer.id}/edit",
        data={"name": "Ola AS", "organisation_number": employer.organisation_number,
              "stage": "identified", "owner_id": "None",
              "seen_change": hidden(page, "seen_change"), "shown_changes": shown},
    )  # fmt: skip
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Noen andre lagret" in text  # still shown
    assert "<script>alert" not in text
    assert reload(employer.id).name == "Kari AS"

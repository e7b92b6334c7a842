"""My week and the follow-ups page: the weekly face-to-face count against the target,
follow-ups due today and overdue (mark done, move), jobseekers without a first employer
contact in time, recently touched employers; team follow-ups for supervisors."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, ContactMode, EmployerContact, PlannedFollowUp, Role
from ipscrm.services import contacts
from ipscrm.services.followups import plan_follow_up
from ipscrm.timeutil import iso_week_bounds, now_utc, today
from tests.test_web_employers import _page, switch_user


def _log(user, employer, days_ago=0, mode=ContactMode.IN_PERSON, **kw):
    return contacts.log_contact(
        user,
        contacts.ContactInput(
            employer_id=employer.id,
            mode=mode,
            occurred_at=now_utc() - timedelta(days=days_ago),
            **kw,
        ),
        allow_past_follow_up=True,
    )


def test_my_week_counts_face_to_face_contacts_this_week(client, factory, login, app, app_ctx):
    me = factory.user()
    other = factory.user()
    employer = factory.employer()
    monday, _ = iso_week_bounds(today())
    days_into_week = (today() - monday).days
    _log(me, employer)
    _log(me, employer)  # a repeat visit counts
    _log(me, employer, mode=ContactMode.PHONE)  # not face to face
    _log(me, employer, days_ago=days_into_week + 1)  # last week
    _log(other, employer)  # someone else's
    login(me)
    page = _page(client.get("/"))
    assert "Arbeidsgiverkontakter ansikt til ansikt denne uken: 2 av 6" in page
    app.config["WEEKLY_CONTACT_TARGET"] = 2
    page = _page(client.get("/"))
    assert "2 av 2" in page and "Målet er nådd." in page
    assert 'href="/contacts/new"' in page  # one tap to log a contact


def test_my_week_follow_ups_due_and_overdue(client, factory, login, app_ctx):
    me = factory.user()
    employer = factory.employer(name="Forfall AS")
    later = factory.employer(name="Senere AS")
    _log(
        me, employer, days_ago=5, next_step="Ring igjen", follow_up_due=today() - timedelta(days=2)
    )
    _log(me, later, next_step="Neste uke", follow_up_due=today() + timedelta(days=7))
    plan_follow_up(me, later.id, today(), "Planlagt i dag")
    login(me)
    page = _page(client.get("/"))
    assert "Ring igjen" in page and "Forsinket" in page
    assert "Planlagt i dag" in page and "I dag" in page
    assert "Neste uke" not in page
    overdue = db.session.scalar(
        sa.select(EmployerContact).where(EmployerContact.next_step == "Ring igjen")
    )
    # mark done from My week
    response = client.post(f"/followups/contact/{overdue.id}/done", data={"next": "/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = _page(client.get("/"))
    assert "Ring igjen" not in page
    db.session.expire_all()
    assert db.session.get(EmployerContact, overdue.id).follow_up_done
    # move the planned one to next week
    planned = db.session.scalar(sa.select(PlannedFollowUp))
    new_day = today() + timedelta(days=7)
    response = client.post(
        f"/followups/planned/{planned.id}/reschedule",
        data={"due": new_day.isoformat(), "next": "/"},
    )
    assert response.status_code == 302
    assert "Planlagt i dag" not in _page(client.get("/"))
    db.session.expire_all()
    assert db.session.get(PlannedFollowUp, planned.id).due == new_day
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.entity_type == "follow_up")
        )
        == 2
    )  # created and moved


def test_reschedule_to_the_past_is_refused(client, factory, login, app_ctx):
    me = factory.user()
    employer = factory.employer()
    contact = _log(me, employer, next_step="X", follow_up_due=today())
    login(me)
    past = (today() - timedelta(days=1)).isoformat()
    page = _page(
        client.post(f"/followups/contact/{contact.id}/reschedule", data={"due": past, "next": "/"})
    )
    assert "kan ikke være tilbake i tid" in page and f'value="{past}"' in page
    db.session.expire_all()
    assert db.session.get(EmployerContact, contact.id).follow_up_due == today()
    assert _page(client.get(f"/followups/contact/{contact.id}/reschedule"))
    assert client.post("/followups/other/1/done").status_code == 404
    assert client.post("/followups/contact/999999/done").status_code == 404


def test_only_own_or_team_follow_ups_can_be_changed(client, factory, login, app_ctx):
    team = factory.team()
    owner = factory.user(team=team)
    colleague = factory.user(team=team)
    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    employer = factory.employer()
    contact = _log(owner, employer, next_step="X", follow_up_due=today())
    login(colleague)
    assert client.post(f"/followups/contact/{contact.id}/done").status_code == 403
    switch_user(login, supervisor)
    assert client.post(f"/followups/contact/{contact.id}/done").status_code == 302
    db.session.expire_all()
    assert db.session.get(EmployerContact, contact.id).follow_up_done


def test_first_contact_list(client, factory, login, app_ctx):
    me = factory.user()
    employer = factory.employer()
    in_time = factory.jobseeker(me, reference="JS-I-TIDE", program_entry_date=factory.days_ago(30))
    _log(me, employer, days_ago=25, jobseeker_id=in_time.id)
    factory.jobseeker(me, reference="JS-NY", program_entry_date=factory.days_ago(3))
    factory.jobseeker(me, reference="JS-GLEMT", program_entry_date=factory.days_ago(40))
    late = factory.jobseeker(me, reference="JS-SENT", program_entry_date=factory.days_ago(40))
    _log(me, employer, days_ago=5, jobseeker_id=late.id)
    phone_only = factory.jobseeker(me, reference="JS-TLF", program_entry_date=factory.days_ago(5))
    _log(me, employer, days_ago=1, mode=ContactMode.PHONE, jobseeker_id=phone_only.id)
    factory.jobseeker(me, reference="JS-AVSLUTTET", status="closed",
                      program_entry_date=factory.days_ago(60), closed_on=today())  # fmt: skip
    factory.jobseeker(factory.user(), reference="JS-ANNENS")
    login(me)
    page = _page(client.get("/"))
    section = page.split('id="first-contact-heading"')[1].split("</section>")[0]
    assert "innen 14 dager" in section
    assert "JS-I-TIDE" not in section and "JS-AVSLUTTET" not in section
    assert "JS-ANNENS" not in section
    assert "JS-NY" in section and "Dager igjen: 11" in section
    assert "JS-TLF" in section  # a phone call is not face to face
    assert "JS-GLEMT" in section and "Fristen er passert" in section
    assert "JS-SENT" in section and "Første kontakt" in section


def test_recently_touched_employers(client, factory, login, app_ctx):
    me = factory.user()
    visited = factory.employer(name="Besøkt AS")
    edited = factory.employer(name="Redigert AS", actor=me)
    factory.employer(name="Urørt AS")
    _log(me, visited)
    login(me)
    section = _page(client.get("/")).split('id="recent-heading"')[1].split("</section>")[0]
    assert "Besøkt AS" in section and "Redigert AS" in section and "Urørt AS" not in section
    assert f"/contacts/new?employer_id={edited.id}" in section


def test_follow_ups_page_mine_and_team(client, factory, login, app_ctx):
    team = factory.team()
    me = factory.user(team=team, name="Siri")
    colleague = factory.user(team=team, name="Ola")
    supervisor = factory.user(role=Role.SUPERVISOR, team=team, name="Vera")
    outsider = factory.user(team=factory.team(), name="Ute")
    employer = factory.employer(name="Felles AS")
    _log(me, employer, next_step="Min oppgave", follow_up_due=today() + timedelta(days=1))
    _log(colleague, employer, next_step="Olas oppgave", follow_up_due=today())
    _log(outsider, employer, next_step="Utenfor", follow_up_due=today())
    done = _log(me, employer, next_step="Ferdig før", follow_up_due=today())
    login(me)
    client.post(f"/followups/contact/{done.id}/done")
    page = _page(client.get("/followups/"))
    assert "Min oppgave" in page and "Olas oppgave" not in page and "Ferdig før" not in page
    # a specialist cannot look at the team's
    page = _page(client.get("/followups/?who=team"))
    assert "Olas oppgave" not in page and 'name="who"' not in page
    assert "Ferdig før" in _page(client.get("/followups/?show=done"))
    switch_user(login, supervisor)
    page = _page(client.get("/followups/?who=team"))
    assert "Min oppgave" in page and "Olas oppgave" in page and "Utenfor" not in page
    assert 'name="who"' in page
    page = _page(client.get(f"/followups/?who={colleague.id}"))
    assert "Olas oppgave" in page and "Min oppgave" not in page
    page = _page(client.get(f"/followups/?who={outsider.id}"))
    assert "Utenfor" not in page


def test_plan_a_follow_up(client, factory, login, app_ctx):
    me = factory.user()
    js = factory.jobseeker(me, reference="JS-PLAN")
    employer = factory.employer()
    login(me)
    page = _page(client.get(f"/followups/new?employer_id={employer.id}&jobseeker_id={js.id}"))
    assert "Planlegg oppfølging" in page and "JS-PLAN" in page
    past = (today() - timedelta(days=1)).isoformat()
    page = _page(
        client.post(
            f"/followups/new?employer_id={employer.id}",
            data={"due": past, "jobseeker_id": str(js.id), "note": "Spørre om praksis"},
        )
    )
    assert 'id="due-errors"' in page and "Spørre om praksis" in page
    assert db.session.scalar(sa.select(sa.func.count(PlannedFollowUp.id))) == 0
    due = (today() + timedelta(days=2)).isoformat()
    response = client.post(
        f"/followups/new?employer_id={employer.id}",
        data={"due": due, "jobseeker_id": str(js.id), "note": "Spørre om praksis"},
    )
    assert response.status_code == 302
    item = db.session.scalar(sa.select(PlannedFollowUp))
    assert item.jobseeker_id == js.id and item.specialist_id == me.id
    page = _page(client.get(f"/employers/{employer.id}"))
    assert "Spørre om praksis" in page.split('id="next-follow-up"')[1][:300]
    assert "JS-PLAN" in _page(client.get("/followups/"))
    other_js = factory.jobseeker(factory.user())
    assert (
        client.get(
            f"/followups/new?employer_id={employer.id}&jobseeker_id={other_js.id}"
        ).status_code
        == 403
    )
    assert client.get("/followups/new?employer_id=999999").status_code == 404


def test_english_my_week(client, factory, login):
    login(factory.user())
    client.post("/language", data={"lang": "en", "next": "/"})
    page = _page(client.get("/"))
    assert "Face-to-face employer contacts this week: 0 of 6" in page
    assert "Log a contact" in page and "Recently touched employers" in page

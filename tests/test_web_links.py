"""Cross-links between the pages built by different areas: each link a user expects is
on the page and opens a page (200), and references to jobseekers the viewer may not see
stay plain text."""

from __future__ import annotations

import html
from datetime import timedelta

from ipscrm.extensions import db
from ipscrm.models import ContactMode, Employer, Role
from ipscrm.services import contact_people, contacts, jobseekers
from ipscrm.timeutil import now_utc, today
from tests.test_web_employers import _page, switch_user


def _log(user, employer, jobseeker=None, days_ago=0):
    return contacts.log_contact(
        user,
        contacts.ContactInput(
            employer_id=employer.id,
            mode=ContactMode.IN_PERSON,
            occurred_at=now_utc() - timedelta(days=days_ago),
            jobseeker_id=jobseeker.id if jobseeker else None,
        ),
        allow_past_follow_up=True,
    )


def follow(client, page: str, href: str) -> str:
    """Assert ``href`` is a link on ``page`` and that it opens; return the page it opens."""
    assert f'href="{html.escape(href)}"' in page, href
    return _page(client.get(href))


def test_jobseeker_profile_links_to_log_a_contact_and_find_employers(client, factory, login):
    me = factory.user()
    kari = factory.jobseeker(me, reference="JS-KARI")
    login(me)
    page = _page(client.get(f"/jobseekers/{kari.id}"))
    chooser = follow(client, page, f"/contacts/new?jobseeker_id={kari.id}")
    # First the employer is chosen; the jobseeker goes along to the contact form.
    assert f'name="jobseeker_id" value="{kari.id}"' in chooser
    matches = follow(client, page, f"/match/jobseeker/{kari.id}")
    assert "JS-KARI" in matches
    # Planning a follow-up also starts by choosing the employer, then plans it for both.
    bakery = factory.employer(name="Bakeriet Sentrum AS")
    chooser = follow(client, page, f"/followups/new?jobseeker_id={kari.id}")
    chooser = _page(client.get(f"/followups/new?jobseeker_id={kari.id}&q=Bakeriet"))
    plan = follow(client, chooser, f"/followups/new?employer_id={bakery.id}&jobseeker_id={kari.id}")
    assert "Bakeriet Sentrum AS" in plan


def test_my_week_links_jobseekers_matching_and_my_figures(client, factory, login):
    me = factory.user()
    kari = factory.jobseeker(me, reference="JS-VENTER")
    login(me)
    page = _page(client.get("/"))
    assert "JS-VENTER" in follow(client, page, f"/jobseekers/{kari.id}")
    assert "JS-VENTER" in follow(client, page, f"/match/jobseeker/{kari.id}")
    follow(client, page, "/reports/me")


def test_employer_page_links_visible_jobseekers_only(client, factory, login):
    team = factory.team()
    me = factory.user(team=team)
    stranger = factory.user()
    mine = factory.jobseeker(me, reference="JS-MIN")
    theirs = factory.jobseeker(stranger, reference="JS-ANNEN")
    employer = factory.employer(name="Lenke AS")
    _log(me, employer, jobseeker=mine)
    _log(stranger, employer, jobseeker=theirs)
    jobseekers.record_job_start(me, mine.id, employer.id, "Lagermedarbeider", today())
    jobseekers.record_job_start(stranger, theirs.id, employer.id, "Kokk", today())
    login(me)
    page = _page(client.get(f"/employers/{employer.id}"))
    assert page.count(f'href="/jobseekers/{mine.id}"') == 2  # the timeline and the job start
    assert "JS-MIN" in follow(client, page, f"/jobseekers/{mine.id}")
    assert f"/jobseekers/{theirs.id}" not in page and "JS-ANNEN" not in page


def test_report_drill_downs_link_employers_and_jobseekers(client, factory, login):
    team = factory.team()
    me = factory.user(team=team)
    kari = factory.jobseeker(me, reference="JS-RAPPORT")
    waiting = factory.jobseeker(me, reference="JS-VENTER", program_entry_date=today())
    employer = factory.employer(name="Rapport AS", owner_id=me.id)
    stale = factory.employer(name="Glemt AS", owner_id=me.id)
    db.session.get(Employer, stale.id).created_at = now_utc() - timedelta(days=400)
    db.session.commit()
    _log(me, employer, jobseeker=kari)
    jobseekers.record_job_start(me, kari.id, employer.id, "Lagermedarbeider", today())
    login(me)

    page = _page(client.get("/reports/contacts"))
    assert "Rapport AS" in follow(client, page, f"/employers/{employer.id}")
    assert "JS-RAPPORT" in follow(client, page, f"/jobseekers/{kari.id}")
    page = _page(client.get("/reports/job-starts"))
    follow(client, page, f"/employers/{employer.id}")
    follow(client, page, f"/jobseekers/{kari.id}")
    page = _page(client.get("/reports/first-contact"))
    assert "JS-VENTER" in follow(client, page, f"/jobseekers/{waiting.id}")
    page = _page(client.get("/reports/employers-without-contact"))
    assert "Glemt AS" in follow(client, page, f"/employers/{stale.id}")
    page = _page(client.get("/reports/me"))
    follow(client, page, f"/jobseekers/{waiting.id}")
    follow(client, page, f"/employers/{stale.id}")

    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    switch_user(login, supervisor)
    page = _page(client.get(f"/reports/?team={team.id}"))
    assert "JS-VENTER" in follow(client, page, f"/jobseekers/{waiting.id}")
    follow(client, page, f"/employers/{stale.id}")


def test_report_contacts_hide_jobseekers_outside_the_viewers_rights(client, factory, login):
    me = factory.user()
    other = factory.user()
    theirs = factory.jobseeker(other, reference="JS-SKJULT")
    employer = factory.employer(name="Felles AS")
    _log(other, employer, jobseeker=theirs)
    _log(me, employer)
    login(me)
    page = _page(client.get("/reports/contacts"))
    assert f"/employers/{employer.id}" in page
    assert f"/jobseekers/{theirs.id}" not in page and "JS-SKJULT" not in page


def test_supervisor_pages_link_the_team_report(client, factory, login):
    team = factory.team()
    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    specialist = factory.user(team=team)
    login(supervisor)
    for url in ("/followups/", "/jobseekers/"):
        page = _page(client.get(url))
        assert "Teamrapport" in follow(client, page, "/reports/")
    switch_user(login, specialist)
    for url in ("/followups/", "/jobseekers/"):
        assert 'href="/reports/"' not in _page(client.get(url))


def test_admin_tabs_link_the_plugin_pages_that_exist(app, client, factory, login):
    login(factory.user(role=Role.ADMIN))
    page = _page(client.get("/admin/users"))
    for endpoint, href in (
        ("plugins_admin.index", "/admin/plugins/"),
        ("income_planning.g_values", "/income-planning/g"),
    ):
        if endpoint in app.view_functions:
            follow(client, page, href)
        else:
            assert f'href="{href}"' not in page


def test_error_pages_link_back_to_my_week_when_logged_in(client, factory, login):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert 'href="/"' not in response.get_data(as_text=True).split("<main", 1)[-1]
    me = factory.user()
    other = factory.user()
    theirs = factory.jobseeker(other)
    switch_user(login, me)
    for url, status in (("/no-such-page", 404), (f"/jobseekers/{theirs.id}", 403)):
        response = client.get(url)
        assert response.status_code == status
        body = response.get_data(as_text=True)
        assert "Gå til Min uke" in body
        follow(client, body, "/")


def test_search_and_match_results_link_the_employer_page(client, factory, login):
    me = factory.user()
    employer = factory.employer(name="Lenkebakeriet AS", job_types=["baker"])
    contact_people.add_person(employer.id, {"name": "Lenka Bakersen"}, me.id)
    kari = factory.jobseeker(me, pref_job_types=["baker"])
    login(me)
    page = _page(client.get("/search?q=Lenkebakeriet"))
    assert "Lenkebakeriet" in follow(client, page, f"/employers/{employer.id}")
    page = _page(client.get("/search?q=Lenka"))
    contacts_group = page.split('id="group-contacts"', 1)[1]
    assert "Bakersen" in contacts_group  # the contact person, linked to their employer
    assert f'href="/employers/{employer.id}"' in contacts_group
    follow(client, page, f"/employers/{employer.id}")
    page = _page(client.get(f"/match/jobseeker/{kari.id}"))
    assert "Lenkebakeriet AS" in follow(client, page, f"/employers/{employer.id}")

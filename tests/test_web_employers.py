"""The employer pages: list with search, filters, sorting and pagination; the employer
page; create and edit with field messages; contact people; accommodations; archive."""

from __future__ import annotations

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, Employer, Role, Stage
from tests.factories import make_orgnr


def switch_user(login, user) -> None:
    """Log another user in on the same client (the test's app context shares ``g``, where
    Flask-Login caches the current user)."""
    from flask import g

    g.pop("_login_user", None)
    login(user)


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_list_shows_employers_with_count_and_search(client, factory, login):
    user = factory.user()
    factory.employer(name="Bakeriet Tøyen AS", business_place="Oslo")
    factory.employer(name="Fiskebutikken AS", business_place="Bergen")
    factory.employer(name="Gamle AS", business_place="Oslo")
    login(user)
    page = _page(client.get("/employers/"))
    assert "Arbeidsgivere" in page
    assert "Bakeriet Tøyen AS" in page and "Fiskebutikken AS" in page
    assert "Viser 1–3 av 3 arbeidsgivere" in page
    page = _page(client.get("/employers/?q=bergen"))
    assert "Fiskebutikken AS" in page and "Bakeriet" not in page
    assert "av 1 arbeidsgivere" in page
    page = _page(client.get("/employers/?q=bakeriet+tøyen"))
    assert "Bakeriet Tøyen AS" in page and "Gamle AS" not in page
    page = _page(client.get("/employers/?q=TØYEN"))  # case-insensitive, also for æøå
    assert "Bakeriet Tøyen AS" in page and "Gamle AS" not in page
    page = _page(client.get("/employers/?q=100%25"))  # % and _ are not wildcards
    assert "Ingen arbeidsgivere passer." in page
    page = _page(client.get("/employers/?q=ingen+slik"))
    assert "Ingen arbeidsgivere passer." in page


def test_search_by_organisation_number_with_spaces(client, factory, login):
    login(factory.user())
    target = factory.employer(name="Målet AS", organisation_number="974760673")
    factory.employer(name="Andre AS")
    page = _page(client.get("/employers/?q=974+760+673"))
    assert "Målet AS" in page and "Andre AS" not in page
    assert f"/employers/{target.id}" in page


def test_filters(client, factory, login, app_ctx):
    from ipscrm.services import accommodations, catalogue

    owner = factory.user(name="Eva Eier")
    login(factory.user())
    cafe = factory.employer(
        name="Kafé AS",
        industry_code_1="56.101",
        business_municipality_number="0301",
        business_municipality="Oslo",
        stage=Stage.ACTIVE,
        owner_id=owner.id,
        tags=["rusfri"],
    )
    shop = factory.employer(
        name="Butikk AS", industry_code_1="47.110", business_municipality_number="4601"
    )
    archived = factory.employer(name="Nedlagt AS", industry_code_1="56.301")
    from ipscrm.services.employers import set_archived

    set_archived(archived.id, True, None)
    mentor = catalogue.types_by_code()["mentor"]
    accommodations.add_accommodation(shop.id, mentor.id, "offered", None, None, None)

    def names(query: str) -> set[str]:
        page = _page(client.get("/employers/?" + query))
        return {n for n in ("Kafé AS", "Butikk AS", "Nedlagt AS") if n in page}

    assert names("") == {"Kafé AS", "Butikk AS"}
    assert names("industry=56") == {"Kafé AS"}
    assert names("industry=56.1") == {"Kafé AS"}
    assert names("industry=47") == {"Butikk AS"}
    assert names("municipality=0301") == {"Kafé AS"}
    assert names("municipality=301") == {"Kafé AS"}
    assert names("municipality=oslo") == {"Kafé AS"}
    assert names("stage=active_relationship") == {"Kafé AS"}
    assert names(f"owner_id={owner.id}") == {"Kafé AS"}
    assert names("tag=Rusfri") == {"Kafé AS"}
    assert names(f"accommodation={mentor.id}") == {"Butikk AS"}
    assert names("archived=yes") == {"Nedlagt AS"}
    assert names("archived=all") == {"Kafé AS", "Butikk AS", "Nedlagt AS"}
    assert names("archived=all&industry=56") == {"Kafé AS", "Nedlagt AS"}
    # nonsense in the query string never fails the page
    assert names("stage=nonsense&owner_id=abc&accommodation=x&sort=evil&page=-3") == {
        "Kafé AS",
        "Butikk AS",
    }
    assert cafe.id != shop.id


def test_sorting_and_pagination(client, factory, login, app):
    app.config["PAGE_SIZE"] = 2
    login(factory.user())
    for name in ("Charlie AS", "Alfa AS", "Echo AS", "Bravo AS", "Delta AS"):
        factory.employer(name=name)
    page1 = _page(client.get("/employers/"))
    assert page1.index("Alfa AS") < page1.index("Bravo AS")
    assert "Charlie AS" not in page1
    assert "Viser 1–2 av 5 arbeidsgivere" in page1
    assert "page=2" in page1 and "page=3" in page1
    page3 = _page(client.get("/employers/?page=3"))
    assert "Echo AS" in page3 and "Viser 5–5 av 5" in page3
    # a page beyond the end shows the last page
    assert "Echo AS" in _page(client.get("/employers/?page=99"))
    desc = _page(client.get("/employers/?sort=-name"))
    assert desc.index("Echo AS") < desc.index("Delta AS")
    # filters are kept in the page links
    filtered = _page(client.get("/employers/?q=a&sort=-name"))
    assert "sort=-name" in filtered and "page=2" in filtered


def test_employer_page_shows_everything(client, factory, login, app_ctx):
    from datetime import timedelta

    from ipscrm.services import accommodations, catalogue, contact_people, contacts
    from ipscrm.services.jobseekers import record_job_start
    from ipscrm.timeutil import today

    team = factory.team()
    me = factory.user(team=team, name="Siri Spesialist")
    other = factory.user(team=team, name="Ola Annen")
    parent = factory.employer(name="Konsernet AS")
    employer = factory.employer(
        name="Hotellet AS",
        organisation_number="974760673",
        business_address="Storgata 1",
        business_postcode="0155",
        business_place="Oslo",
        industry_code_1="55.101",
        industry_description_1="Drift av hoteller",
        employee_count=42,
        stage=Stage.LEARNED,
        owner_id=me.id,
        parent_id=parent.id,
        tags=["turisme"],
    )
    factory.employer(name="Filialen AS", parent_id=employer.id)
    person = contact_people.add_person(
        employer.id, {"name": "Hanne Leder", "role": "Daglig leder", "phone": "22 22 22 22"}, me.id
    )
    flex = catalogue.types_by_code()["flexible_hours"]
    accommodations.add_accommodation(employer.id, flex.id, "confirmed", None, "Avtalt", me.id)
    mine = factory.jobseeker(me, reference="JS-MINE")
    theirs = factory.jobseeker(other, reference="JS-THEIRS")
    contacts.log_contact(
        me,
        contacts.ContactInput(
            employer_id=employer.id,
            contact_person_id=person.id,
            jobseeker_id=mine.id,
            outcome="Første møte",
            next_step="Ringe tilbake",
            follow_up_due=today() + timedelta(days=3),
        ),
    )
    contacts.log_contact(
        other, contacts.ContactInput(employer_id=employer.id, jobseeker_id=theirs.id)
    )
    record_job_start(other, theirs.id, employer.id, "Resepsjonist", today())
    login(me)
    page = _page(client.get(f"/employers/{employer.id}"))
    for text in (
        "Hotellet AS",
        "974 760 673",
        "Storgata 1",
        "0155 Oslo",
        "55.101 Drift av hoteller",
        "42",
        "Kjenner virksomheten",
        "Siri Spesialist",
        "Hanne Leder",
        "Daglig leder",
        "fleksibel arbeidstid",
        "Bekreftet",
        "Avtalt",
        "Første møte",
        "Ringe tilbake",
        "JS-MINE",
        "Resepsjonist",
        "Konsernet AS",
        "Filialen AS",
        "turisme",
        "Kontakthistorikk",
    ):
        assert text in page, text
    # a specialist never sees another specialist's jobseeker reference
    assert "JS-THEIRS" not in page
    assert "om en jobbsøker" in page
    # newest first
    assert page.index("Ola Annen") < page.index("Første møte")
    # the inline log-a-contact form
    assert f'action="/contacts/new?employer_id={employer.id}"' in page
    # next follow-up
    assert "Ringe tilbake" in page.split('id="next-follow-up"')[1][:300]


def test_supervisor_sees_team_jobseeker_references_on_employer_page(client, factory, login):
    from ipscrm.services import contacts

    team = factory.team()
    specialist = factory.user(team=team)
    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    outsider = factory.user(role=Role.SUPERVISOR, team=factory.team())
    employer = factory.employer()
    js = factory.jobseeker(specialist, reference="JS-TEAM")
    contacts.log_contact(
        specialist, contacts.ContactInput(employer_id=employer.id, jobseeker_id=js.id)
    )
    login(supervisor)
    assert "JS-TEAM" in _page(client.get(f"/employers/{employer.id}"))
    switch_user(login, outsider)
    assert "JS-TEAM" not in _page(client.get(f"/employers/{employer.id}"))


def test_unknown_employer_is_404(client, factory, login):
    login(factory.user())
    assert client.get("/employers/999999").status_code == 404
    assert client.get("/employers/999999/edit").status_code == 404


def test_pages_need_login(client):
    for url in ("/employers/", "/employers/new", "/employers/1", "/contacts/new", "/followups/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_create_employer(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    form = _page(client.get("/employers/new"))
    assert "Ny arbeidsgiver" in form and 'name="name"' in form
    response = client.post(
        "/employers/new",
        data={
            "name": "Nytt Firma AS",
            "organisation_number": "810 034 882",
            "business_postcode": "0301",
            "business_place": "Oslo",
            "email": "post@firma.no",
            "stage": "introduced",
            "owner_id": str(user.id),
            "tags": "Rusfri, kantine",
            "job_types": "Kokk, servitør",
            "employee_count": "12",
        },
    )
    assert response.status_code == 302
    employer = db.session.scalar(sa.select(Employer).where(Employer.name == "Nytt Firma AS"))
    assert response.headers["Location"].endswith(f"/employers/{employer.id}")
    assert employer.organisation_number == "810034882"
    assert employer.stage == Stage.INTRODUCED
    assert employer.owner_id == user.id
    assert employer.tags == ["kantine", "rusfri"]
    assert employer.job_types == ["kokk", "servitør"]
    assert employer.employee_count == 12
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "employer"))
    assert event.action == "create" and event.user_id == user.id
    page = _page(client.get(response.headers["Location"]))
    assert "Arbeidsgiveren ble opprettet." in page


def _post_employer(client, **fields):
    data = {"name": "Firma AS", "stage": "identified", "owner_id": "None"}
    data.update(fields)
    return client.post("/employers/new", data=data)


def _count_employers() -> int:
    return db.session.scalar(sa.select(sa.func.count(Employer.id)))


def test_wrong_organisation_number_keeps_input(client, factory, login, app_ctx):
    login(factory.user())
    page = _page(_post_employer(client, organisation_number="974760672", business_place="Molde"))
    assert "feil kontrollsiffer (MOD11)" in page
    assert 'value="974760672"' in page and 'value="Molde"' in page
    assert _count_employers() == 0
    page = _page(_post_employer(client, organisation_number="12345"))
    assert "9 sifre" in page


def test_duplicate_organisation_number_links_to_existing(client, factory, login, app_ctx):
    login(factory.user())
    existing = factory.employer(name="Første AS", organisation_number="988077917")
    page = _page(_post_employer(client, name="Andre AS", organisation_number="988077917"))
    assert "allerede registrert" in page and "Første AS" in page
    assert f'href="/employers/{existing.id}" id="existing-employer"' in page
    assert 'value="Andre AS"' in page
    assert _count_employers() == 1


def test_bad_email_postcode_and_long_name(client, factory, login, app_ctx):
    login(factory.user())
    page = _page(_post_employer(client, email="ikke-en-epost"))
    assert 'id="email-errors"' in page and 'value="ikke-en-epost"' in page
    page = _page(_post_employer(client, business_postcode="12a4"))
    assert 'id="business_postcode-errors"' in page and 'value="12a4"' in page
    long_name = "x" * 10_000
    page = _page(_post_employer(client, name=long_name))
    assert 'id="name-errors"' in page and long_name in page
    page = _page(_post_employer(client, name=""))
    assert 'id="name-errors"' in page
    page = _page(_post_employer(client, employee_count="mange"))
    assert 'id="employee_count-errors"' in page
    page = _page(_post_employer(client, parent_organisation_number="123456785"))
    assert "Ingen arbeidsgiver med organisasjonsnummer 123456785" in page
    assert _count_employers() == 0


def test_script_is_shown_as_text(client, factory, login):
    login(factory.user())
    employer = factory.employer(name="<script>alert(1)</script> AS", notes="<b>fet</b>")
    for url in (f"/employers/{employer.id}", "/employers/", f"/employers/{employer.id}/edit"):
        page = _page(client.get(url))
        assert "<script>alert(1)</script>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_edit_employer_and_audit(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    employer = factory.employer(name="Gammelt Navn AS", tags=["a"])
    form = _page(client.get(f"/employers/{employer.id}/edit"))
    assert 'value="Gammelt Navn AS"' in form and 'value="a"' in form
    response = client.post(
        f"/employers/{employer.id}/edit",
        data={"name": "Nytt Navn AS", "organisation_number": employer.organisation_number,
              "stage": "active_relationship", "owner_id": "None", "tags": "a, b"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    employer = db.session.get(Employer, employer.id)
    assert employer.name == "Nytt Navn AS" and employer.stage == Stage.ACTIVE
    assert employer.tags == ["a", "b"]
    event = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.entity_id == employer.id
        )
    ).one()
    assert event.changes["name"] == ["Gammelt Navn AS", "Nytt Navn AS"]
    # a bad edit changes nothing
    page = _page(
        client.post(
            f"/employers/{employer.id}/edit",
            data={
                "name": "Tredje AS",
                "organisation_number": "111",
                "stage": "identified",
                "owner_id": "None",
            },
        )  # fmt: skip
    )
    assert "9 sifre" in page
    db.session.expire_all()
    assert db.session.get(Employer, employer.id).name == "Nytt Navn AS"


def test_archive_needs_confirmation_and_restore(client, factory, login, app_ctx):
    login(factory.user())
    employer = factory.employer(name="Arkiv AS")
    page = _page(client.get(f"/employers/{employer.id}/archive"))
    assert "Arkivere Arkiv AS?" in page
    db.session.expire_all()
    assert db.session.get(Employer, employer.id).archived is False
    assert client.post(f"/employers/{employer.id}/archive").status_code == 302
    db.session.expire_all()
    assert db.session.get(Employer, employer.id).archived is True
    assert "Arkiv AS" not in _page(client.get("/employers/"))
    page = _page(client.get(f"/employers/{employer.id}"))
    assert "Arkivert" in page and "Gjenopprett" in page
    client.post(f"/employers/{employer.id}/restore")
    db.session.expire_all()
    assert db.session.get(Employer, employer.id).archived is False
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == employer.id)
    ).all()
    assert "archive" in actions and "restore" in actions


def test_no_page_offers_to_delete_an_employer(client, factory, login):
    login(factory.user())
    employer = factory.employer()
    assert client.post(f"/employers/{employer.id}/delete").status_code in (404, 405)


def test_orgnr_helper_is_valid():
    assert len(make_orgnr(5)) == 9


def test_sort_on_latest_contact_puts_never_contacted_last(client, factory, login, app, app_ctx):
    from datetime import timedelta

    from ipscrm.services import contacts
    from ipscrm.timeutil import now_utc

    app.config["PAGE_SIZE"] = 2
    user = factory.user()
    login(user)
    for name in ("Aldri 1 AS", "Aldri 2 AS"):
        factory.employer(name=name)
    for days, name in ((1, "Nylig AS"), (30, "Lenge siden AS"), (10, "Midt AS")):
        employer = factory.employer(name=name)
        contacts.log_contact(
            user,
            contacts.ContactInput(
                employer_id=employer.id, occurred_at=now_utc() - timedelta(days=days)
            ),
        )

    def order(sort: str) -> list[str]:
        names = []
        for page in (1, 2, 3):
            text = _page(client.get(f"/employers/?sort={sort}&page={page}"))
            found = [
                n
                for n in ("Nylig AS", "Midt AS", "Lenge siden AS", "Aldri 1 AS", "Aldri 2 AS")
                if n in text
            ]
            names += sorted(found, key=text.index)
        return names

    newest = order("-last_contact")
    assert newest[:3] == ["Nylig AS", "Midt AS", "Lenge siden AS"]
    assert set(newest[3:]) == {"Aldri 1 AS", "Aldri 2 AS"}
    oldest = order("last_contact")
    assert set(oldest[:2]) == {"Aldri 1 AS", "Aldri 2 AS"}
    assert oldest[2:] == ["Lenge siden AS", "Midt AS", "Nylig AS"]


def test_text_search_count_stops_at_the_cap(client, factory, login, monkeypatch, app):
    from ipscrm.services import employer_queries

    monkeypatch.setattr(employer_queries, "TEXT_COUNT_CAP", 2)
    app.config["PAGE_SIZE"] = 2
    login(factory.user())
    for i in range(4):
        factory.employer(name=f"Felles navn {i} AS")
    page = _page(client.get("/employers/?q=felles"))
    assert "Viser 1–2 av mer enn 2 arbeidsgivere" in page
    assert "page=2" in page  # the next page is offered
    # a short page needs no count: the total is exact
    assert "Viser 1–1 av 1 arbeidsgivere" in _page(client.get("/employers/?q=navn+3"))
    # filters without a text search are counted exactly
    assert "Viser 1–2 av 4 arbeidsgivere" in _page(client.get("/employers/"))


def test_owner_choices_are_the_team(client, factory, login, app_ctx):
    team = factory.team()
    me = factory.user(team=team, name="Meg Selv")
    colleague = factory.user(team=team, name="Kollega Kari")
    stranger = factory.user(team=factory.team(), name="Fremmed Frank")
    login(me)
    page = _page(client.get("/employers/"))
    assert "Kollega Kari" in page and "Meg Selv" in page and "Fremmed Frank" not in page
    # an employer owned in another team keeps its owner when edited
    employer = factory.employer(name="Delt AS", owner_id=stranger.id)
    form = _page(client.get(f"/employers/{employer.id}/edit"))
    assert f'<option selected value="{stranger.id}">Fremmed Frank</option>' in form
    response = client.post(
        f"/employers/{employer.id}/edit",
        data={"name": "Delt AS", "organisation_number": employer.organisation_number,
              "stage": "identified", "owner_id": str(stranger.id)},
    )  # fmt: skip
    assert response.status_code == 302
    assert colleague.id != stranger.id

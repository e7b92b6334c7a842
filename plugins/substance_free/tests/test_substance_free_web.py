"""The substance-free fields on the core forms, its panels in the template slots
(badges, employer page, jobseeker page, My week review flag) and its own page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from ipscrm_substance_free import services
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from ipscrm.timeutil import today
from ipscrm.web import plugin_forms

pytestmark = pytest.mark.plugin("substance_free")


class CoreForm(FlaskForm):
    name = StringField("Name")


def _render(app, template: str, **context) -> str:
    with app.test_request_context("/"):
        return render_template_string(template, **context)


def test_employer_form_fields_save_and_load(app, factory):
    user = factory.user()
    employer = factory.employer()
    data = MultiDict(
        {
            "name": "x",
            "substance_free_assessment": "yes",
            "substance_free_akan_policy": "yes",
            "substance_free_alcohol_at_events": "never",
            "substance_free_serves_alcohol": "no",
            "substance_free_safety_testing": "unknown",
            "substance_free_verified_on": "2026-02-03",
            "substance_free_note": "Confirmed by the manager",
        }
    )
    with app.test_request_context("/", method="POST", data=data):
        form = plugin_forms.extended(CoreForm, "employer")()
        assert form.validate(), form.errors
        plugin_forms.save(form, "employer", employer.id, user.id)
    profile = services.get_profile(employer.id)
    assert profile.verified_on == date(2026, 2, 3) and profile.verified_by_id == user.id
    with app.test_request_context("/"):
        form = plugin_forms.extended(CoreForm, "employer")()
        plugin_forms.load(form, "employer", employer.id)
        assert form.substance_free_alcohol_at_events.data == "never"
        assert form.substance_free_note.data == "Confirmed by the manager"


def test_employer_form_refuses_future_verification_and_bad_choice(app, factory):
    future = (today() + timedelta(days=3)).isoformat()
    data = MultiDict(
        {"substance_free_verified_on": future, "substance_free_akan_policy": "perhaps"}
    )
    with app.test_request_context("/", method="POST", data=data):
        form = plugin_forms.extended(CoreForm, "employer")()
        assert not form.validate()
        assert "substance_free_verified_on" in form.errors
        assert "substance_free_akan_policy" in form.errors


def test_form_suggests_serves_alcohol_from_industry_code(app, factory):
    bar = factory.employer(industry_code_1="56.301")
    with app.test_request_context("/"):
        form = plugin_forms.extended(CoreForm, "employer")()
        plugin_forms.load(form, "employer", bar.id)
        assert form.substance_free_serves_alcohol.data == "yes"
    page = _render(app, "{{ slot('employer_page', employer=e) }}", e=bar)
    assert "Næringskode 56.301 tyder på at virksomheten serverer alkohol" in page


def test_jobseeker_form_field(app, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user)
    data = MultiDict({"substance_free_need": "must"})
    with app.test_request_context("/", method="POST", data=data):
        form = plugin_forms.extended(CoreForm, "jobseeker")()
        assert form.validate()
        plugin_forms.save(form, "jobseeker", jobseeker.id, user.id)
    assert services.get_need(jobseeker.id).value == "must"


def test_badge_on_list_row_and_page(app, factory):
    employer = factory.employer()
    services.save_employer_facts(
        employer.id,
        {"substance_free_assessment": "yes", "substance_free_verified_on": date(2026, 2, 3)},
        None,
    )
    html = _render(app, "{{ slot('employer_badges', employer=e) }}", e=employer)
    assert "rusfri, bekreftet 2026-02-03" in html
    unknown = factory.employer()
    assert _render(app, "{{ slot('employer_badges', employer=e) }}", e=unknown).strip() == ""
    page = _render(app, "{{ slot('employer_page', employer=e) }}", e=employer)
    assert "Rusfri arbeidsplass" in page and "2026-02-03" in page


def test_old_verification_is_flagged_for_review_on_my_week(app, factory):
    app.config["SUBSTANCE_FREE_REVIEW_DAYS"] = 365
    me, colleague = factory.user(name="Kari"), factory.user()
    old = factory.employer(name="Gammel AS", owner_id=me.id)
    fresh = factory.employer(name="Fersk AS", owner_id=me.id)
    others = factory.employer(name="Andres AS", owner_id=colleague.id)
    for employer, age in ((old, 400), (fresh, 30), (others, 400)):
        services.save_employer_facts(
            employer.id,
            {
                "substance_free_assessment": "yes",
                "substance_free_verified_on": today() - timedelta(days=age),
            },
            me.id,
        )
    week = _render(app, "{{ slot('my_week', user=u) }}", u=me)
    assert "Rusfri-status som bør sjekkes på nytt" in week
    assert "Gammel AS" in week and "Fersk AS" not in week and "Andres AS" not in week
    assert "sjekk rusfri-status på nytt" in _render(
        app, "{{ slot('employer_badges', employer=e) }}", e=old
    )
    app.config["SUBSTANCE_FREE_REVIEW_DAYS"] = 500  # the setting decides
    assert "Gammel AS" not in _render(app, "{{ slot('my_week', user=u) }}", u=me)


def test_review_covers_unowned_employers_one_verified_and_skips_archived(app, factory):
    from ipscrm.services.employers import set_archived

    app.config["SUBSTANCE_FREE_REVIEW_DAYS"] = 365
    me, colleague = factory.user(name="Kari"), factory.user()
    mine_unowned = factory.employer(name="Uten Eier AS")
    theirs_unowned = factory.employer(name="Kollegas Sjekk AS")
    archived = factory.employer(name="Nedlagt AS", owner_id=me.id)
    for employer, verifier in ((mine_unowned, me), (theirs_unowned, colleague), (archived, me)):
        services.save_employer_facts(
            employer.id,
            {
                "substance_free_assessment": "yes",
                "substance_free_verified_on": today() - timedelta(days=400),
            },
            verifier.id,
        )
    set_archived(archived.id, True, me.id)
    rows, total = services.due_for_review(me)
    assert [p.employer_id for p in rows] == [mine_unowned.id] and total == 1
    rows, total = services.due_for_review(colleague)
    assert [p.employer_id for p in rows] == [theirs_unowned.id] and total == 1


def test_jobseeker_panel_only_for_those_who_may_see(app, factory, client, login):
    owner, stranger = factory.user(), factory.user()
    jobseeker = factory.jobseeker(owner)
    services.save_need(jobseeker.id, "prefer", owner.id)
    template = "{{ slot('jobseeker_page', jobseeker=j, user=u) }}"
    assert "Foretrekker en rusfri arbeidsplass" in _render(app, template, j=jobseeker, u=owner)
    assert _render(app, template, j=jobseeker, u=stranger).strip() == ""


def test_page_lists_verified_first(app, factory, client, login):
    user = factory.user()
    b = factory.employer(name="B-verified AS")
    a = factory.employer(name="A-unverified AS")
    services.save_employer_facts(
        b.id,
        {"substance_free_assessment": "yes", "substance_free_verified_on": date(2026, 1, 5)},
        None,
    )
    services.save_employer_facts(a.id, {"substance_free_assessment": "yes"}, None)
    login(user)
    page = client.get("/substance-free/").get_data(as_text=True)
    assert page.index("B-verified AS") < page.index("A-unverified AS")
    assert 'href="/substance-free/"' in page  # in the navigation


def test_page_and_my_week_link_the_employer_pages(app, factory, client, login):
    app.config["SUBSTANCE_FREE_REVIEW_DAYS"] = 365
    me = factory.user()
    old = factory.employer(name="Gammel Lenke AS", owner_id=me.id)
    services.save_employer_facts(
        old.id,
        {
            "substance_free_assessment": "yes",
            "substance_free_verified_on": today() - timedelta(days=400),
        },
        me.id,
    )
    login(me)
    href = f'href="/employers/{old.id}"'
    page = client.get("/substance-free/").get_data(as_text=True)
    review, listing = page.split('id="review-heading"', 1)[1].split("<table", 1)
    assert href in review and href in listing
    week = client.get("/").get_data(as_text=True)
    assert href in week.split("Rusfri-status som bør sjekkes på nytt", 1)[1]
    assert client.get(f"/employers/{old.id}").status_code == 200

"""One test per hook (``test_hook_<name>``), through the example plugin in
tests/plugin_example, which implements every hook. The meta-test in
tests/test_plugins_meta.py checks that no hook is left without its test."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template_string
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from ipscrm import events
from ipscrm.extensions import db
from ipscrm.models import Role
from ipscrm.plugin_api import MatchRule, SearchField
from ipscrm.services import contacts
from ipscrm.web import plugin_forms
from tests import plugin_example
from tests.factories import Factory
from tests.plugin_fixtures import login_as


class EmployerForm(FlaskForm):
    name = StringField("Name")


def _pm(app):
    return app.extensions["ipscrm_plugins"]


def test_hook_ipscrm_default_settings(example_installed, make_app):
    app = make_app(["example"], migrate=False)
    assert app.config["EXAMPLE_GREETING"] == "Hello from the example plugin"
    configured = make_app(["example"], migrate=False, EXAMPLE_GREETING="Hei")
    assert configured.config["EXAMPLE_GREETING"] == "Hei"  # configuration wins


def test_hook_ipscrm_migrations(example_app):
    with example_app.app_context():
        tables = sa.inspect(db.engine).get_table_names()
        versions = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    assert "example_values" in tables
    assert "example_0001" in versions


def test_hook_ipscrm_blueprints(example_app):
    with example_app.app_context():
        user_id = Factory().user().id
    client = example_app.test_client()
    login_as(example_app, client, user_id)
    page = client.get("/example/").get_data(as_text=True)
    assert "Hello from the example plugin" in page and "0 example values" in page


def test_hook_ipscrm_cli_commands(example_installed, example_app, cli_on_own_db):
    result = cli_on_own_db("example-count", plugins=["example"])
    assert result.exit_code == 0, result.output
    assert "0 example values" in result.output
    with example_app.app_context():
        employer = Factory().employer()
        plugin_example._set("employer", employer.id, "note", "x")
        db.session.commit()
    assert "1 example values" in cli_on_own_db("example-count", plugins=["example"]).output
    # Without the plugin, the command does not exist.
    assert cli_on_own_db("example-count", plugins=[]).exit_code != 0


def test_hook_ipscrm_nav_items(example_app):
    with example_app.app_context():
        user_id = Factory().user().id
    client = example_app.test_client()
    login_as(example_app, client, user_id)
    assert 'href="/example/"' in client.get("/").get_data(as_text=True)


def test_hook_ipscrm_panels(example_app):
    with example_app.app_context():
        factory = Factory()
        user = factory.user(name="Kari Nordmann")
        employer = factory.employer(name="Bakeriet AS")
        jobseeker = factory.jobseeker(user)
        plugin_example._set("employer", employer.id, "note", "Kind <boss>")
        db.session.commit()
        template = (
            "<div id=page>{{ slot('employer_page', employer=employer) }}</div>"
            "<div id=badges>{{ slot('employer_badges', employer=employer) }}</div>"
            "<div id=js>{{ slot('jobseeker_page', jobseeker=jobseeker) }}</div>"
            "<div id=week>{{ slot('my_week', user=user) }}</div>"
        )
        with example_app.test_request_context("/"):
            html = render_template_string(
                template, employer=employer, jobseeker=jobseeker, user=user
            )
    assert '<h2 class="h6">Example note</h2><p>Kind &lt;boss&gt;</p>' in html
    assert '<div id=badges><span class="badge">Kind &lt;boss&gt;</span></div>' in html
    assert "Example flag: no" in html
    assert "Example for Kari Nordmann" in html


def test_hook_ipscrm_form_fields(example_app):
    with example_app.test_request_context("/"):
        form = plugin_forms.extended(EmployerForm, "employer")()
        assert "example_note" in form and "name" in form
        assert plugin_forms.field_names(form) == ("example_note",)
        jobseeker_form = plugin_forms.extended(EmployerForm, "jobseeker")()
        assert jobseeker_form["example_flag"].type == "BooleanField"


def test_hook_ipscrm_form_save(example_app):
    with example_app.app_context():
        employer_id = Factory().employer().id
    data = MultiDict({"name": "Bakeriet", "example_note": "  Friendly  "})
    with example_app.test_request_context("/", method="POST", data=data):
        form = plugin_forms.extended(EmployerForm, "employer")()
        assert form.validate()
        plugin_forms.save(form, "employer", employer_id, user_id=None)
    with example_app.app_context():
        assert plugin_example._get("employer", employer_id, "note") == "Friendly"
    too_long = MultiDict({"name": "B", "example_note": "x" * 81})
    with example_app.test_request_context("/", method="POST", data=too_long):
        assert not plugin_forms.extended(EmployerForm, "employer")().validate()


def test_hook_ipscrm_form_load(example_app):
    with example_app.app_context():
        employer_id = Factory().employer().id
        plugin_example._set("employer", employer_id, "note", "Stored note")
        db.session.commit()
    with example_app.test_request_context("/"):
        form = plugin_forms.extended(EmployerForm, "employer")()
        plugin_forms.load(form, "employer", employer_id)
        assert form.example_note.data == "Stored note"


def test_hook_ipscrm_search_fields(example_app):
    with example_app.app_context():
        fields = [f for result in _pm(example_app).hook.ipscrm_search_fields() for f in result]
    assert SearchField(name="note", kind="keyword") in fields


def test_hook_ipscrm_search_documents(example_app):
    with example_app.app_context():
        factory = Factory()
        noted, plain = factory.employer(), factory.employer()
        plugin_example._set("employer", noted.id, "note", "friendly")
        db.session.commit()
        results = _pm(example_app).hook.ipscrm_search_documents(employer_ids=[noted.id, plain.id])
    merged = {k: v for result in results for k, v in result.items()}
    assert merged == {noted.id: {"example_note": "friendly"}}


def test_hook_ipscrm_jobseeker_preferences(example_app):
    with example_app.app_context():
        factory = Factory()
        jobseeker = factory.jobseeker(factory.user())
        hook = _pm(example_app).hook.ipscrm_jobseeker_preferences
        assert hook(jobseeker_id=jobseeker.id) == [{"example_flag": False}]
        plugin_example._set("jobseeker", jobseeker.id, "flag", "yes")
        db.session.commit()
        assert hook(jobseeker_id=jobseeker.id) == [{"example_flag": True}]


def test_hook_ipscrm_preference_keys(example_app):
    with example_app.app_context():
        assert {"example_flag": bool} in _pm(example_app).hook.ipscrm_preference_keys()


def test_hook_ipscrm_match_rules(example_app):
    hook = _pm(example_app).hook.ipscrm_match_rules
    assert hook(preferences={"example_flag": False}) == []
    [[rule]] = hook(preferences={"example_flag": True})
    assert isinstance(rule, MatchRule)
    assert (rule.field, rule.kind, rule.values, rule.weight) == (
        "example_note",
        "boost",
        ("friendly",),
        2.0,
    )
    assert rule.reason % rule.reason_params == "Example note: friendly"


def test_hook_ipscrm_import_columns(example_app):
    columns = _pm(example_app).hook.ipscrm_import_columns()
    assert {"example_note": ["Example note", "Eksempelnotat"]} in columns


def test_hook_ipscrm_import_values(example_app):
    with example_app.app_context():
        factory = Factory()
        a, b = factory.employer(), factory.employer()
        _pm(example_app).hook.ipscrm_import_values(
            batch_id=1, values={a.id: {"example_note": " Nice place "}, b.id: {"example_note": ""}}
        )
        assert plugin_example._get("employer", a.id, "note") == "Nice place"
        assert plugin_example._get("employer", b.id, "note") is None


def test_hook_ipscrm_employer_saved(example_app):
    plugin_example.EVENTS.clear()
    with example_app.app_context():
        employer_id = Factory().employer().id
    assert ("employer_saved", {"employer_id": employer_id, "created": True}) in (
        plugin_example.EVENTS
    )


def test_hook_ipscrm_contact_logged(example_app):
    with example_app.app_context():
        factory = Factory()
        user, employer = factory.user(role=Role.SPECIALIST), factory.employer()
        plugin_example.EVENTS.clear()
        contact = contacts.log_contact(user, contacts.ContactInput(employer_id=employer.id))
        expected = [("contact_logged", {"contact_id": contact.id, "employer_id": employer.id})]
    assert expected == plugin_example.EVENTS


def test_hook_ipscrm_employers_imported(example_app):
    plugin_example.EVENTS.clear()
    with example_app.app_context():
        db.session.execute(sa.text("SELECT 1"))  # inside a transaction, as an import is
        events.emit("employers_imported", batch_id=7, employer_ids=[1, 2])
        db.session.rollback()  # a rolled-back import tells no plugin
        assert plugin_example.EVENTS == []
        events.emit("employers_imported", batch_id=8, employer_ids=[3])
        db.session.commit()
    assert plugin_example.EVENTS == [("employers_imported", {"batch_id": 8, "employer_ids": [3]})]

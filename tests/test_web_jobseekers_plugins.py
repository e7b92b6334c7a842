"""Plugins extend the jobseeker pages: extra form fields (loaded and saved through the
plugin's hooks) and panels in the ``jobseeker_page`` slot."""

from __future__ import annotations

from datetime import timedelta

from markupsafe import escape
from wtforms import SelectField

from ipscrm.hookspecs import hookimpl
from ipscrm.plugin_api import FormField, Panel
from ipscrm.timeutil import today
from tests.people_support import switch_user


class SubstanceFreePlugin:
    def __init__(self) -> None:
        self.stored: dict[int, dict] = {}

    @hookimpl
    def ipscrm_form_fields(self, form):
        if form == "jobseeker":
            choices = {"no_need": "No need", "prefer": "Prefer", "must": "Must"}
            return [FormField("substance_free", SelectField("Substance-free", choices=choices))]
        return None

    @hookimpl
    def ipscrm_form_load(self, form, object_id):
        return self.stored.get(object_id) if form == "jobseeker" else None

    @hookimpl
    def ipscrm_form_save(self, form, object_id, data, user_id):
        if form == "jobseeker":
            self.stored[object_id] = dict(data)

    @hookimpl
    def ipscrm_panels(self, slot, context):
        if slot == "jobseeker_page":
            need = self.stored.get(context["jobseeker"].id, {}).get("substance_free", "-")
            return [Panel(html=str(escape(f"Substance-free: {need}")), title="Rusfri")]
        return None


def test_plugin_fields_and_panel(app, client, factory, login):
    plugin = SubstanceFreePlugin()
    app.extensions["ipscrm_plugins"].register(plugin, name="test_substance_free")
    kari = factory.user()
    switch_user(login, kari)
    page = client.get("/jobseekers/new").get_data(as_text=True)
    assert 'for="substance_free"' in page
    response = client.post(
        "/jobseekers/new",
        data={
            "reference": "RUS-1",
            "program_entry_date": (today() - timedelta(days=1)).isoformat(),
            "specialist_id": str(kari.id),
            "status": "searching",
            "disclosure": "undecided",
            "substance_free": "must",
        },
    )
    assert response.status_code == 302
    jobseeker_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert plugin.stored[jobseeker_id]["substance_free"] == "must"
    page = client.get(f"/jobseekers/{jobseeker_id}").get_data(as_text=True)
    assert "Substance-free: must" in page and "Rusfri" in page
    edit = client.get(f"/jobseekers/{jobseeker_id}/edit").get_data(as_text=True)
    assert '<option selected value="must">' in edit

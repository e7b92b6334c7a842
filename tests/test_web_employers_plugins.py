"""Plugins on the employer pages: extra fields on the employer form (loaded on GET,
saved after the core saved) and panels in the employer_page, employer_badges and my_week
slots."""

from __future__ import annotations

from wtforms import StringField

from ipscrm.hookspecs import hookimpl
from ipscrm.plugin_api import FormField, Panel
from tests.test_web_employers import _page


class FieldPlugin:
    def __init__(self) -> None:
        self.stored: dict[int, dict] = {}

    @hookimpl
    def ipscrm_form_fields(self, form):
        if form == "employer":
            return [FormField("akan_policy", StringField("AKAN-policy"))]
        return None

    @hookimpl
    def ipscrm_form_load(self, form, object_id):
        return self.stored.get(object_id) if form == "employer" else None

    @hookimpl
    def ipscrm_form_save(self, form, object_id, data, user_id):
        if form == "employer":
            self.stored[object_id] = data

    @hookimpl
    def ipscrm_panels(self, slot, context):
        if slot == "employer_badges":
            return [Panel(f'<span class="badge">merke-{context["employer"].id}</span>')]
        if slot == "employer_page":
            return [Panel("<p>plugin-panel</p>", title="Rusfritt")]
        if slot == "my_week":
            return [Panel(f"<p>uke-panel for {context['user'].id}</p>")]
        return None


def test_plugin_fields_are_loaded_and_saved(app, client, factory, login):
    plugin = FieldPlugin()
    app.extensions["ipscrm_plugins"].register(plugin)
    login(factory.user())
    form = _page(client.get("/employers/new"))
    assert 'name="akan_policy"' in form and "AKAN-policy" in form
    response = client.post(
        "/employers/new",
        data={"name": "Med plugin AS", "stage": "identified", "owner_id": "None",
              "akan_policy": "ja"},
    )  # fmt: skip
    assert response.status_code == 302
    employer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert plugin.stored[employer_id]["akan_policy"] == "ja"
    # a refused form does not save the plugin's fields either
    client.post(
        "/employers/new",
        data={"name": "", "stage": "identified", "owner_id": "None", "akan_policy": "nei"},
    )
    assert len(plugin.stored) == 1
    edit = _page(client.get(f"/employers/{employer_id}/edit"))
    assert 'name="akan_policy" type="text" value="ja"' in edit


def test_plugin_panels_in_slots(app, client, factory, login):
    app.extensions["ipscrm_plugins"].register(FieldPlugin())
    user = factory.user()
    login(user)
    employer = factory.employer()
    page = _page(client.get(f"/employers/{employer.id}"))
    assert "plugin-panel" in page and "Rusfritt" in page and f"merke-{employer.id}" in page
    assert f"merke-{employer.id}" in _page(client.get("/employers/"))
    assert f"uke-panel for {user.id}" in _page(client.get("/"))

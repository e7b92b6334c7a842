"""Every input on the access, jobseeker and admin pages has a label, and every form that
posts carries a CSRF token."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ipscrm.models import Role
from ipscrm.services.jobseekers import record_job_start
from ipscrm.timeutil import today
from tests.people_support import switch_user


class _FormAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.inputs: list[dict] = []
        self.label_depth = 0
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.labels.add(a["for"])
        elif tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(), "csrf": False})
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type") in ("hidden", "submit", "button"):
                if a.get("name") == "csrf_token" and self.forms:
                    self.forms[-1]["csrf"] = True
                return
            self.inputs.append({**a, "_wrapped": self.label_depth > 0, "_tag": tag})

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1


@pytest.fixture
def pages(app, client, factory, login):
    app.config["WTF_CSRF_ENABLED"] = True
    team = factory.team("Nord")
    admin = factory.user(role=Role.ADMIN, team=team)
    kari = factory.user(team=team)
    jobseeker = factory.jobseeker(kari)
    employer = factory.employer(name="Bakeriet AS")
    start = record_job_start(kari, jobseeker.id, employer.id, "Baker", today())
    switch_user(login, admin)
    return [
        "/jobseekers/",
        "/jobseekers/new",
        f"/jobseekers/{jobseeker.id}",
        f"/jobseekers/{jobseeker.id}/edit",
        f"/jobseekers/{jobseeker.id}/job-starts/new?q=bak",
        f"/jobseekers/{jobseeker.id}/job-starts/{start.id}/end",
        "/account/password",
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{kari.id}",
        "/admin/teams",
        f"/admin/teams/{team.id}",
        "/admin/catalogue",
        "/admin/catalogue/1",
    ]


def test_every_input_has_a_label_and_every_post_form_a_csrf_token(client, pages):
    checked = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        audit = _FormAudit()
        audit.feed(response.get_data(as_text=True))
        checked += len(audit.inputs)
        for field in audit.inputs:
            labelled = (
                field["_wrapped"] or field.get("id") in audit.labels or field.get("aria-label")
            )
            assert labelled, f"{path}: {field['_tag']} {field.get('name')} has no label"
        for form in audit.forms:
            if form["method"] == "post":
                assert form["csrf"], f"{path}: a POST form without a CSRF token"
    assert checked > 50  # the pages really were parsed


def test_posting_with_the_token_works(client, pages):
    page = client.get("/admin/teams").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/admin/teams", data={"name": "Sør"}).status_code == 400
    response = client.post("/admin/teams", data={"name": "Sør", "csrf_token": token})
    assert response.status_code == 302

"""The audit trail: reading a jobseeker's profile or matching for them is traced (what
was read, never values), and admins see who changed or read what on the audit page,
filtered, newest first, a page at a time."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, Role
from ipscrm.services import audit_trail, employers
from ipscrm.timeutil import today


def reads(jobseeker_id: int) -> list[tuple[int | None, dict]]:
    db.session.expire_all()
    return [
        (e.user_id, e.changes)
        for e in db.session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.action == "read",
                AuditEvent.entity_type == "jobseeker",
                AuditEvent.entity_id == jobseeker_id,
            )
            .order_by(AuditEvent.id)
        )
    ]


def get(client, url: str):
    g.pop("_login_user", None)  # the requests share the test's app context
    return client.get(url)


def test_reading_a_profile_or_matching_for_a_jobseeker_is_traced(client, login, factory):
    kari = factory.user(name="Kari Nordmann")
    jobseeker = factory.jobseeker(kari, reference="NORD-5", interests="Hester og stall")
    login(kari)
    assert get(client, f"/jobseekers/{jobseeker.id}").status_code == 200
    assert get(client, f"/jobseekers/{jobseeker.id}/edit").status_code == 200
    assert get(client, f"/match/jobseeker/{jobseeker.id}").status_code == 200
    assert get(client, "/jobseekers/").status_code == 200  # the list: references only
    assert reads(jobseeker.id) == [
        (kari.id, {"profile": None}),
        (kari.id, {"profile": None}),
        (kari.id, {"preferences": None}),
    ]
    # Somebody who may not see the jobseeker reads nothing, and nothing is traced.
    login(factory.user(name="Ola Annen"))
    assert get(client, f"/jobseekers/{jobseeker.id}").status_code in (403, 404)
    assert len(reads(jobseeker.id)) == 3


def test_matching_from_the_command_line_is_traced_without_a_user(factory, run_cli):
    kari = factory.user()
    jobseeker = factory.jobseeker(kari, reference="NORD-6")
    db.session.commit()
    result = run_cli("match", "--jobseeker", "NORD-6", "--json")
    assert result.exit_code == 0, result.output
    assert reads(jobseeker.id) == [(None, {"preferences": None})]


@pytest.fixture
def admin(factory, login):
    user = factory.user(role=Role.ADMIN, name="Ada Admin")
    login(user)
    return user


def rows(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    if body is None:
        return []
    cells = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def test_admins_see_changes_and_reads_newest_first_without_jobseeker_values(client, admin, factory):
    kari = factory.user(name="Kari Nordmann")
    employer = factory.employer(name="Bakeriet AS", actor=kari)
    employers.update_employer(employer.id, {"phone": "22 33 44 55"}, kari.id)
    jobseeker = factory.jobseeker(kari, reference="NORD-7", interests="Hester og stall")
    page = get(client, "/admin/audit").get_data(as_text=True)
    assert "Revisjonsspor" in page
    listed = rows(page)
    assert listed[0].startswith(tuple("0123456789")) and "Kari Nordmann" in listed[0]
    assert "Opprettet Jobbsøker" in listed[0] and "Interesser" in listed[0]  # its label
    assert "Hester" not in page  # jobseeker values are never kept, so never shown
    assert any("Endret Arbeidsgiver" in r and "Telefon : – → 22 33 44 55" in r for r in listed)
    # Filtered to one employer, from its page's link.
    page = get(client, f"/employers/{employer.id}").get_data(as_text=True)
    link = re.search(r'id="audit-link" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    listed = rows(get(client, link).get_data(as_text=True))
    assert len(listed) == 2 and all("Arbeidsgiver" in r for r in listed)
    assert "Endret" in listed[0] and "Opprettet" in listed[1]
    # The admin opening the profile is a read, shown under the admin's name.
    get(client, f"/jobseekers/{jobseeker.id}")
    page = get(
        client, f"/admin/audit?entity_type=jobseeker&entity_id={jobseeker.id}&action=read"
    ).get_data(as_text=True)
    assert [r.split(" ", 2)[2] for r in rows(page)] == [
        f"Ada Admin Lest Jobbsøker #{jobseeker.id} Profil"
    ]


def count(page: str) -> int:
    return int(re.search(r'id="audit-count"[^>]*>\s*(\d+)', page).group(1))


def test_filters_by_user_and_days_and_pages(client, admin, factory, monkeypatch):
    kari = factory.user(name="Kari Nordmann")
    ola = factory.user(name="Ola Hansen")
    for i in range(7):
        factory.employer(name=f"Firma {i} AS", actor=kari if i % 2 else ola)
    monkeypatch.setattr(audit_trail, "PAGE_SIZE", 3)
    page = get(client, f"/admin/audit?user_id={kari.id}").get_data(as_text=True)
    assert "3 hendelser" in page and len(rows(page)) == 3
    assert all("Kari Nordmann" in r for r in rows(page))
    page = get(client, f"/admin/audit?user_id={ola.id}&entity_type=employer").get_data(as_text=True)
    assert "4 hendelser" in page and len(rows(page)) == 3 and 'rel="next"' in page
    older = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    page = get(client, older).get_data(as_text=True)
    assert len(rows(page)) == 1 and "Firma 0 AS" in page and 'rel="prev"' in page
    tomorrow = (today() + timedelta(days=1)).isoformat()
    page = get(client, f"/admin/audit?date_from={tomorrow}").get_data(as_text=True)
    assert "Ingen hendelser passer." in page
    day = today().isoformat()
    everything = get(client, "/admin/audit").get_data(as_text=True)
    page = get(client, f"/admin/audit?date_from={day}&date_to={day}").get_data(as_text=True)
    assert count(page) == count(everything) >= 9  # the users and employers made today


@pytest.mark.parametrize(
    "query",
    ["entity_id=abc", "entity_id=-3", "date_from=2026-13-45", "user_id=x", "page=zz",
     "page=99999999999", "action=<script>", "entity_type=%00", "entity_id=" + "9" * 40],
)  # fmt: skip
def test_odd_filters_never_fail(client, admin, query):
    response = get(client, f"/admin/audit?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_only_admins_see_the_audit_trail(client, login, factory):
    login(factory.user(role=Role.SUPERVISOR))
    assert get(client, "/admin/audit").status_code == 403


def test_many_events_of_one_kind_read_in_time_order_give_the_same_page(factory, monkeypatch):
    kari = factory.user(name="Kari Nordmann")
    for i in range(6):
        factory.employer(name=f"Firma {i} AS", actor=kari)
        factory.jobseeker(kari, reference=f"NORD-{i}")
    wanted = audit_trail.AuditFilter(entity_type="employer")
    sorted_page = audit_trail.list_events(wanted, page=2, page_size=4)
    monkeypatch.setattr(audit_trail, "SORT_MAX", 0)  # as if there were many
    in_order = audit_trail.list_events(wanted, page=2, page_size=4)
    assert in_order == sorted_page
    assert [r.entity_type for r in in_order.rows] == ["employer"] * 2
    assert in_order.total == 6 and not in_order.has_next


def test_the_filtered_trail_downloads_as_csv_without_formulas(client, admin, factory):
    kari = factory.user(name="Kari Nordmann")
    employer = factory.employer(name="=HYPERLINK(1) AS", actor=kari)
    employers.update_employer(employer.id, {"phone": "22 33 44 55"}, kari.id)
    factory.jobseeker(kari, reference="NORD-9", interests="Hester og stall")
    page = get(client, "/admin/audit?entity_type=employer").get_data(as_text=True)
    link = re.search(r'id="audit-csv" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    response = get(client, link)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0] == ["Når", "Bruker", "Handling", "Hva", "Nummer", "Detaljer"]
    assert [line[2:5] for line in lines[1:]] == [
        ["Endret", "Arbeidsgiver", str(employer.id)],
        ["Opprettet", "Arbeidsgiver", str(employer.id)],
    ]
    assert lines[1][1] == "Kari Nordmann" and lines[1][5] == "Telefon: – → 22 33 44 55"
    assert lines[2][5].startswith("Navn: – → =HYPERLINK(1) AS")  # not at a cell's start
    # A cell that would start a formula is kept as text.
    ola = factory.user(name="=SUM(A1) Ola")
    employers.update_employer(employer.id, {"phone": "99 88 77 66"}, ola.id)
    newest = list(csv.reader(io.StringIO(get(client, link).get_data(as_text=True))))[1]
    assert newest[1] == "'=SUM(A1) Ola"
    everything = get(client, "/admin/audit.csv").get_data(as_text=True)
    assert "NORD-9" not in everything and "Hester" not in everything
    assert "Jobbsøker" in everything


def test_fields_are_named_by_the_labels_of_their_forms(app):
    from ipscrm.web.admin.audit_labels import field_label, field_labels

    with app.test_request_context():
        labels = field_labels()
        assert field_label(labels, "employer", "business_postcode") == "Postnummer"
        assert field_label(labels, "jobseeker", "pref_job_types") == "Ønskede jobbtyper"
        assert field_label(labels, "contact_person", "notes") == "Notater"
        assert field_label(labels, "employer", "parent_id") == "Hovedenhet (organisasjonsnummer)"
        assert field_label(labels, "jobseeker", "preferences") == "Jobbønsker"
        # a plugin's record keeps its own field names
        assert field_label(labels, "income_plan", "planned_hours") == "planned_hours"

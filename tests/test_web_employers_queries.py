"""The employer list, the employer page and My week run a fixed number of SQL
statements, whatever the number of rows they show (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from ipscrm.extensions import db
from ipscrm.models import Stage
from ipscrm.services import accommodations, catalogue, contact_people, contacts
from ipscrm.services.followups import plan_follow_up
from ipscrm.services.jobseekers import record_job_start
from ipscrm.timeutil import today


@contextmanager
def count_statements():
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _fill_employer(factory, user, employer, n: int, jobseeker) -> None:
    types = catalogue.list_accommodation_types()
    for i in range(n):
        person = contact_people.add_person(employer.id, {"name": f"Person {i}"}, user.id)
        contacts.log_contact(
            user,
            contacts.ContactInput(
                employer_id=employer.id,
                contact_person_id=person.id,
                jobseeker_id=jobseeker.id,
                outcome=f"Kontakt {i}",
                follow_up_due=today() + timedelta(days=i),
            ),
        )
        accommodations.add_accommodation(employer.id, types[i].id, "offered", None, None, user.id)
        factory.employer(name=f"Filial {employer.id}-{i}", parent_id=employer.id)
        record_job_start(user, jobseeker.id, employer.id, f"Jobb {i}", today())
        plan_follow_up(user, employer.id, today() + timedelta(days=i), f"Plan {i}")


def _get(client, url: str) -> int:
    with count_statements() as statements:
        response = client.get(url)
        assert response.status_code == 200
    return len(statements)


def test_employer_list_statement_count_does_not_grow(client, factory, login, app_ctx):
    owner = factory.user()
    login(owner)
    for i in range(3):
        factory.employer(name=f"Liten {i}", owner_id=owner.id, tags=["x"], stage=Stage.ACTIVE)
    url = "/employers/?q=&tag=x&stage=active_relationship"
    few = _get(client, url)
    for i in range(30):
        factory.employer(name=f"Stor {i}", owner_id=owner.id, tags=["x"], stage=Stage.ACTIVE)
    many = _get(client, url)
    assert many == few
    assert few <= 8  # user, owners, catalogue, count, page (+ plugin slots)


def test_employer_page_statement_count_does_not_grow(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    jobseeker = factory.jobseeker(user, program_entry_date=today() - timedelta(days=30))
    small = factory.employer(name="Lite AS")
    big = factory.employer(name="Stort AS")
    _fill_employer(factory, user, small, 1, jobseeker)
    _fill_employer(factory, user, big, 8, jobseeker)
    db.session.expire_all()
    few = _get(client, f"/employers/{small.id}")
    db.session.expire_all()
    many = _get(client, f"/employers/{big.id}")
    assert many == few
    assert "Kontakt 7" in client.get(f"/employers/{big.id}").get_data(as_text=True)


def test_employer_page_timeline_is_paged(client, factory, login, app_ctx):
    from ipscrm.services import employer_queries

    user = factory.user()
    login(user)
    employer = factory.employer()
    for i in range(5):
        contacts.log_contact(
            user, contacts.ContactInput(employer_id=employer.id, outcome=f"Besøk nr. {i}")
        )
    details = employer_queries.employer_details(user, employer.id, 1, page_size=2)
    assert [c.outcome for c in details.contacts] == ["Besøk nr. 4", "Besøk nr. 3"]
    assert details.contact_count == 5 and details.timeline_pages == 3
    last = employer_queries.employer_details(user, employer.id, 3, page_size=2)
    assert [c.outcome for c in last.contacts] == ["Besøk nr. 0"]
    page = client.get(f"/employers/{employer.id}?timeline=1").get_data(as_text=True)
    assert "Besøk nr. 4" in page and "Besøk nr. 0" in page  # 50 a page
    assert client.get(f"/employers/{employer.id}?timeline=x").status_code == 200


def test_my_week_statement_count_does_not_grow(client, factory, login, app_ctx):
    user = factory.user()
    login(user)
    employer = factory.employer()
    jobseeker = factory.jobseeker(user)
    contacts.log_contact(
        user,
        contacts.ContactInput(
            employer_id=employer.id, jobseeker_id=jobseeker.id, follow_up_due=today()
        ),
    )
    few = _get(client, "/")
    for i in range(10):
        other = factory.employer(name=f"Arbeidsgiver {i}", actor=user)
        contacts.log_contact(
            user,
            contacts.ContactInput(
                employer_id=other.id, jobseeker_id=jobseeker.id, follow_up_due=today()
            ),
        )
        factory.jobseeker(user)
        plan_follow_up(user, other.id, today(), "Plan")
    db.session.expire_all()
    many = _get(client, "/")
    assert many == few

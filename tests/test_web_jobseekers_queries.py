"""The jobseeker list and profile run a fixed number of SQL statements, however many
jobseekers, job starts and contacts there are (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

import sqlalchemy as sa
from flask import g

from ipscrm.extensions import db
from ipscrm.models import Role
from ipscrm.services import contacts
from ipscrm.services.jobseekers import record_job_start
from ipscrm.timeutil import today
from tests.people_support import switch_user


@contextmanager
def counted():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _build(factory, specialists: int, per_specialist: int, contacts_each: int):
    team = factory.team()
    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    employers = [factory.employer() for _ in range(3)]
    workplaces = [factory.employer() for _ in range(3)]
    first = None
    for _ in range(specialists):
        specialist = factory.user(team=team)
        for _ in range(per_specialist):
            jobseeker = factory.jobseeker(specialist)
            first = first or jobseeker
            for employer in employers[:contacts_each]:
                contacts.log_contact(
                    specialist,
                    contacts.ContactInput(employer_id=employer.id, jobseeker_id=jobseeker.id),
                )
            for workplace in workplaces[:contacts_each]:
                record_job_start(specialist, jobseeker.id, workplace.id, "Jobb", today())
    return supervisor, first


def _statements(client, path: str) -> int:
    # The tests share one session with the requests: start each request from a cold one.
    db.session.expunge_all()
    g.pop("_login_user", None)
    with counted() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_list_and_profile_statements_do_not_grow(app, client, factory, login):
    small_supervisor, small_jobseeker = _build(factory, 1, 1, 1)
    big_supervisor, big_jobseeker = _build(factory, 4, 5, 3)
    small_profile, big_profile = (
        f"/jobseekers/{small_jobseeker.id}",
        f"/jobseekers/{big_jobseeker.id}",
    )
    small_supervisor, big_supervisor = (
        SimpleNamespace(id=small_supervisor.id),
        SimpleNamespace(id=big_supervisor.id),
    )
    switch_user(login, small_supervisor)
    small = (_statements(client, "/jobseekers/"), _statements(client, small_profile))
    switch_user(login, big_supervisor)
    big = (_statements(client, "/jobseekers/"), _statements(client, big_profile))
    assert big == small, (small, big)
    assert big[0] <= 8 and big[1] <= 12, big

"""Every change that feeds an employer's search document leaves an outbox row in the
same transaction; a rolled-back change leaves none."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import ContactPerson, Employer, SearchOutbox
from ipscrm.services import employers
from ipscrm.services.contacts import ContactInput, log_contact
from ipscrm.services.errors import ValidationFailed
from ipscrm.timeutil import now_utc


@pytest.fixture(autouse=True)
def worker_mode(app):
    """Keep the rows in the outbox (the inline sync would apply them right away)."""
    app.config["SEARCH_SYNC"] = "worker"


def pending() -> list[int]:
    return list(db.session.scalars(sa.select(SearchOutbox.employer_id).order_by(SearchOutbox.id)))


def clear() -> None:
    db.session.execute(sa.delete(SearchOutbox))
    db.session.commit()


def test_create_update_archive_enqueue(factory):
    employer = factory.employer()
    assert pending() == [employer.id]
    clear()
    employers.update_employer(employer.id, {"notes": "Trenger folk på lageret"}, None)
    employers.set_archived(employer.id, True, None)
    assert pending() == [employer.id, employer.id]


def test_related_records_enqueue_their_employer(factory):
    user = factory.user()
    a, b = factory.employer(), factory.employer()
    clear()
    person = ContactPerson(employer_id=a.id, name="Per")
    db.session.add(person)
    db.session.commit()
    assert pending() == [a.id]
    clear()
    person.employer_id = b.id  # moved: both documents change
    db.session.commit()
    assert sorted(pending()) == sorted([a.id, b.id])
    clear()
    log_contact(user, ContactInput(employer_id=b.id, occurred_at=now_utc() - timedelta(hours=1)))
    assert pending() == [b.id]


def test_rolled_back_change_leaves_nothing(factory):
    employer = factory.employer()
    clear()
    with pytest.raises(ValidationFailed):
        employers.update_employer(employer.id, {"organisation_number": "123456789"}, None)
    db.session.add(Employer(name="Aldri lagret"))
    db.session.flush()
    db.session.rollback()
    assert pending() == []

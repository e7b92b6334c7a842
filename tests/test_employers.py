"""Employer rules: organisation numbers, uniqueness, archive-not-delete, audit trail."""

import pytest
import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, Employer, Stage
from ipscrm.services import employers
from ipscrm.services.errors import Duplicate, ValidationFailed


def test_create_stores_normalised_fields(factory):
    actor = factory.user()
    employer = employers.create_employer(
        {
            "name": "  Bakeriet på Torget AS ",
            "organisation_number": "974 760 673",
            "business_postcode": "150",
            "business_municipality_number": "301",
            "website": "www.bakeriet.no",
            "job_types": ["Bakeri", "bakeri", " pakking "],
        },
        actor.id,
        tags=["Kjede", "kjede"],
    )
    db.session.expire_all()
    stored = db.session.get(Employer, employer.id)
    assert stored.name == "Bakeriet på Torget AS"
    assert stored.organisation_number == "974760673"
    assert stored.business_postcode == "0150"
    assert stored.business_municipality_number == "0301"
    assert stored.website == "https://www.bakeriet.no"
    assert stored.job_types == ["bakeri", "pakking"]
    assert stored.tags == ["kjede"]
    assert stored.stage == Stage.IDENTIFIED


def test_wrong_check_digit_is_refused(factory):
    with pytest.raises(ValidationFailed) as err:
        employers.create_employer({"name": "X", "organisation_number": "123456789"}, None)
    assert err.value.field == "organisation_number"
    assert "check digit" in str(err.value)
    assert db.session.scalar(sa.select(sa.func.count(Employer.id))) == 0


def test_organisation_number_is_optional_but_unique(factory):
    first = employers.create_employer({"name": "A AS", "organisation_number": "810034882"}, None)
    employers.create_employer({"name": "Uten nummer"}, None)
    employers.create_employer({"name": "Også uten nummer"}, None)
    with pytest.raises(Duplicate) as err:
        employers.create_employer({"name": "B AS", "organisation_number": "810034882"}, None)
    assert err.value.existing_id == first.id
    assert "A AS" in str(err.value)


def test_unique_constraint_holds_in_the_database(app_ctx):
    db.session.add_all(
        [
            Employer(name="A", organisation_number="988077917"),
            Employer(name="B", organisation_number="988077917"),
        ]
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_name_is_required_and_bounded(factory):
    with pytest.raises(ValidationFailed) as err:
        employers.create_employer({"name": "   "}, None)
    assert err.value.field == "name"
    with pytest.raises(ValidationFailed) as err:
        employers.create_employer({"name": "x" * 10_000}, None)
    assert err.value.field == "name"


def test_update_records_what_changed(factory):
    actor = factory.user()
    employer = factory.employer(name="Lager Øst AS")
    employers.update_employer(
        employer.id, {"name": "Lager Øst og Vest AS", "stage": "introduced"}, actor.id, tags=["ny"]
    )
    event = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "employer", AuditEvent.action == "update"
        )
    ).one()
    assert event.user_id == actor.id
    assert event.changes["name"] == ["Lager Øst AS", "Lager Øst og Vest AS"]
    assert event.changes["stage"] == ["identified", "introduced"]
    assert event.changes["tags"] == [[], ["ny"]]


def test_archive_keeps_the_employer(factory):
    actor = factory.user()
    employer = factory.employer()
    employers.set_archived(employer.id, True, actor.id)
    db.session.expire_all()
    stored = db.session.get(Employer, employer.id)
    assert stored is not None and stored.archived and stored.archived_at is not None
    employers.set_archived(employer.id, False, actor.id)
    assert not db.session.get(Employer, employer.id).archived
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "employer", AuditEvent.entity_id == employer.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["create", "archive", "restore"]
    assert not hasattr(employers, "delete_employer")


def test_worksite_cannot_be_its_own_ancestor(factory):
    parent = factory.employer()
    site = factory.employer(parent_id=parent.id)
    assert site.parent.id == parent.id
    with pytest.raises(ValidationFailed):
        employers.update_employer(parent.id, {"parent_id": site.id}, None)


def test_same_number_saved_by_someone_else_meanwhile_gets_the_duplicate_message(
    app_ctx, monkeypatch
):
    """The check before saving cannot see a save that commits just after it: the database
    constraint catches it and the user gets the usual message, nothing half-saved."""
    first = employers.create_employer({"name": "A AS", "organisation_number": "974760673"}, None)
    second = employers.create_employer({"name": "C AS"}, None)
    checks = iter([None])  # the first check (before saving) sees nothing, as in a race
    real_check = employers._ensure_unique
    monkeypatch.setattr(
        employers, "_ensure_unique", lambda n, own: next(checks, "x") and real_check(n, own)
    )
    with pytest.raises(Duplicate) as err:
        employers.create_employer({"name": "B AS", "organisation_number": "974760673"}, None)
    assert err.value.existing_id == first.id
    checks = iter([None])
    with pytest.raises(Duplicate):
        employers.update_employer(second.id, {"organisation_number": "974760673"}, None)
    names = db.session.scalars(sa.select(Employer.name).order_by(Employer.name)).all()
    assert names == ["A AS", "C AS"]

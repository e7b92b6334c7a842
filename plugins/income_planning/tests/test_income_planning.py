"""Income-planning notes: G by date (migration seed, CLI, admin page), access for the
specialist, their supervisor and admins only, an audit event for every read and
change, the pages with the calculator, and reviews due on My week."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import render_template_string
from ipscrm_income_planning import services

from ipscrm.extensions import db
from ipscrm.models import AuditEvent, Role
from ipscrm.services.errors import Forbidden, ValidationFailed
from ipscrm.timeutil import today
from tests.plugin_fixtures import login_as

pytestmark = pytest.mark.plugin("income_planning")


def _plan(**fields):
    data = {
        "benefit_type": "uforetrygd_full",
        "planned_hours": Decimal("10"),
        "hourly_wage": Decimal("200"),
        "session_date": date(2025, 6, 1),
        "next_review": None,
        "notes": "Wants to try 10 hours",
    }
    data.update(fields)
    return data


def _plain(text: str) -> str:
    """Page text with the non-breaking spaces of Norwegian number grouping as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _audit(action: str | None = None) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.entity_type == "income_plan")
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_migration_seeds_g_and_downgrade_removes_tables(make_app):
    app = make_app(["income_planning"])
    with app.app_context():
        values = [(g.valid_from, g.amount) for g in services.g_values()]
        assert values == [(date(2025, 5, 1), 130_160), (date(2024, 5, 1), 124_028)]
        db.session.remove()  # end the read transaction before dropping tables
        from flask_migrate import downgrade

        downgrade(revision="income_planning@base")
        tables = sa.inspect(db.engine).get_table_names()
    assert "income_planning_notes" not in tables and "employers" in tables


def test_g_in_force_on_the_session_date(seeded_g):
    assert services.g_on(date(2025, 4, 30)).amount == 124_028
    assert services.g_on(date(2025, 5, 1)).amount == 130_160
    assert services.g_on(date(2024, 4, 30)) is None


def test_g_set_command_extends_g(run_cli, reopen, seeded_g):
    result = run_cli("income", "g-set", "--from", "2026-05-01", "--amount", "135000")
    assert result.exit_code == 0, result.output
    assert "G from 2026-05-01: 135000 kr" in result.output
    with reopen() as conn:
        rows = conn.execute(
            sa.text("SELECT valid_from, amount FROM income_planning_g_values ORDER BY valid_from")
        ).all()
    assert [(str(d), a) for d, a in rows][-1] == ("2026-05-01", 135000)
    listed = run_cli("income", "g-list").output
    assert listed.splitlines()[0] == "2026-05-01  135000 kr"


def test_g_set_refuses_bad_input(run_cli, reopen, seeded_g):
    bad_date = run_cli("income", "g-set", "--from", "1. mai", "--amount", "135000")
    assert bad_date.exit_code != 0 and "'1. mai' is not a date" in bad_date.output
    too_small = run_cli("income", "g-set", "--from", "2026-05-01", "--amount", "13")
    assert too_small.exit_code != 0 and "amount: G must be a whole number" in too_small.output
    with reopen() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM income_planning_g_values")).scalar()
    assert count == 2


def test_guidance_uses_g_of_the_session_date(app_ctx, seeded_g, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user)
    before = services.create_plan(user, jobseeker.id, _plan(session_date=date(2025, 4, 1)))
    after = services.create_plan(user, jobseeker.id, _plan(session_date=date(2025, 6, 1)))
    assert services.guidance_for(before).result.limit == Decimal("49611")  # 0.4 × 124 028
    assert services.guidance_for(after).result.limit == Decimal("52064")  # 0.4 × 130 160


def test_who_may_read_the_notes(app_ctx, seeded_g, factory):
    team, other_team = factory.team(), factory.team()
    specialist = factory.user(team=team)
    supervisor = factory.user(role=Role.SUPERVISOR, team=team)
    admin = factory.user(role=Role.ADMIN)
    colleague = factory.user(team=team)
    other_supervisor = factory.user(role=Role.SUPERVISOR, team=other_team)
    jobseeker = factory.jobseeker(specialist)
    plan = services.create_plan(specialist, jobseeker.id, _plan())
    for user in (specialist, supervisor, admin):
        assert services.list_plans(user, jobseeker.id)[1] == [plan]
        assert services.get_plan(user, plan.id) == plan
    for user in (colleague, other_supervisor):
        with pytest.raises(Forbidden):
            services.list_plans(user, jobseeker.id)
        with pytest.raises(Forbidden):
            services.get_plan(user, plan.id)
        with pytest.raises(Forbidden):
            services.update_plan(user, plan.id, _plan(notes="changed"))
        with pytest.raises(Forbidden):
            services.create_plan(user, jobseeker.id, _plan())
    assert services.get_plan(specialist, plan.id).notes == "Wants to try 10 hours"


def test_every_read_and_change_is_audited_without_values(app_ctx, seeded_g, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user)
    plan = services.create_plan(user, jobseeker.id, _plan())
    services.list_plans(user, jobseeker.id)
    services.get_plan(user, plan.id)
    services.update_plan(user, plan.id, _plan(notes="Now 12 hours", planned_hours=Decimal("12")))
    actions = [(e.action, e.user_id, e.entity_id) for e in _audit()]
    assert actions == [
        ("create", user.id, jobseeker.id),
        ("read", user.id, jobseeker.id),
        ("read", user.id, jobseeker.id),
        ("update", user.id, jobseeker.id),
    ]
    update = _audit("update")[0]
    assert update.changes == {"notes": None, "planned_hours": None}
    assert "Now 12 hours" not in str([e.changes for e in _audit()])


def test_bad_plans_are_refused_with_the_field(app_ctx, seeded_g, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user)
    cases = {
        "benefit_type": _plan(benefit_type="lottery"),
        "next_review": _plan(next_review=date(2025, 5, 1)),
        "planned_hours": _plan(planned_hours="a lot"),
        "hourly_wage": _plan(hourly_wage=Decimal("-1")),
        "session_date": _plan(session_date=None),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationFailed) as err:
            services.create_plan(user, jobseeker.id, data)
        assert err.value.field == field
    assert services.list_plans(user, jobseeker.id)[1] == []


def test_pages_show_guidance_and_save_plans(app, client, seeded_g, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user, reference="JS-INC")
    jobseeker_id = jobseeker.id
    login_as(app, client, user.id)
    response = client.post(
        f"/income-planning/jobseeker/{jobseeker_id}/new",
        data={
            "benefit_type": "aap",
            "planned_hours": "25",
            "session_date": "2025-06-01",
            "next_review": "2025-05-01",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Neste gjennomgang kan ikke være før samtalen." in page
    response = client.post(
        f"/income-planning/jobseeker/{jobseeker_id}/new",
        data={"benefit_type": "aap", "planned_hours": "25", "session_date": "2025-06-01"},
    )
    assert response.status_code == 302
    page = client.get(f"/income-planning/jobseeker/{jobseeker_id}").get_data(as_text=True)
    assert "Veiledning, ikke et vedtak" in page
    assert "Over 22,5 timer: AAP faller bort" in page and "inntil 30 timer" in page
    plan_id = services.list_plans(user, jobseeker_id)[1][0].id
    edit = client.post(
        f"/income-planning/{plan_id}/edit",
        data={
            "benefit_type": "uforetrygd_graded",
            "planned_hours": "4",
            "hourly_wage": "200",
            "session_date": "2025-06-01",
        },
    )
    assert edit.status_code == 302
    page = _plain(client.get(f"/income-planning/jobseeker/{jobseeker_id}").get_data(as_text=True))
    assert "Igjen under grensen: 10 464 kr per år." in page
    assert "G 130 160 kr fra 2025-05-01" in page


def test_page_says_when_g_is_missing_for_the_session_date(app, client, seeded_g, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user)
    services.create_plan(user, jobseeker.id, _plan(session_date=date(2023, 6, 1)))
    login_as(app, client, user.id)
    page = client.get(f"/income-planning/jobseeker/{jobseeker.id}").get_data(as_text=True)
    assert "Ingen G er registrert for 2023-06-01." in page


def test_pages_refuse_others(app, client, seeded_g, factory):
    owner, stranger = factory.user(), factory.user()
    jobseeker = factory.jobseeker(owner)
    plan = services.create_plan(owner, jobseeker.id, _plan())
    jobseeker_id, plan_id = jobseeker.id, plan.id
    login_as(app, client, stranger.id)
    assert client.get(f"/income-planning/jobseeker/{jobseeker_id}").status_code == 403
    assert client.get(f"/income-planning/jobseeker/{jobseeker_id}/new").status_code == 403
    assert client.get(f"/income-planning/{plan_id}/edit").status_code == 403
    assert client.get("/income-planning/jobseeker/999999").status_code == 404
    assert client.get("/income-planning/999999/edit").status_code == 404
    assert client.get("/income-planning/g").status_code == 403


def test_admin_extends_g_in_the_app(app, client, seeded_g, factory):
    admin = factory.user(role=Role.ADMIN)
    login_as(app, client, admin.id)
    assert 'href="/income-planning/g"' in client.get("/").get_data(as_text=True)
    response = client.post("/income-planning/g", data={"valid_from": "2026-05-01", "amount": "1"})
    assert "G (kr per år)" in response.get_data(as_text=True) and response.status_code == 200
    response = client.post(
        "/income-planning/g", data={"valid_from": "2026-05-01", "amount": "135000"}
    )
    assert response.status_code == 302
    assert services.g_on(date(2026, 6, 1)).amount == 135_000
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "income_planning_g")
    ).all()[-1]
    assert event.user_id == admin.id and event.changes["amount"] == [None, 135000]


def test_reviews_due_on_my_week(app, seeded_g, factory):
    me, colleague = factory.user(name="Kari"), factory.user()
    soon = factory.jobseeker(me, reference="JS-SOON")
    later = factory.jobseeker(me, reference="JS-LATER")
    replaced = factory.jobseeker(me, reference="JS-REPLACED")
    theirs = factory.jobseeker(colleague, reference="JS-THEIRS")
    day = today()
    services.create_plan(me, soon.id, _plan(session_date=day, next_review=day + timedelta(days=3)))
    services.create_plan(
        me, later.id, _plan(session_date=day, next_review=day + timedelta(days=60))
    )
    old = day - timedelta(days=30)
    services.create_plan(me, replaced.id, _plan(session_date=old, next_review=old))
    services.create_plan(me, replaced.id, _plan(session_date=day, next_review=None))
    services.create_plan(
        colleague, theirs.id, _plan(session_date=day, next_review=day + timedelta(days=1))
    )
    assert [r.reference for r in services.reviews_due(me)] == ["JS-SOON"]
    with app.test_request_context("/"):
        login_as_request(me)
        html = render_template_string("{{ slot('my_week', user=u) }}", u=me)
        panel = render_template_string("{{ slot('jobseeker_page', jobseeker=j) }}", j=soon)
    assert "Inntektsplaner som skal gjennomgås" in html and "JS-SOON" in html
    assert "JS-LATER" not in html and "JS-THEIRS" not in html
    assert f'href="/income-planning/jobseeker/{soon.id}"' in panel


def login_as_request(user) -> None:
    from flask_login import login_user

    login_user(user)


def test_jobseeker_panel_hidden_from_others(app, seeded_g, factory):
    owner, stranger = factory.user(), factory.user()
    jobseeker = factory.jobseeker(owner)
    with app.test_request_context("/"):
        login_as_request(stranger)
        html = render_template_string("{{ slot('jobseeker_page', jobseeker=j) }}", j=jobseeker)
    assert "income-planning" not in html


def test_pages_link_the_jobseeker_profile(app, client, seeded_g, factory):
    user = factory.user()
    jobseeker = factory.jobseeker(user, reference="JS-LENKE")
    jobseeker_id = jobseeker.id
    login_as(app, client, user.id)
    href = f'href="/jobseekers/{jobseeker_id}"'
    for url in (
        f"/income-planning/jobseeker/{jobseeker_id}",
        f"/income-planning/jobseeker/{jobseeker_id}/new",
    ):
        page = client.get(url).get_data(as_text=True)
        assert f"{href}>JS-LENKE</a>" in page
    assert client.get(f"/jobseekers/{jobseeker_id}").status_code == 200

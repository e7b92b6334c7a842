"""The hooks of the income-planning plugin (entry point ``income_planning``)."""

from __future__ import annotations

import os
from typing import Any

from flask import render_template
from flask_babel import gettext
from flask_login import current_user

from ipscrm.hookspecs import hookimpl
from ipscrm.i18n import N_
from ipscrm.models import Role
from ipscrm.plugin_api import Panel
from ipscrm.services.access import can_see_jobseeker
from ipscrm.timeutil import today
from ipscrm_income_planning import cli, services, web


@hookimpl
def ipscrm_default_settings() -> dict[str, Any]:
    return {
        # Uføretrygd: income up to 0.4 G a year without reduction (without an
        # individual limit from the NAV decision).
        "INCOME_PLANNING_UFORE_G_FACTOR": 0.4,
        # AAP: hours measured against a full week; stops above 60 %, one-time phase to 80 %.
        "INCOME_PLANNING_AAP_FULL_WEEK_HOURS": 37.5,
        "INCOME_PLANNING_AAP_STOP_SHARE": 0.6,
        "INCOME_PLANNING_AAP_PHASE_SHARE": 0.8,
        "INCOME_PLANNING_WEEKS_PER_YEAR": 52,
        # Reviews due within this many days appear on My week.
        "INCOME_PLANNING_REVIEW_NOTICE_DAYS": 7,
    }


@hookimpl
def ipscrm_migrations() -> str:
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def ipscrm_blueprints() -> list[Any]:
    return [web.bp]


@hookimpl
def ipscrm_cli_commands() -> list[Any]:
    return [cli.income]


@hookimpl
def ipscrm_nav_items() -> list[Any]:
    from ipscrm.web.nav import NavItem

    return [
        NavItem(
            "income_planning.g_values",
            N_("G (basic amount)"),
            order=910,
            roles=(Role.ADMIN,),
            prefix="/income-planning/g",
        )
    ]


@hookimpl
def ipscrm_panels(slot: str, context: dict[str, Any]) -> list[Panel] | None:
    if not current_user or not current_user.is_authenticated:
        return None
    if slot == "jobseeker_page":
        jobseeker = context["jobseeker"]
        if not can_see_jobseeker(current_user, jobseeker):
            return None
        html = render_template("income_planning/jobseeker_panel.html", jobseeker=jobseeker)
        return [Panel(html=html, title=gettext("Income planning"), order=70)]
    if slot == "my_week":
        due = services.reviews_due(context["user"])
        if not due:
            return None
        html = render_template("income_planning/my_week.html", due=due, today=today())
        return [Panel(html=html, title=gettext("Income-planning reviews due"), order=70)]
    return None

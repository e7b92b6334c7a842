"""The hooks of the substance-free plugin (entry point ``substance_free``)."""

from __future__ import annotations

import os
from typing import Any

from flask_login import current_user

from ipscrm.hookspecs import hookimpl
from ipscrm.i18n import N_
from ipscrm.plugin_api import FormField, MatchRule, Panel, SearchField
from ipscrm.search import outbox
from ipscrm_substance_free import forms, services, web
from ipscrm_substance_free.models import EmployerProfile, Need

# A change to an employer's substance-free facts refreshes its search document.
outbox.track(EmployerProfile, "employer_id")


@hookimpl
def ipscrm_default_settings() -> dict[str, Any]:
    return {
        # Verifications older than this are flagged for review on My week.
        "SUBSTANCE_FREE_REVIEW_DAYS": 365,
        # Industry code prefixes (SN2007 and SN2025) that suggest serving alcohol:
        # restaurants (56.1) and bars (56.3).
        "SUBSTANCE_FREE_ALCOHOL_INDUSTRY_CODES": ["56.1", "56.3"],
        # Match score weights: "must" ranks verified substance-free employers first.
        "SUBSTANCE_FREE_MUST_WEIGHT": 3.0,
        "SUBSTANCE_FREE_PREFER_WEIGHT": 1.0,
    }


@hookimpl
def ipscrm_migrations() -> str:
    return os.path.join(os.path.dirname(__file__), "migrations", "versions")


@hookimpl
def ipscrm_blueprints() -> list[Any]:
    return [web.bp]


@hookimpl
def ipscrm_nav_items() -> list[Any]:
    from ipscrm.web.nav import NavItem

    return [
        NavItem(
            "substance_free.index",
            N_("Substance-free workplaces"),
            order=60,
            prefix="/substance-free",
        )
    ]


@hookimpl
def ipscrm_panels(slot: str, context: dict[str, Any]) -> list[Panel] | None:
    panel = None
    if slot == "employer_badges":
        panel = web.badge_panel(context["employer"], context.get("employers"))
    elif slot == "employer_page":
        panel = web.employer_panel(context["employer"])
    elif slot == "jobseeker_page":
        user = context.get("user") or (current_user if current_user.is_authenticated else None)
        panel = web.jobseeker_panel(context["jobseeker"], user)
    elif slot == "my_week":
        panel = web.my_week_panel(context["user"])
    return [panel] if panel else None


@hookimpl
def ipscrm_form_fields(form: str) -> list[FormField] | None:
    if form == "employer":
        return forms.employer_fields()
    if form == "jobseeker":
        return forms.jobseeker_fields()
    return None


@hookimpl
def ipscrm_form_load(form: str, object_id: int) -> dict[str, Any] | None:
    from ipscrm.services.employers import get_employer

    if form == "employer":
        return services.form_values(get_employer(object_id))
    if form == "jobseeker":
        return {"substance_free_need": services.get_need(object_id).value}
    return None


@hookimpl
def ipscrm_form_save(form: str, object_id: int, data: dict[str, Any], user_id: int | None) -> None:
    if form == "employer" and any(name in data for name in services.EMPLOYER_FIELDS):
        services.save_employer_facts(object_id, data, user_id)
    elif form == "jobseeker" and "substance_free_need" in data:
        services.save_need(object_id, data["substance_free_need"], user_id)


@hookimpl
def ipscrm_search_fields() -> list[SearchField]:
    return [
        SearchField(name="status", kind="keyword"),
        SearchField(name="verified", kind="boolean"),
        SearchField(name="verified_on", kind="date"),
    ]


@hookimpl
def ipscrm_search_documents(employer_ids: list[int]) -> dict[int, dict[str, Any]]:
    return {
        employer_id: {
            "substance_free_status": status.value,
            "substance_free_verified": status.verified,
            "substance_free_verified_on": status.verified_on,
        }
        for employer_id, status in services.statuses(employer_ids).items()
    }


@hookimpl
def ipscrm_jobseeker_preferences(jobseeker_id: int) -> dict[str, Any]:
    return {"substance_free": services.get_need(jobseeker_id).value}


@hookimpl
def ipscrm_preference_keys() -> dict[str, type]:
    return {"substance_free": str}


@hookimpl
def ipscrm_match_rules(preferences: dict[str, Any]) -> list[MatchRule] | None:
    from flask import current_app

    need = preferences.get("substance_free")
    if need not in (Need.MUST, Need.PREFER):
        return None
    must = need == Need.MUST
    weight = current_app.config[
        "SUBSTANCE_FREE_MUST_WEIGHT" if must else "SUBSTANCE_FREE_PREFER_WEIGHT"
    ]
    rules = [
        MatchRule(
            field="substance_free_status",
            values=("yes",),
            kind="boost",
            weight=weight,
            reason=N_("Substance-free workplace"),
        ),
        MatchRule(
            field="substance_free_verified",
            values=(True,),
            kind="boost",
            weight=weight,
            reason=N_("Substance-free status verified"),
        ),
    ]
    if must:
        rules.insert(
            0,
            MatchRule(
                field="substance_free_status",
                values=("no",),
                kind="exclude",
                reason=N_("Left out: not a substance-free workplace"),
            ),
        )
    return rules


@hookimpl
def ipscrm_import_columns() -> dict[str, list[str]]:
    return {"substance_free": ["Rusfri", "Substance-free", "Substance free", "Rusfri arbeidsplass"]}


@hookimpl
def ipscrm_import_values(batch_id: int, values: dict[int, dict[str, str]]) -> None:
    services.import_values(batch_id, values)

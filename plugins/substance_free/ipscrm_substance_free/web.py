"""The plugin's page (``/substance-free/``: the portfolio of substance-free workplaces,
verified first, and the verifications due for review) and the panels it renders into
the core's template slots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from flask import Blueprint, current_app, g, render_template
from flask_login import current_user, login_required

from ipscrm.models import Employer, Jobseeker, User
from ipscrm.plugin_api import Panel
from ipscrm.services.access import can_see_jobseeker
from ipscrm.timeutil import today
from ipscrm_substance_free import forms, services

bp = Blueprint(
    "substance_free", __name__, url_prefix="/substance-free", template_folder="templates"
)


@bp.route("/")
@login_required
def index():
    review, review_total = services.due_for_review(current_user)
    return render_template(
        "substance_free/index.html",
        employers=services.substance_free_employers(),
        review=review,
        review_total=review_total,
        review_days=current_app.config["SUBSTANCE_FREE_REVIEW_DAYS"],
    )


def _review_due(status: services.Status) -> bool:
    if status.verified_on is None:
        return False
    days = current_app.config["SUBSTANCE_FREE_REVIEW_DAYS"]
    return status.verified_on <= today() - timedelta(days=days)


def badge_panel(employer: Employer, page: Sequence[Employer] | None = None) -> Panel | None:
    status = _page_status(employer, page) if page else services.employer_status(employer)
    if status.value == "unknown":
        return None
    html = render_template(
        "substance_free/badge.html", status=status, review_due=_review_due(status)
    )
    return Panel(html=html, order=50)


def _page_status(employer: Employer, page: Sequence[Employer]) -> services.Status:
    """The status of an employer on a list page; the whole page is loaded in one go."""
    cache = g.setdefault("substance_free_statuses", {})
    if employer.id not in cache:
        cache.update(services.statuses([e.id for e in page]))
    return cache.get(employer.id) or services.employer_status(employer)


def employer_panel(employer: Employer) -> Panel:
    profile = services.get_profile(employer.id)
    status = services.status_of(employer, profile)
    html = render_template(
        "substance_free/employer_panel.html",
        profile=profile,
        status=status,
        review_due=_review_due(status),
        labels=dict(forms.ANSWERS) | dict(forms.FREQUENCIES),
    )
    return Panel(html=html, title=_title(), order=50)


def jobseeker_panel(jobseeker: Jobseeker, user: User | None) -> Panel | None:
    if user is None or not can_see_jobseeker(user, jobseeker):
        return None
    need = services.get_need(jobseeker.id)
    html = render_template("substance_free/jobseeker_panel.html", need=need)
    return Panel(html=html, title=_title(), order=50)


def my_week_panel(user: User) -> Panel | None:
    rows, total = services.due_for_review(user, limit=10)
    if not total:
        return None
    html = render_template(
        "substance_free/my_week.html",
        rows=rows,
        total=total,
        review_days=current_app.config["SUBSTANCE_FREE_REVIEW_DAYS"],
    )
    return Panel(html=html, title=_title(review=True), order=60)


def _title(review: bool = False) -> str:
    from flask_babel import gettext

    if review:
        return gettext("Substance-free status to review")
    return gettext("Substance-free workplace")

"""The income-planning pages: a jobseeker's notes with the calculator's guidance,
adding and editing notes, and the admins' G page. Views check access through the
services (404 / 403) and never touch the database themselves."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ipscrm.i18n import translate
from ipscrm.models import Role
from ipscrm.services.access import get_visible_jobseeker
from ipscrm.services.errors import Forbidden, NotFound, ValidationFailed
from ipscrm.timeutil import today
from ipscrm_income_planning import services
from ipscrm_income_planning.forms import BENEFIT_LABELS, GForm, PlanForm

bp = Blueprint(
    "income_planning", __name__, url_prefix="/income-planning", template_folder="templates"
)


def _guard(call, *args):
    try:
        return call(*args)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)


@bp.route("/jobseeker/<int:jobseeker_id>")
@login_required
def jobseeker(jobseeker_id: int):
    person, plans = _guard(services.list_plans, current_user, jobseeker_id)
    return render_template(
        "income_planning/jobseeker.html",
        jobseeker=person,
        guidance=[services.guidance_for(plan) for plan in plans],
        labels=BENEFIT_LABELS,
    )


def _form_error(form: PlanForm, err: ValidationFailed) -> None:
    message = translate(err.message, err.params)
    if err.field and err.field in form:
        form[err.field].errors = [*form[err.field].errors, message]
    else:
        flash(message, "error")


@bp.route("/jobseeker/<int:jobseeker_id>/new", methods=["GET", "POST"])
@login_required
def new(jobseeker_id: int):
    person = _guard(get_visible_jobseeker, current_user, jobseeker_id)
    form = PlanForm()
    if request.method == "GET":
        form.session_date.data = today()
    if form.validate_on_submit():
        try:
            services.create_plan(current_user, jobseeker_id, form.data)
        except ValidationFailed as err:
            _form_error(form, err)
        else:
            flash(gettext("Income plan saved."), "success")
            return redirect(url_for(".jobseeker", jobseeker_id=jobseeker_id))
    return render_template("income_planning/form.html", form=form, jobseeker=person)


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit(plan_id: int):
    plan = _guard(services.get_plan, current_user, plan_id)
    form = PlanForm(obj=plan) if request.method == "GET" else PlanForm()
    if request.method == "GET":
        form.benefit_type.data = plan.benefit_type.value
    if form.validate_on_submit():
        try:
            services.update_plan(current_user, plan_id, form.data)
        except ValidationFailed as err:
            _form_error(form, err)
        else:
            flash(gettext("Income plan saved."), "success")
            return redirect(url_for(".jobseeker", jobseeker_id=plan.jobseeker_id))
    return render_template(
        "income_planning/form.html", form=form, jobseeker=plan.jobseeker, plan=plan
    )


@bp.route("/g", methods=["GET", "POST"])
@login_required
def g_values():
    if current_user.role != Role.ADMIN:
        abort(403)
    form = GForm()
    if form.validate_on_submit():
        try:
            services.set_g(form.valid_from.data, form.amount.data, current_user.id)
        except ValidationFailed as err:
            form.amount.errors = [*form.amount.errors, translate(err.message, err.params)]
        else:
            flash(gettext("G saved."), "success")
            return redirect(url_for(".g_values"))
    return render_template("income_planning/g.html", form=form, values=services.g_values())

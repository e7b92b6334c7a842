"""Follow-ups: mine (supervisors: the team's, with a filter); mark done, reschedule, plan."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ipscrm.services import followups as followup_service
from ipscrm.services.contacts import jobseeker_choices
from ipscrm.services.employers import get_employer
from ipscrm.services.errors import Forbidden, NotFound, ValidationFailed
from ipscrm.timeutil import today
from ipscrm.web.contacts.views import _arg_id, choose_employer, visible_jobseeker_or_abort
from ipscrm.web.employers.common import back_to, show_error
from ipscrm.web.employers.forms import ConfirmForm
from ipscrm.web.followups.forms import PlanForm, RescheduleForm

bp = Blueprint("followups", __name__, url_prefix="/followups")


@bp.route("/")
@login_required
def index():
    people = followup_service.visible_specialists(current_user)
    who = request.args.get("who", "me")
    if who == "team" and len(people) > 1:
        ids = [p.id for p in people]
    elif who.isdigit() and int(who) in {p.id for p in people}:
        ids = [int(who)]
    else:
        who, ids = "me", [current_user.id]
    show = request.args.get("show", "open")
    done = show == "done"
    items = followup_service.list_follow_ups(current_user, ids, done=done)
    return render_template(
        "followups/index.html",
        items=items,
        people=people,
        who=who,
        show="done" if done else "open",
        today=today(),
        limit=followup_service.LIST_LIMIT,
        reschedule_form=RescheduleForm(formdata=None),
    )


def _change(action, kind: str, item_id: int, *args):
    try:
        action(current_user, kind, item_id, *args)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)


@bp.route("/<kind>/<int:item_id>/done", methods=["POST"])
@login_required
def done(kind: str, item_id: int):
    if ConfirmForm().validate_on_submit():
        _change(followup_service.mark_done, kind, item_id)
        flash(gettext("The follow-up is marked as done."), "success")
    return redirect(back_to("followups.index"))


@bp.route("/<kind>/<int:item_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(kind: str, item_id: int):
    form = RescheduleForm()
    if form.validate_on_submit():
        try:
            _change(followup_service.reschedule, kind, item_id, form.due.data)
        except ValidationFailed as err:
            show_error(form, err)
        else:
            flash(gettext("The follow-up was moved."), "success")
            return redirect(back_to("followups.index"))
    elif request.method == "GET" and form.due.data is None:
        form.due.data = today()
    return render_template(
        "followups/reschedule.html", form=form, kind=kind, item_id=item_id,
        next=request.values.get("next", ""),
    )  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    employer_id = _arg_id("employer_id")
    jobseeker_id = _arg_id("jobseeker_id")
    visible_jobseeker_or_abort(jobseeker_id)
    if employer_id is None:
        return choose_employer(
            "followups.new",
            gettext("Plan a follow-up"),
            gettext("Which employer is the follow-up with?"),
            jobseeker_id,
        )
    try:
        employer = get_employer(employer_id)
    except NotFound:
        abort(404)
    form = PlanForm()
    form.jobseeker_id.choices = [(None, "—"), *jobseeker_choices(current_user)]
    if request.method == "GET":
        form.jobseeker_id.data = jobseeker_id
    if form.validate_on_submit():
        try:
            followup_service.plan_follow_up(
                current_user, employer.id, form.due.data, form.note.data, form.jobseeker_id.data
            )
        except Forbidden:
            abort(403)
        except ValidationFailed as err:
            show_error(form, err, {"employer_id": ""})
        else:
            flash(gettext("The follow-up was planned."), "success")
            return redirect(url_for("employers.show", employer_id=employer.id))
    return render_template("followups/new.html", form=form, employer=employer)

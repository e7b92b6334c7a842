"""Log a contact: choose the employer (when not given), then one form."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ipscrm.services import contacts as contact_service
from ipscrm.services.access import get_visible_jobseeker
from ipscrm.services.employer_queries import contact_people
from ipscrm.services.employer_text_match import pick_employers
from ipscrm.services.employers import get_employer
from ipscrm.services.errors import Forbidden, NotFound, ValidationFailed
from ipscrm.services.my_week import recent_employers
from ipscrm.timeutil import from_local
from ipscrm.web.contacts.forms import ContactForm
from ipscrm.web.employers.common import show_error

bp = Blueprint("contacts", __name__, url_prefix="/contacts")


def _arg_id(name: str) -> int | None:
    value = request.args.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        abort(404)
    return int(value)


def visible_jobseeker_or_abort(jobseeker_id: int | None) -> None:
    if jobseeker_id is None:
        return
    try:
        get_visible_jobseeker(current_user, jobseeker_id)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)


def choose_employer(target: str, title: str, question: str, jobseeker_id: int | None):
    """The first step when no employer was given: search for one or pick a recent one."""
    q = request.args.get("q", "")
    return render_template(
        "contacts/choose_employer.html",
        target=target,
        title=title,
        question=question,
        q=q,
        found=pick_employers(q),
        recent=recent_employers(current_user.id),
        jobseeker_id=jobseeker_id,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    employer_id = _arg_id("employer_id")
    jobseeker_id = _arg_id("jobseeker_id")
    visible_jobseeker_or_abort(jobseeker_id)
    if employer_id is None:
        return choose_employer(
            "contacts.new",
            gettext("Log a contact"),
            gettext("Which employer did you talk to?"),
            jobseeker_id,
        )
    try:
        employer = get_employer(employer_id)
    except NotFound:
        abort(404)
    form = ContactForm()
    form.set_choices(contact_people(employer.id), contact_service.jobseeker_choices(current_user))
    if request.method == "GET" and jobseeker_id is not None:
        form.jobseeker_id.data = jobseeker_id
    if form.validate_on_submit():
        data = contact_service.ContactInput(
            employer_id=employer.id,
            mode=form.mode.data,
            purpose=form.purpose.data,
            occurred_at=from_local(form.occurred_at.data),
            contact_person_id=form.contact_person_id.data,
            jobseeker_id=form.jobseeker_id.data,
            outcome=form.outcome.data,
            next_step=form.next_step.data,
            follow_up_due=form.follow_up_due.data,
        )
        try:
            contact_service.log_contact(current_user, data)
        except Forbidden:
            abort(403)
        except (ValidationFailed, NotFound) as err:
            show_error(form, err)
        else:
            flash(gettext("The contact was logged."), "success")
            if request.args.get("next") == "home":
                return redirect(url_for("home.index"))
            return redirect(url_for("employers.show", employer_id=employer.id, _anchor="timeline"))
    return render_template("contacts/form.html", form=form, employer=employer)

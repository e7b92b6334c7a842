"""Jobseeker pages. Every view goes through the access rules (403 for another person's
jobseeker) and the jobseekers service; nothing here logs jobseeker data."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ipscrm.i18n import translate
from ipscrm.models import Employer, JobseekerStatus
from ipscrm.services import catalogue, edit_conflicts, jobseekers
from ipscrm.services.access import assignable_specialists, get_visible_jobseeker
from ipscrm.services.edit_conflicts import EditConflict
from ipscrm.services.employer_text_match import EmployerChoice, pick_employers
from ipscrm.services.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from ipscrm.timeutil import today
from ipscrm.web import plugin_forms
from ipscrm.web.edit_conflicts import form_version, show_edit_conflict
from ipscrm.web.jobseekers.forms import EndJobStartForm, JobseekerForm, JobStartForm
from ipscrm.web.labels import choices

bp = Blueprint("jobseekers", __name__, url_prefix="/jobseekers")


@bp.before_request
@login_required
def _login_first() -> None:
    """Every jobseeker page needs a logged-in user."""


def _visible(jobseeker_id: int):
    try:
        return get_visible_jobseeker(current_user, jobseeker_id)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)


def show_error(form: FlaskForm, err: DomainError, default_field: str) -> None:
    """Put a service's error at its form field (403/404 for access errors)."""
    if isinstance(err, Forbidden):
        abort(403)
    if isinstance(err, NotFound) and not err.field:
        abort(404)
    name = err.field if err.field and err.field in form else default_field
    form[name].errors = [*form[name].errors, translate(err.message, err.params)]


def _accommodation_choices() -> list[tuple[str, str]]:
    locale = str(get_locale() or "nb")
    return [(t.code, t.name_for(locale)) for t in catalogue.list_accommodation_types()]


def _jobseeker_form(jobseeker=None) -> FlaskForm:
    form = plugin_forms.extended(JobseekerForm, "jobseeker")()
    form.specialist_id.choices = [(u.id, u.name) for u in assignable_specialists(current_user)]
    if jobseeker is not None and jobseeker.specialist_id not in dict(form.specialist_id.choices):
        form.specialist_id.choices.append((jobseeker.specialist_id, jobseeker.specialist.name))
    accommodation_choices = _accommodation_choices()
    if jobseeker is not None:  # keep a deactivated type the jobseeker already wants
        known = dict(accommodation_choices)
        types = catalogue.types_by_code()
        locale = str(get_locale() or "nb")
        for code in jobseeker.pref_accommodations or []:
            if code not in known and code in types:
                accommodation_choices.append((code, types[code].name_for(locale)))
    form.pref_accommodations.choices = accommodation_choices
    if request.method == "POST":
        posted = request.form.get("specialist_id", type=int)
        if posted is not None and posted not in dict(form.specialist_id.choices):
            abort(403)  # only a tampered form offers someone outside one's rights
    return form


@bp.route("/")
def index():
    status_value = request.args.get("status", "")
    status = JobseekerStatus(status_value) if status_value in set(JobseekerStatus) else None
    specialists = assignable_specialists(current_user)
    specialist_id = request.args.get("specialist", type=int)
    if specialist_id is not None and specialist_id not in {u.id for u in specialists}:
        abort(403)
    result = jobseekers.list_jobseekers(
        current_user,
        status=status,
        specialist_id=specialist_id,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "jobseekers/index.html",
        result=result,
        status=status,
        statuses=choices(JobseekerStatus),
        specialists=specialists if len(specialists) > 1 else [],
        specialist_id=specialist_id,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _jobseeker_form()
    if request.method == "GET":
        form.specialist_id.data = current_user.id
        form.program_entry_date.data = today()
    if form.validate_on_submit():
        try:
            jobseeker = jobseekers.create_jobseeker(current_user, form.service_data())
        except DomainError as err:
            show_error(form, err, "reference")
        else:
            plugin_forms.save(form, "jobseeker", jobseeker.id, current_user.id)
            flash(gettext("The jobseeker has been added."), "success")
            return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return render_template("jobseekers/form.html", form=form, jobseeker=None)


@bp.route("/<int:jobseeker_id>")
def show(jobseeker_id: int):
    jobseeker = _visible(jobseeker_id)
    page = render_template(
        "jobseekers/show.html",
        jobseeker=jobseeker,
        contacts=jobseekers.contact_history(current_user, jobseeker.id),
        job_starts=jobseekers.job_starts(current_user, jobseeker.id),
        accommodation_types=catalogue.types_by_code(),
        locale=str(get_locale() or "nb"),
        days_in_program=(today() - jobseeker.program_entry_date).days,
    )
    jobseekers.record_read(current_user, jobseeker.id, "profile")
    return page


@bp.route("/<int:jobseeker_id>/edit", methods=["GET", "POST"])
def edit(jobseeker_id: int):
    jobseeker = _visible(jobseeker_id)
    form = _jobseeker_form(jobseeker)
    if request.method == "GET":
        form.fill_from(jobseeker)
        form.seen_change.data = str(edit_conflicts.latest_change("jobseeker", jobseeker.id))
        plugin_forms.load(form, "jobseeker", jobseeker.id)
    if form.validate_on_submit():
        try:
            jobseekers.update_jobseeker(
                current_user, jobseeker.id, form.service_data(), form_version(form)
            )
        except EditConflict as err:
            show_edit_conflict(form, err)
        except DomainError as err:
            show_error(form, err, "reference")
        else:
            plugin_forms.save(form, "jobseeker", jobseeker.id, current_user.id)
            flash(gettext("The changes have been saved."), "success")
            return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    page = render_template("jobseekers/form.html", form=form, jobseeker=jobseeker)
    if request.method == "GET":
        jobseekers.record_read(current_user, jobseeker.id, "profile")
    return page


AS_YOU_TYPE_MIN = 2


def _employer_options(query: str, selected_id: int | None) -> list[EmployerChoice | Employer]:
    options: list[EmployerChoice | Employer] = list(pick_employers(query))
    if selected_id is not None and selected_id not in {e.id for e in options}:
        from ipscrm.services.employers import get_employer

        try:
            employer = get_employer(selected_id)
        except NotFound:
            employer = None
        if employer is not None and not employer.archived:
            options.insert(0, employer)
    return options


def _employer_label(employer: EmployerChoice | Employer) -> str:
    place = f" ({employer.business_place})" if employer.business_place else ""
    return f"{employer.name}{place}"


@bp.route("/<int:jobseeker_id>/job-starts/new", methods=["GET", "POST"])
def new_job_start(jobseeker_id: int):
    jobseeker = _visible(jobseeker_id)
    query = request.values.get("q", "").strip()
    selected_id = request.values.get("employer_id", type=int)
    options = _employer_options(query, selected_id)
    form = JobStartForm()
    form.employer_id.choices = [(e.id, _employer_label(e)) for e in options]
    if request.method == "GET":
        form.start_date.data = today()
        form.employer_id.data = selected_id
    if request.method == "POST" and form.validate():
        try:
            jobseekers.record_job_start(
                current_user,
                jobseeker.id,
                form.employer_id.data,
                form.job_title.data,
                form.start_date.data,
                job_type=form.job_type.data,
                hours_per_week=form.hours_per_week.data,
                competitive=form.competitive.data,
            )
        except DomainError as err:
            show_error(form, err, "employer_id")
        else:
            flash(gettext("The job start has been recorded."), "success")
            return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return render_template(
        "jobseekers/job_start.html", form=form, jobseeker=jobseeker, query=query, options=options
    )


@bp.route("/employer-options")
def employer_options():
    """Employers matching ``q`` for the search-as-you-type list of the job start form
    (nothing for a single letter: every other employer has it)."""
    query = request.args.get("q", "").strip()
    found = pick_employers(query) if len(query) >= AS_YOU_TYPE_MIN else []
    return jsonify([{"id": e.id, "label": _employer_label(e)} for e in found])


@bp.route("/<int:jobseeker_id>/job-starts/<int:job_start_id>/end", methods=["GET", "POST"])
def end_job_start(jobseeker_id: int, job_start_id: int):
    jobseeker = _visible(jobseeker_id)
    start = next((s for s in jobseeker.job_starts if s.id == job_start_id), None)
    if start is None:
        abort(404)
    form = EndJobStartForm()
    if request.method == "GET":
        form.end_date.data = today()
    if form.validate_on_submit():
        try:
            jobseekers.end_job_start(
                current_user, jobseeker.id, start.id, form.end_date.data, form.end_reason.data
            )
        except ValidationFailed as err:
            show_error(form, err, "end_date")
        except Conflict as err:  # ended meanwhile (another tab or person)
            flash(translate(err.message, err.params), "warning")
            return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
        else:
            flash(gettext("The end of the job has been recorded."), "success")
            return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return render_template(
        "jobseekers/end_job_start.html", form=form, jobseeker=jobseeker, start=start
    )

"""Employer pages: the list with search and filters, the employer page, create and edit
(with the plugins' extra fields), archive and restore."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_number, get_locale, gettext
from flask_login import current_user, login_required

from ipscrm.i18n import N_
from ipscrm.services import edit_conflicts
from ipscrm.services import employers as employer_service
from ipscrm.services.catalogue import list_accommodation_types
from ipscrm.services.contacts import jobseeker_choices
from ipscrm.services.edit_conflicts import EditConflict
from ipscrm.services.employer_queries import (
    EmployerFilter,
    employer_details,
    list_employers,
    owners,
)
from ipscrm.services.errors import Duplicate, NotFound, ValidationFailed
from ipscrm.web import plugin_forms
from ipscrm.web.contacts.forms import ContactForm
from ipscrm.web.edit_conflicts import form_version, show_edit_conflict
from ipscrm.web.employers.common import show_error
from ipscrm.web.employers.forms import ConfirmForm, EmployerFilterForm, EmployerForm, split_list

bp = Blueprint("employers", __name__, url_prefix="/employers")

FIELD_MAP = {"parent_id": "parent_organisation_number"}


def accommodation_type_choices() -> list[tuple[int, str]]:
    locale = str(get_locale() or "nb")
    return [(t.id, t.name_for(locale)) for t in list_accommodation_types()]


@bp.route("/")
@login_required
def index():
    form = EmployerFilterForm(request.args)
    form.set_choices(owners(current_user, form.owner_id.data), accommodation_type_choices())
    form.validate()
    try:
        page_number = int(request.args.get("page", 1))
    except ValueError:
        page_number = 1
    wanted = EmployerFilter(
        q=form.q.data or "" if not form.q.errors else "",
        municipality=form.municipality.data or "" if not form.municipality.errors else "",
        industry=form.industry.data or "" if not form.industry.errors else "",
        stage=form.stage.data or "",
        owner_id=form.owner_id.data,
        accommodation_type_id=form.accommodation.data,
        tag=form.tag.data or "" if not form.tag.errors else "",
        archived=form.archived.data or "no",
        sort=form.sort.data or "name",
        page=page_number,
    )
    result = list_employers(wanted, current_app.config["PAGE_SIZE"])
    args = {k: v for k, v in request.args.items() if k != "page" and v not in ("", "None")}
    # Open the filter panel when a filter (not just the search box or the sort) is set.
    filtered = any(
        k not in ("q", "sort") for k in args if not (k == "archived" and args[k] == "no")
    )
    return render_template(
        "employers/index.html",
        form=form,
        result=result,
        args=args,
        filtered=filtered,
        number=format_number,
    )


def _employer_form(obj=None, owner_id: int | None = None) -> EmployerForm:
    form_class = plugin_forms.extended(EmployerForm, "employer")
    form = form_class(obj=obj)
    form.set_choices(owners(current_user, owner_id))
    return form


def _parent_id(form: EmployerForm) -> int | None:
    """The parent's id from the organisation number typed in (a field error if unknown)."""
    number = "".join((form.parent_organisation_number.data or "").split())
    if not number:
        return None
    parent = employer_service.find_by_organisation_number(number)
    if parent is None:
        raise ValidationFailed(
            N_("No employer with organisation number %(number)s is registered."),
            {"number": number},
            field="parent_id",
        )
    return parent.id


def _save(form: EmployerForm, employer_id: int | None):
    """Run the service; returns the employer, or None with the errors put on the form."""
    try:
        data = form.service_data()
        data["parent_id"] = _parent_id(form)
        tags = split_list(form.tags.data)
        if employer_id is None:
            employer = employer_service.create_employer(data, current_user.id, tags=tags)
        else:
            employer = employer_service.update_employer(
                employer_id, data, current_user.id, tags=tags, version=form_version(form)
            )
    except EditConflict as err:
        show_edit_conflict(form, err, FIELD_MAP)
        return None
    except Duplicate as err:
        show_error(form, err, FIELD_MAP)
        form.duplicate_id = err.existing_id
        return None
    except ValidationFailed as err:
        show_error(form, err, FIELD_MAP)
        return None
    plugin_forms.save(form, "employer", employer.id, current_user.id)
    return employer


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = _employer_form()
    if request.method == "GET":
        form.owner_id.data = current_user.id
    if form.validate_on_submit():
        employer = _save(form, None)
        if employer is not None:
            flash(gettext("The employer was created."), "success")
            return redirect(url_for("employers.show", employer_id=employer.id))
    return render_template("employers/form.html", form=form, employer=None)


@bp.route("/<int:employer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(employer_id: int):
    employer = _get_or_404(employer_id)
    form = _employer_form(employer if request.method == "GET" else None, employer.owner_id)
    if request.method == "GET":
        form.tags.data = ", ".join(employer.tags)
        form.job_types.data = ", ".join(employer.job_types or [])
        form.parent_organisation_number.data = (
            employer.parent.organisation_number if employer.parent else ""
        )
        form.stage.data = employer.stage.value
        form.seen_change.data = str(edit_conflicts.latest_change("employer", employer.id))
        plugin_forms.load(form, "employer", employer.id)
    if form.validate_on_submit() and _save(form, employer.id) is not None:
        flash(gettext("The changes were saved."), "success")
        return redirect(url_for("employers.show", employer_id=employer.id))
    return render_template("employers/form.html", form=form, employer=employer)


def _get_or_404(employer_id: int):
    try:
        return employer_service.get_employer(employer_id)
    except NotFound:
        abort(404)


@bp.route("/<int:employer_id>")
@login_required
def show(employer_id: int):
    timeline_page = request.args.get("timeline", "1")
    timeline_page = int(timeline_page) if timeline_page.isdigit() else 1
    try:
        details = employer_details(current_user, employer_id, timeline_page)
    except NotFound:
        abort(404)
    contact_form = ContactForm(formdata=None)
    contact_form.set_choices(details.employer.contact_people, jobseeker_choices(current_user))
    return render_template(
        "employers/show.html",
        d=details,
        employer=details.employer,
        contact_form=contact_form,
        locale=str(get_locale() or "nb"),
    )


@bp.route("/<int:employer_id>/archive", methods=["GET", "POST"])
@login_required
def archive(employer_id: int):
    employer = _get_or_404(employer_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        employer_service.set_archived(employer.id, True, current_user.id)
        flash(gettext("The employer was archived. Its history is kept."), "success")
        return redirect(url_for("employers.show", employer_id=employer.id))
    return render_template("employers/archive.html", employer=employer, form=form)


@bp.route("/<int:employer_id>/restore", methods=["POST"])
@login_required
def restore(employer_id: int):
    employer = _get_or_404(employer_id)
    if ConfirmForm().validate_on_submit():
        employer_service.set_archived(employer.id, False, current_user.id)
        flash(gettext("The employer was restored."), "success")
    return redirect(url_for("employers.show", employer_id=employer.id))

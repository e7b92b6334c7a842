"""Contact people and accommodations on the employer page: add, change, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required

from ipscrm.services import accommodations as accommodation_service
from ipscrm.services import contact_people as people_service
from ipscrm.services import edit_conflicts
from ipscrm.services.edit_conflicts import EditConflict
from ipscrm.services.errors import NotFound, ValidationFailed
from ipscrm.timeutil import today
from ipscrm.web.edit_conflicts import form_version, show_edit_conflict
from ipscrm.web.employers.common import show_error
from ipscrm.web.employers.forms import AccommodationForm, ConfirmForm, ContactPersonForm
from ipscrm.web.employers.views import _get_or_404, accommodation_type_choices, bp


def _show(employer_id: int, anchor: str):
    return redirect(url_for("employers.show", employer_id=employer_id, _anchor=anchor))


@bp.route("/<int:employer_id>/people/new", methods=["GET", "POST"])
@login_required
def new_person(employer_id: int):
    employer = _get_or_404(employer_id)
    form = ContactPersonForm()
    form.set_choices()
    if form.validate_on_submit():
        try:
            people_service.add_person(employer.id, form.service_data(), current_user.id)
        except ValidationFailed as err:
            show_error(form, err)
        else:
            flash(gettext("The contact person was added."), "success")
            return _show(employer.id, "people")
    return render_template("employers/person_form.html", form=form, employer=employer, person=None)


def _person_or_404(person_id: int):
    try:
        return people_service.get_person(person_id)
    except NotFound:
        abort(404)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    person = _person_or_404(person_id)
    form = ContactPersonForm(obj=person if request.method == "GET" else None)
    form.set_choices()
    if request.method == "GET":
        form.preferred_channel.data = (
            person.preferred_channel.value if person.preferred_channel else ""
        )
        form.seen_change.data = str(edit_conflicts.latest_change("contact_person", person.id))
    if form.validate_on_submit():
        try:
            people_service.update_person(
                person.id, form.service_data(), current_user.id, form_version(form)
            )
        except EditConflict as err:
            show_edit_conflict(form, err)
        except ValidationFailed as err:
            show_error(form, err)
        else:
            flash(gettext("The changes were saved."), "success")
            return _show(person.employer_id, "people")
    return render_template(
        "employers/person_form.html", form=form, employer=person.employer, person=person
    )


@bp.route("/people/<int:person_id>/delete", methods=["GET", "POST"])
@login_required
def delete_person(person_id: int):
    person = _person_or_404(person_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        employer_id = people_service.remove_person(person.id, current_user.id)
        flash(gettext("The contact person was removed."), "success")
        return _show(employer_id, "people")
    return render_template(
        "employers/confirm.html",
        form=form,
        employer=person.employer,
        title=gettext("Remove contact person"),
        question=gettext(
            "Remove %(name)s from %(employer)s? Logged contacts are kept without the name.",
            name=person.name,
            employer=person.employer.name,
        ),
        button=gettext("Remove"),
    )


@bp.route("/<int:employer_id>/accommodations/new", methods=["GET", "POST"])
@login_required
def new_accommodation(employer_id: int):
    employer = _get_or_404(employer_id)
    form = AccommodationForm()
    form.set_choices(accommodation_type_choices())
    if request.method == "GET":
        form.recorded_on.data = today()
    if form.validate_on_submit():
        try:
            accommodation_service.add_accommodation(
                employer.id,
                form.type_id.data,
                form.status.data,
                form.recorded_on.data,
                form.note.data,
                current_user.id,
            )
        except ValidationFailed as err:
            show_error(form, err)
        else:
            flash(gettext("The accommodation was added."), "success")
            return _show(employer.id, "accommodations")
    return render_template(
        "employers/accommodation_form.html", form=form, employer=employer, item=None
    )


def _accommodation_or_404(accommodation_id: int):
    try:
        return accommodation_service.get_accommodation(accommodation_id)
    except NotFound:
        abort(404)


@bp.route("/accommodations/<int:accommodation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_accommodation(accommodation_id: int):
    item = _accommodation_or_404(accommodation_id)
    form = AccommodationForm(obj=item if request.method == "GET" else None)
    form.set_choices(accommodation_type_choices())
    del form.type_id  # the kind of an accommodation does not change; add another instead
    if request.method == "GET":
        form.status.data = item.status.value
        form.seen_change.data = str(edit_conflicts.latest_change("employer_accommodation", item.id))
    if form.validate_on_submit():
        try:
            accommodation_service.update_accommodation(
                item.id,
                form.status.data,
                form.recorded_on.data,
                form.note.data,
                current_user.id,
                form_version(form),
            )
        except EditConflict as err:
            show_edit_conflict(form, err)
        except ValidationFailed as err:
            show_error(form, err)
        else:
            flash(gettext("The changes were saved."), "success")
            return _show(item.employer_id, "accommodations")
    return render_template(
        "employers/accommodation_form.html", form=form, employer=item.employer, item=item
    )


@bp.route("/accommodations/<int:accommodation_id>/delete", methods=["GET", "POST"])
@login_required
def delete_accommodation(accommodation_id: int):
    item = _accommodation_or_404(accommodation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        employer_id = accommodation_service.remove_accommodation(item.id, current_user.id)
        flash(gettext("The accommodation was removed."), "success")
        return _show(employer_id, "accommodations")
    return render_template(
        "employers/confirm.html",
        form=form,
        employer=item.employer,
        title=gettext("Remove accommodation"),
        question=gettext(
            "Remove “%(name)s” from %(employer)s?",
            name=item.type.name_for(str(get_locale() or "nb")),
            employer=item.employer.name,
        ),
        button=gettext("Remove"),
    )

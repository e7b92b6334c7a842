"""Admin pages: users (create with a temporary password, change role and team,
deactivate and reactivate, reset the password), teams, the accommodation catalogue and
the audit trail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ipscrm.i18n import translate
from ipscrm.models import Role
from ipscrm.services import audit_trail, catalogue, users
from ipscrm.services.errors import Conflict, DomainError, NotFound
from ipscrm.timeutil import to_local, today
from ipscrm.web.admin.audit_labels import (
    AUDIT_ACTIONS,
    AUDIT_LINKS,
    AUDIT_RECORDS,
    field_label,
    field_labels,
)
from ipscrm.web.admin.forms import (
    AccommodationEditForm,
    AccommodationTypeForm,
    AuditFilterForm,
    ResetPasswordForm,
    TeamForm,
    UserCreateForm,
    UserEditForm,
)
from ipscrm.web.csv_export import csv_download
from ipscrm.web.filters import audit_value
from ipscrm.web.jobseekers.views import show_error

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only() -> None:
    if current_user.role != Role.ADMIN:
        abort(403)


def _teams():
    return [team for team, _count in users.list_teams()]


def _get(fetch, object_id: int):
    try:
        return fetch(object_id)
    except NotFound:
        abort(404)


@bp.route("/")
def index():
    return redirect(url_for("admin.users"))


@bp.route("/users", endpoint="users")
def list_users():
    return render_template("admin/users.html", users=users.list_users())


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = UserCreateForm(teams=_teams())
    if request.method == "GET":
        form.temporary_password.data = users.generate_temporary_password()
        form.role.data = Role.SPECIALIST.value
    if form.validate_on_submit():
        try:
            user = users.create_user(
                form.email.data,
                form.name.data,
                form.temporary_password.data,
                role=form.role.data,
                team_id=form.team_id.data or None,
                actor_id=current_user.id,
                temporary=True,
            )
        except DomainError as err:
            if err.field == "password":
                err.field = "temporary_password"
            show_error(form, err, "email")
        else:
            flash(
                gettext(
                    "%(name)s has been added. Give them the temporary password; "
                    "they choose their own at the first login.",
                    name=user.name,
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    person = _get(users.get_user, user_id)
    form = UserEditForm(teams=_teams())
    if request.method == "GET":
        form.name.data, form.role.data = person.name, person.role.value
        form.team_id.data = person.team_id or 0
    if form.validate_on_submit():
        try:
            users.update_user(
                person.id,
                form.name.data,
                form.role.data,
                form.team_id.data or None,
                current_user.id,
            )
        except DomainError as err:
            show_error(form, err, "name")
        else:
            flash(gettext("The changes have been saved."), "success")
            return redirect(url_for("admin.user", user_id=person.id))
    reset_form = ResetPasswordForm()
    reset_form.temporary_password.data = users.generate_temporary_password()
    return render_template(
        "admin/user.html", person=person, form=form, reset_form=reset_form, active_form=FlaskForm()
    )


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_active(user_id: int):
    person = _get(users.get_user, user_id)
    form = FlaskForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        try:
            users.set_active(person.id, active, current_user.id)
        except Conflict as err:
            flash(translate(err.message, err.params), "danger")
        else:
            flash(
                gettext("%(name)s can log in again.", name=person.name)
                if active
                else gettext(
                    "%(name)s has been deactivated and can no longer log in.", name=person.name
                ),
                "success",
            )
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_password(user_id: int):
    person = _get(users.get_user, user_id)
    reset_form = ResetPasswordForm()
    if reset_form.validate_on_submit():
        try:
            users.reset_password(person.id, reset_form.temporary_password.data, current_user.id)
        except DomainError as err:
            err.field = "temporary_password"
            show_error(reset_form, err, "temporary_password")
        else:
            flash(
                gettext(
                    "The password of %(name)s has been reset. Give them the temporary "
                    "password; they choose their own at the next login.",
                    name=person.name,
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=person.id))
    form = UserEditForm(teams=_teams())
    form.name.data, form.role.data = person.name, person.role.value
    form.team_id.data = person.team_id or 0
    return render_template(
        "admin/user.html", person=person, form=form, reset_form=reset_form, active_form=FlaskForm()
    )


@bp.route("/teams", methods=["GET", "POST"])
def teams():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = users.create_team(form.name.data, current_user.id)
        except DomainError as err:
            show_error(form, err, "name")
        else:
            flash(gettext("The team %(name)s has been created.", name=team.name), "success")
            return redirect(url_for("admin.teams"))
    return render_template("admin/teams.html", teams=users.list_teams(), form=form)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def team(team_id: int):
    found = _get(users.get_team, team_id)
    form = TeamForm()
    if request.method == "GET":
        form.name.data = found.name
    if form.validate_on_submit():
        try:
            users.rename_team(found.id, form.name.data, current_user.id)
        except DomainError as err:
            show_error(form, err, "name")
        else:
            flash(gettext("The changes have been saved."), "success")
            return redirect(url_for("admin.team", team_id=found.id))
    return render_template("admin/team.html", team=found, form=form)


@bp.route("/catalogue", methods=["GET", "POST"], endpoint="catalogue")
def list_catalogue():
    form = AccommodationTypeForm()
    if form.validate_on_submit():
        try:
            item = catalogue.create_accommodation_type(
                form.code.data, form.name_nb.data, form.name_en.data, current_user.id
            )
        except DomainError as err:
            show_error(form, err, "code")
        else:
            flash(gettext("“%(code)s” has been added to the catalogue.", code=item.code), "success")
            return redirect(url_for("admin.catalogue"))
    return render_template(
        "admin/catalogue.html",
        types=catalogue.list_accommodation_types(active_only=False),
        form=form,
    )


@bp.route("/catalogue/<int:type_id>", methods=["GET", "POST"])
def accommodation_type(type_id: int):
    item = _get(catalogue.get_accommodation_type, type_id)
    form = AccommodationEditForm(obj=item if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            catalogue.update_accommodation_type(
                item.id, form.name_nb.data, form.name_en.data, form.active.data, current_user.id
            )
        except DomainError as err:
            show_error(form, err, "name_nb")
        else:
            flash(gettext("The changes have been saved."), "success")
            return redirect(url_for("admin.catalogue"))
    return render_template("admin/accommodation_type.html", item=item, form=form)


def _audit_filter() -> tuple[AuditFilterForm, audit_trail.AuditFilter]:
    """The audit filters of the request: the form to show, and what it asks for (a value
    that was not understood is left out, and shown at its field)."""
    form = AuditFilterForm(request.args)
    form.set_choices(
        [(kind, str(AUDIT_RECORDS.get(kind, kind))) for kind in audit_trail.entity_types()],
        [(u.id, u.name) for u in users.list_users()],
        [(action, str(label)) for action, label in AUDIT_ACTIONS.items()],
    )
    form.validate()
    wanted = audit_trail.AuditFilter(
        entity_type=form.value("entity_type"),
        entity_id=form.value("entity_id"),
        user_id=form.value("user_id"),
        action=form.value("action"),
        date_from=form.value("date_from"),
        date_to=form.value("date_to"),
    )
    return form, wanted


@bp.route("/audit")
def audit():
    """Who changed or read what, and when: newest first, filtered by record, user, action
    and days."""
    form, wanted = _audit_filter()
    page = request.args.get("page", "1")
    result = audit_trail.list_events(wanted, int(page) if page.isdigit() and len(page) < 7 else 1)
    return render_template(
        "admin/audit.html",
        form=form,
        result=result,
        actions=AUDIT_ACTIONS,
        records=AUDIT_RECORDS,
        links=AUDIT_LINKS,
        labels=field_labels(),
        field_label=field_label,
        export_args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.route("/audit.csv")
def audit_csv():
    """The filtered audit trail as a spreadsheet, newest first."""
    _form, wanted = _audit_filter()
    header = [
        gettext("When"),
        gettext("User"),
        gettext("Action"),
        gettext("Record"),
        gettext("Record number"),
        gettext("What"),
    ]
    labels = field_labels()
    rows = (
        [
            to_local(e.occurred_at).isoformat(timespec="seconds"),
            e.user_name or "",
            str(AUDIT_ACTIONS.get(e.action, e.action)),
            str(AUDIT_RECORDS.get(e.entity_type, e.entity_type)),
            e.entity_id if e.entity_id is not None else "",
            "; ".join(
                _change_text(field_label(labels, e.entity_type, name), values)
                for name, values in (e.changes or {}).items()
            ),
        ]
        for e in audit_trail.iter_events(wanted)
    )
    return csv_download(header, rows, f"ipscrm-audit-{today().isoformat()}.csv")


def _change_text(name: str, values: object) -> str:
    if isinstance(values, list) and len(values) == 2:
        return f"{name}: {audit_value(values[0])} → {audit_value(values[1])}"
    return name

"""Forms for managing users, teams and the accommodation catalogue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Form,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ipscrm.models import Role
from ipscrm.web.form_values import int_or_none
from ipscrm.web.labels import choices


class _UserFields(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"))
    team_id = SelectField(_l("Team"), coerce=int)

    def __init__(self, *args, teams=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = choices(Role)
        self.team_id.choices = [(0, str(_l("No team")))] + [(t.id, t.name) for t in teams]


class UserCreateForm(_UserFields):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    temporary_password = StringField(
        _l("Temporary password"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class UserEditForm(_UserFields):
    pass


class ResetPasswordForm(FlaskForm):
    temporary_password = StringField(
        _l("Temporary password"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(), Length(max=120)])


class AccommodationTypeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    name_nb = StringField(_l("Name in Norwegian"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])


class AccommodationEditForm(FlaskForm):
    name_nb = StringField(_l("Name in Norwegian"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    active = BooleanField(_l("In use (offered in forms)"))


class AuditFilterForm(Form):
    """The audit page's filters (a GET form: no CSRF token needed)."""

    entity_type = SelectField(_l("Record"), validate_choice=False)
    entity_id = IntegerField(
        _l("Record number"), validators=[Optional(), NumberRange(min=1, max=2**62)]
    )
    user_id = SelectField(_l("User"), coerce=int_or_none, validate_choice=False)
    action = SelectField(_l("Action"), validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def set_choices(
        self,
        kinds: list[tuple[str, str]],
        users: list[tuple[int, str]],
        actions: list[tuple[str, str]],
    ) -> None:
        self.entity_type.choices = [("", _l("All records")), *kinds]
        self.user_id.choices = [(None, _l("Anyone")), *users]
        self.action.choices = [("", _l("All actions")), *actions]

    def value(self, name: str):
        """A filter's value, or None when it is empty or was not understood."""
        field = self[name]
        return None if field.errors or field.data in ("", None) else field.data

"""Forms for employers, their contact people and accommodations, and the employer list
filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    Form,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ipscrm.models import AccommodationStatus, ContactChannel, Stage
from ipscrm.web.form_values import int_or_none
from ipscrm.web.labels import choices


class EmployerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    organisation_number = StringField(
        _l("Organisation number"), validators=[Optional(), Length(max=20)]
    )
    industry_code_1 = StringField(_l("Industry code"), validators=[Optional(), Length(max=10)])
    industry_description_1 = StringField(_l("Industry"), validators=[Optional(), Length(max=255)])
    employee_count = IntegerField(
        _l("Number of employees"), validators=[Optional(), NumberRange(min=0, max=10_000_000)]
    )
    business_address = TextAreaField(
        _l("Address"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2}
    )
    business_postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)])
    business_place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    business_municipality = StringField(
        _l("Municipality"), validators=[Optional(), Length(max=100)]
    )
    business_municipality_number = StringField(
        _l("Municipality number"), validators=[Optional(), Length(max=10)]
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=255)])
    stage = SelectField(_l("Relationship stage"))
    owner_id = SelectField(_l("Owner"), coerce=int_or_none, validate_choice=True)
    parent_organisation_number = StringField(
        _l("Parent (organisation number)"), validators=[Optional(), Length(max=20)]
    )
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=1000)])
    job_types = StringField(_l("Job types"), validators=[Optional(), Length(max=2000)])
    # what the form has seen of the employer (see ipscrm/web/edit_conflicts.py)
    seen_change = HiddenField()
    shown_changes = HiddenField()
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=20_000)], render_kw={"rows": 4}
    )

    CORE_FIELDS = (
        "name",
        "organisation_number",
        "industry_code_1",
        "industry_description_1",
        "employee_count",
        "business_address",
        "business_postcode",
        "business_place",
        "business_municipality",
        "business_municipality_number",
        "phone",
        "email",
        "website",
        "stage",
        "owner_id",
        "notes",
    )

    def set_choices(self, owners: list[tuple[int, str]]) -> None:
        self.stage.choices = choices(Stage)
        self.owner_id.choices = [(None, "—"), *owners]

    def service_data(self) -> dict[str, object]:
        data = {name: self[name].data for name in self.CORE_FIELDS}
        data["job_types"] = split_list(self.job_types.data)
        return data


def split_list(text: str | None) -> list[str]:
    """'a, b ,c' -> ['a', 'b', 'c']."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class ContactPersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = StringField(_l("Role or title"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    preferred_channel = SelectField(_l("Preferred channel"))
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=10_000)], render_kw={"rows": 3}
    )

    # what the form has seen of the person (see ipscrm/web/edit_conflicts.py)
    seen_change = HiddenField()
    shown_changes = HiddenField()

    def set_choices(self) -> None:
        self.preferred_channel.choices = [("", "—"), *choices(ContactChannel)]

    def service_data(self) -> dict[str, object]:
        return {
            "name": self.name.data,
            "role": self.role.data,
            "phone": self.phone.data,
            "email": self.email.data,
            "preferred_channel": self.preferred_channel.data or None,
            "notes": self.notes.data,
        }


class AccommodationForm(FlaskForm):
    type_id = SelectField(_l("Accommodation"), coerce=int_or_none)
    status = SelectField(_l("Status"))
    recorded_on = DateField(_l("Date"), validators=[DataRequired()])
    note = TextAreaField(
        _l("Note"), validators=[Optional(), Length(max=2_000)], render_kw={"rows": 2}
    )

    # what the form has seen of the accommodation (see ipscrm/web/edit_conflicts.py)
    seen_change = HiddenField()
    shown_changes = HiddenField()

    def set_choices(self, types: list[tuple[int, str]]) -> None:
        self.type_id.choices = types
        self.status.choices = choices(AccommodationStatus)


class ConfirmForm(FlaskForm):
    """A form with nothing but the CSRF token, for confirmation steps."""


ARCHIVED_CHOICES = [("no", _l("Active")), ("yes", _l("Archived")), ("all", _l("All"))]
SORT_CHOICES = [
    ("name", _l("Name (A–Å)")),
    ("-name", _l("Name (Å–A)")),
    ("-last_contact", _l("Latest contact first")),
    ("last_contact", _l("Longest since contact first")),
    ("place", _l("Place")),
    ("-created", _l("Newest first")),
]


class EmployerFilterForm(Form):
    """The employer list's search and filters (a GET form: no CSRF token needed)."""

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=100)])
    industry = StringField(_l("Industry code starts with"), validators=[Optional(), Length(max=10)])
    stage = SelectField(_l("Relationship stage"), validate_choice=False)
    owner_id = SelectField(_l("Owner"), coerce=int_or_none, validate_choice=False)
    accommodation = SelectField(
        _l("Accommodation offered"), coerce=int_or_none, validate_choice=False
    )
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=60)])
    archived = SelectField(
        _l("Show"), choices=[SelectChoice(*c) for c in ARCHIVED_CHOICES], validate_choice=False
    )
    sort = SelectField(
        _l("Sort by"), choices=[SelectChoice(*c) for c in SORT_CHOICES], validate_choice=False
    )

    def set_choices(self, owners: list[tuple[int, str]], types: list[tuple[int, str]]) -> None:
        self.stage.choices = [("", _l("All stages")), *choices(Stage)]
        self.owner_id.choices = [(None, _l("Anyone")), *owners]
        self.accommodation.choices = [(None, _l("Any")), *types]

"""The fields this plugin adds to the core's employer and jobseeker forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from ipscrm.plugin_api import FormField
from ipscrm.timeutil import today
from ipscrm_substance_free.services import NOTE_MAX

SECTION = _l("Substance-free workplace")

ANSWERS = [("unknown", _l("Unknown")), ("yes", _l("Yes")), ("no", _l("No"))]
FREQUENCIES = [
    ("unknown", _l("Unknown")),
    ("never", _l("Never")),
    ("sometimes", _l("Sometimes")),
    ("often", _l("Often")),
]
NEEDS = [
    ("no_need", _l("No need")),
    ("prefer", _l("Prefers a substance-free workplace")),
    ("must", _l("Must have a substance-free workplace")),
]


def _choices(pairs: list[tuple[str, object]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def not_in_future(_form, field) -> None:
    if field.data and field.data > today():
        raise ValidationError(_l("The verification date cannot be in the future."))


def employer_fields() -> list[FormField]:
    fields = [
        (
            "substance_free_assessment",
            SelectField(
                _l("Substance-free workplace"), choices=_choices(ANSWERS), default="unknown"
            ),
        ),
        (
            "substance_free_akan_policy",
            SelectField(
                _l("Written alcohol and drug policy (AKAN)"),
                choices=_choices(ANSWERS),
                default="unknown",
            ),
        ),
        (
            "substance_free_alcohol_at_events",
            SelectField(
                _l("Alcohol at work events"), choices=_choices(FREQUENCIES), default="unknown"
            ),
        ),
        (
            "substance_free_serves_alcohol",
            SelectField(_l("Serves alcohol"), choices=_choices(ANSWERS), default="unknown"),
        ),
        (
            "substance_free_safety_testing",
            SelectField(
                _l("Safety-critical roles with testing"),
                choices=_choices(ANSWERS),
                default="unknown",
            ),
        ),
        (
            "substance_free_verified_on",
            DateField(_l("Verified on"), validators=[Optional(), not_in_future]),
        ),
        (
            "substance_free_note",
            TextAreaField(
                _l("Note on substance-free status"),
                validators=[Optional(), Length(max=NOTE_MAX)],
            ),
        ),
    ]
    return [FormField(name=name, field=field, section=SECTION) for name, field in fields]


def jobseeker_fields() -> list[FormField]:
    field = SelectField(
        _l("Needs a substance-free workplace"), choices=_choices(NEEDS), default="no_need"
    )
    return [FormField(name="substance_free_need", field=field, section=SECTION)]

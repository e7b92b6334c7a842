"""Forms of the income-planning pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ipscrm_income_planning.models import BenefitType
from ipscrm_income_planning.services import G_MAX, G_MIN, NOTES_MAX

BENEFIT_LABELS = {
    BenefitType.UFORETRYGD_FULL: _l("Disability benefit (uføretrygd), full"),
    BenefitType.UFORETRYGD_GRADED: _l("Disability benefit (uføretrygd), graded"),
    BenefitType.AAP: _l("Work assessment allowance (AAP)"),
    BenefitType.SOCIAL_ASSISTANCE: _l("Social assistance"),
    BenefitType.OTHER: _l("Other benefit"),
    BenefitType.NONE: _l("No benefit"),
}


class PlanForm(FlaskForm):
    benefit_type = SelectField(
        _l("Benefit"),
        choices=[SelectChoice(b.value, label) for b, label in BENEFIT_LABELS.items()],
        validators=[DataRequired()],
    )
    individual_limit = IntegerField(
        _l("Individual income limit (kr a year, from the NAV decision)"),
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )
    planned_hours = DecimalField(
        _l("Planned hours a week"), places=1, validators=[Optional(), NumberRange(0, 100)]
    )
    hourly_wage = DecimalField(
        _l("Hourly wage (kr)"), places=2, validators=[Optional(), NumberRange(0, 10_000)]
    )
    session_date = DateField(_l("Date of the session"), validators=[InputRequired()])
    next_review = DateField(_l("Next review"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=NOTES_MAX)])

    def validate_next_review(self, field) -> None:
        from wtforms.validators import ValidationError

        if field.data and self.session_date.data and field.data < self.session_date.data:
            raise ValidationError(_l("The next review cannot be before the session."))


class GForm(FlaskForm):
    valid_from = DateField(_l("Applies from"), validators=[InputRequired()])
    amount = IntegerField(
        _l("G (kr a year)"), validators=[InputRequired(), NumberRange(min=G_MIN, max=G_MAX)]
    )

"""Forms for jobseekers and job starts. Lists (job types, industries, municipalities) are
typed as comma-separated text; the service validates and normalises every entry."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ipscrm.models import Disclosure, JobseekerStatus, Shift
from ipscrm.web.labels import choices


class MultiCheckboxField(SelectMultipleField):
    """A group of check boxes (rendered with a fieldset and a legend)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocalDecimalField(DecimalField):
    """A decimal number that also accepts the Norwegian decimal comma (22,5)."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [str(v).replace(",", ".").strip() for v in valuelist]
        super().process_formdata(valuelist)


def split_list(text: str | None) -> list[str]:
    """'a, b; c\\nd' -> ['a', 'b', 'c', 'd']."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


class JobseekerForm(FlaskForm):
    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=40)])
    program_entry_date = DateField(_l("Program entry date"), validators=[DataRequired()])
    specialist_id = SelectField(_l("Job specialist"), coerce=int, validate_choice=True)
    status = SelectField(_l("Status"))
    pref_job_types = StringField(_l("Job types wanted"), validators=[Length(max=1000)])
    pref_industries = StringField(_l("Industries (code prefixes)"), validators=[Length(max=500)])
    pref_municipalities = StringField(
        _l("Municipalities (4-digit numbers)"), validators=[Length(max=500)]
    )
    pref_hours_per_week = IntegerField(
        _l("Hours per week wanted"), validators=[Optional(), NumberRange(min=1, max=60)]
    )
    pref_shifts = MultiCheckboxField(_l("Shifts"))
    pref_accommodations = MultiCheckboxField(_l("Accommodations wanted"))
    interests = TextAreaField(_l("Interests"), validators=[Length(max=5000)])
    strengths = TextAreaField(_l("Strengths"), validators=[Length(max=5000)])
    disclosure = SelectField(_l("Disclosure to employers"))
    # what the form has seen of the jobseeker (see ipscrm/web/edit_conflicts.py)
    seen_change = HiddenField()
    shown_changes = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = choices(JobseekerStatus)
        self.pref_shifts.choices = choices(Shift)
        self.disclosure.choices = choices(Disclosure)

    def service_data(self) -> dict:
        """The values as the jobseekers service takes them."""
        return {
            "reference": self.reference.data,
            "program_entry_date": self.program_entry_date.data,
            "specialist_id": self.specialist_id.data,
            "status": self.status.data,
            "pref_job_types": split_list(self.pref_job_types.data),
            "pref_industries": split_list(self.pref_industries.data),
            "pref_municipalities": split_list(self.pref_municipalities.data),
            "pref_hours_per_week": self.pref_hours_per_week.data,
            "pref_shifts": list(self.pref_shifts.data or []),
            "pref_accommodations": list(self.pref_accommodations.data or []),
            "interests": self.interests.data,
            "strengths": self.strengths.data,
            "disclosure": self.disclosure.data,
        }

    def fill_from(self, jobseeker) -> None:
        """Fill the form from a stored jobseeker (GET of the edit page)."""
        self.reference.data = jobseeker.reference
        self.program_entry_date.data = jobseeker.program_entry_date
        self.specialist_id.data = jobseeker.specialist_id
        self.status.data = jobseeker.status.value
        self.pref_job_types.data = ", ".join(jobseeker.pref_job_types or [])
        self.pref_industries.data = ", ".join(jobseeker.pref_industries or [])
        self.pref_municipalities.data = ", ".join(jobseeker.pref_municipalities or [])
        self.pref_hours_per_week.data = jobseeker.pref_hours_per_week
        self.pref_shifts.data = list(jobseeker.pref_shifts or [])
        self.pref_accommodations.data = list(jobseeker.pref_accommodations or [])
        self.interests.data = jobseeker.interests
        self.strengths.data = jobseeker.strengths
        self.disclosure.data = jobseeker.disclosure.value


class JobStartForm(FlaskForm):
    employer_id = SelectField(_l("Employer"), coerce=int, validators=[DataRequired()])
    job_title = StringField(_l("Job title"), validators=[DataRequired(), Length(max=120)])
    job_type = StringField(_l("Job type"), validators=[Length(max=80)])
    start_date = DateField(_l("Start date"), validators=[DataRequired()])
    hours_per_week = LocalDecimalField(
        _l("Hours per week"), places=1, validators=[Optional(), NumberRange(min=0.5, max=80)]
    )
    competitive = BooleanField(_l("Ordinary paid job (competitive)"), default=True)


class EndJobStartForm(FlaskForm):
    end_date = DateField(_l("End date"), validators=[DataRequired()])
    end_reason = StringField(_l("Why the job ended"), validators=[Length(max=255)])

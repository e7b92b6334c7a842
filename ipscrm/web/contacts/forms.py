"""The log-a-contact form: one screen, with defaults (now, me, in person)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ipscrm.models import ContactMode, ContactPerson, ContactPurpose
from ipscrm.timeutil import local_now
from ipscrm.web.form_values import int_or_none
from ipscrm.web.labels import choices

MAX_TEXT = 10_000


class ContactForm(FlaskForm):
    occurred_at = DateTimeLocalField(
        _l("When"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
    mode = RadioField(_l("How"), validators=[DataRequired()])
    purpose = SelectField(_l("Purpose"))
    contact_person_id = SelectField(_l("Contact person"), coerce=int_or_none)
    jobseeker_id = SelectField(_l("Jobseeker"), coerce=int_or_none)
    outcome = TextAreaField(
        _l("Outcome"), validators=[Optional(), Length(max=MAX_TEXT)], render_kw={"rows": 3}
    )
    next_step = StringField(_l("Next step"), validators=[Optional(), Length(max=MAX_TEXT)])
    follow_up_due = DateField(_l("Follow-up date"), validators=[Optional()])

    def set_choices(self, people: list[ContactPerson], jobseekers: list[tuple[int, str]]) -> None:
        self.mode.choices = choices(ContactMode)
        self.purpose.choices = choices(ContactPurpose)
        self.contact_person_id.choices = [(None, "—")] + [
            (p.id, f"{p.name} ({p.role})" if p.role else p.name) for p in people
        ]
        self.jobseeker_id.choices = [(None, "—"), *jobseekers]
        if self.occurred_at.data is None and not self.occurred_at.raw_data:
            self.occurred_at.data = local_now().replace(second=0, microsecond=0, tzinfo=None)
        if not self.mode.data or self.mode.data == "None":
            self.mode.data = ContactMode.IN_PERSON.value
        if not self.purpose.data or self.purpose.data == "None":
            self.purpose.data = ContactPurpose.INTRODUCTION.value

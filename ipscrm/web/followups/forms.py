"""Forms for planning and rescheduling follow-ups."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ipscrm.web.form_values import int_or_none


class RescheduleForm(FlaskForm):
    due = DateField(_l("New date"), validators=[DataRequired()])


class PlanForm(FlaskForm):
    due = DateField(_l("Follow-up date"), validators=[DataRequired()])
    jobseeker_id = SelectField(_l("Jobseeker"), coerce=int_or_none)
    note = TextAreaField(
        _l("What to follow up"), validators=[Optional(), Length(max=10_000)], render_kw={"rows": 3}
    )

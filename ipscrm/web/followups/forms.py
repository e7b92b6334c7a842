"""Forms for planning and rescheduling follow-ups."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


def _int_or_none(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class RescheduleForm(FlaskForm):
    due = DateField(_l("New date"), validators=[DataRequired()])


class PlanForm(FlaskForm):
    due = DateField(_l("Follow-up date"), validators=[DataRequired()])
    jobseeker_id = SelectField(_l("Jobseeker"), coerce=_int_or_none)
    note = TextAreaField(
        _l("What to follow up"), validators=[Optional(), Length(max=10_000)], render_kw={"rows": 3}
    )

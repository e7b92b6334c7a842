"""The ad-hoc preferences form (GET, so a result page can be bookmarked and shared)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import NumberRange, Optional


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


class PreferencesForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    job_types = StringField(
        _l("Job types"), description=_l("Separate with commas, e.g. lager, butikk")
    )
    interests = TextAreaField(_l("Interests and strengths"), render_kw={"rows": 2})
    industries = StringField(_l("Industry codes"), description=_l("Code prefixes, e.g. 47, 56.1"))
    municipalities = StringField(
        _l("Municipality numbers"), description=_l("4 digits, e.g. 0301, 4601")
    )
    hours_per_week = IntegerField(_l("Hours per week"), validators=[Optional(), NumberRange(1, 60)])
    accommodations = MultiCheckboxField(_l("Accommodations wanted"), choices=[])
    exclude_contacted_days = IntegerField(
        _l("Leave out employers contacted in the last (days)"),
        validators=[Optional(), NumberRange(0, 3650)],
    )

    def preferences(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "job_types": _split(self.job_types.data),
            "interests": self.interests.data or "",
            "industries": _split(self.industries.data),
            "municipalities": _split(self.municipalities.data),
            "accommodations": list(self.accommodations.data or []),
        }
        if self.hours_per_week.data is not None:
            data["hours_per_week"] = self.hours_per_week.data
        if self.exclude_contacted_days.data is not None:
            data["exclude_contacted_days"] = self.exclude_contacted_days.data
        return data

    def is_empty(self) -> bool:
        data = self.preferences()
        return not any(
            data.get(k)
            for k in ("job_types", "interests", "industries", "municipalities", "accommodations")
        )

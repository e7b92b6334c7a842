"""Helpers the employer, contact and follow-up views share: turning a domain error into a
message at the form field, and safe "back to" targets."""

from __future__ import annotations

from flask import request, url_for
from flask_wtf import FlaskForm

from ipscrm.i18n import translate
from ipscrm.services.errors import DomainError
from ipscrm.web.auth.views import safe_next


def show_error(form: FlaskForm, err: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Put the translated message of ``err`` at its field (or at the top of the form)."""
    message = translate(err.message, err.params)
    name = (field_map or {}).get(err.field or "", err.field or "")
    if name and name in form:
        form[name].errors = [*form[name].errors, message]
    else:
        form.form_errors.append(message)


def back_to(default_endpoint: str, **values: object) -> str:
    """The ``next`` target of the request when it is on this site, else the default."""
    return safe_next(request.values.get("next")) or url_for(default_endpoint, **values)

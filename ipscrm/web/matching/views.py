"""``/match/``: ad-hoc preferences; ``/match/jobseeker/<id>``: a jobseeker's own
preferences (only for those who may see the jobseeker). Facets narrow the list; each
result says why it fits and links to the next step."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from ipscrm.i18n import translate
from ipscrm.services import catalogue, jobseekers, matching
from ipscrm.services.access import get_visible_jobseeker
from ipscrm.services.errors import Forbidden, NotFound, ValidationFailed
from ipscrm.web.matching.forms import PreferencesForm
from ipscrm.web.search.views import admin_index_notice

bp = Blueprint("matching", __name__, url_prefix="/match")
FACETS = ("municipality", "industry", "accommodation")


def _facet_filters() -> dict[str, str]:
    return {name: request.args[name] for name in FACETS if request.args.get(name)}


def _page_number() -> int:
    page = request.args.get("page", type=int) or 1
    return min(max(page, 1), 10_000)


def _accommodation_names() -> dict[str, str]:
    locale = str(get_locale() or "nb")
    return {code: t.name_for(locale) for code, t in catalogue.types_by_code().items()}


def args_url(**changes: object) -> str:
    """This page's URL with some query arguments changed (None removes one); any change
    other than the page number goes back to page 1."""
    args = request.args.to_dict(flat=False)
    if "page" not in changes:
        args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def _render(**context):
    result = context.get("result")
    numbers = list(result.facets.get("municipality", {})) if result else []
    return render_template(
        "matching/index.html",
        facet_names=FACETS,
        active_facets=_facet_filters(),
        accommodation_names=_accommodation_names(),
        notice=admin_index_notice(),
        args_url=args_url,
        municipality_names=matching.municipality_names(numbers),
        **context,
    )


@bp.route("/")
@login_required
def index():
    form = PreferencesForm(request.args)
    form.accommodations.choices = list(_accommodation_names().items())
    result = None
    if request.args and form.validate() and not form.is_empty():
        try:
            prefs = matching.parse_preferences(form.preferences())
            result = matching.find_matches(
                prefs, page=_page_number(), facet_filters=_facet_filters()
            )
        except ValidationFailed as err:
            target = getattr(form, err.field, None) if err.field else None
            message = translate(err.message, err.params)
            if target is not None:
                target.errors = [*target.errors, message]
            else:
                form.form_errors.append(message)
    return _render(form=form, result=result, jobseeker=None)


@bp.route("/jobseeker/<int:jobseeker_id>")
@login_required
def for_jobseeker(jobseeker_id: int):
    try:
        jobseeker = get_visible_jobseeker(current_user, jobseeker_id)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    prefs = matching.preferences_for_jobseeker(jobseeker)
    days = request.args.get("exclude_contacted_days", type=int)
    if days is not None and 0 <= days <= 3650:
        prefs.exclude_contacted_days = days
    result = matching.find_matches(
        prefs, jobseeker_id=jobseeker.id, page=_page_number(), facet_filters=_facet_filters()
    )
    page = _render(
        form=None,
        result=result,
        jobseeker=jobseeker,
        prefs=prefs,
        default_days=current_app.config.get("MATCH_EXCLUDE_CONTACTED_DAYS", 0),
    )
    jobseekers.record_read(current_user, jobseeker.id, "preferences")
    return page

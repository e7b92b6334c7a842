"""``/search?q=``: employers, contact people and notes, grouped, with the words found
highlighted. Any text is accepted; the page never fails on query syntax."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user, login_required

from ipscrm.i18n import translate
from ipscrm.models import Role
from ipscrm.services import search as search_service

bp = Blueprint("search", __name__)


def optional_url(endpoint: str, **values: Any) -> str | None:
    """A link to another area's page, when that page exists in this installation."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **{k: v for k, v in values.items() if v is not None})


def admin_index_notice() -> str | None:
    """The index notice, translated, for admins only."""
    if not current_user.is_authenticated or current_user.role != Role.ADMIN:
        return None
    message = search_service.index_notice()
    return translate(message) if message else None


def link_helpers() -> dict[str, Any]:
    return {"optional_url": optional_url}


@bp.route("/search")
@login_required
def index():
    text = request.args.get("q", "")
    page = search_service.global_search(text)
    return render_template(
        "search/index.html",
        page=page,
        q=page.query,
        notice=admin_index_notice(),
    )

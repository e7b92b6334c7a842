"""The admins' plugin page (``/admin/plugins``): which plugins are installed, which run,
their versions and hooks. A core feature registered through the plugin hooks
(``ipscrm_blueprints``, ``ipscrm_nav_items``), like any plugin's page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user, login_required

from ipscrm.hookspecs import hookimpl
from ipscrm.i18n import N_
from ipscrm.models import Role
from ipscrm.plugins import describe_plugins

bp = Blueprint("plugins_admin", __name__, url_prefix="/admin/plugins")


@bp.route("/")
@login_required
def index():
    if current_user.role != Role.ADMIN:
        abort(403)
    return render_template(
        "plugins_admin/index.html",
        plugins=describe_plugins(current_app),
        safe_mode=bool(current_app.config.get("SAFE_MODE")),
    )


@hookimpl
def ipscrm_blueprints() -> list[Any]:
    return [bp]


@hookimpl
def ipscrm_nav_items() -> list[Any]:
    from ipscrm.web.nav import NavItem

    return [NavItem("plugins_admin.index", N_("Plugins"), order=900, roles=(Role.ADMIN,))]

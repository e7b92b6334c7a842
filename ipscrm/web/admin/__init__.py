"""Administration (admins only): users, teams and the accommodation catalogue."""

from __future__ import annotations

from flask import Flask

from ipscrm.i18n import N_
from ipscrm.models import Role
from ipscrm.web import nav


def init_app(app: Flask) -> None:
    from ipscrm.web.admin.views import bp

    app.register_blueprint(bp)
    nav.add_item(
        app,
        nav.NavItem(
            "admin.users", N_("Administration"), order=90, roles=(Role.ADMIN,), prefix="/admin"
        ),
    )

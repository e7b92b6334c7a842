"""The home page: My week."""

from __future__ import annotations

from flask import Flask

from ipscrm.i18n import N_
from ipscrm.web import nav


def init_app(app: Flask) -> None:
    from ipscrm.web.home.views import bp

    app.register_blueprint(bp)
    nav.add_item(app, nav.NavItem("home.index", N_("My week"), order=10))

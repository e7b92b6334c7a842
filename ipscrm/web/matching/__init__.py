"""The match pages: employers that fit a jobseeker's own preferences, or ad-hoc ones."""

from __future__ import annotations

from flask import Flask

from ipscrm.i18n import N_
from ipscrm.web import nav


def init_app(app: Flask) -> None:
    from ipscrm.web.matching.views import bp

    app.register_blueprint(bp)
    nav.add_item(app, nav.NavItem("matching.index", N_("Match"), order=40, prefix="/match/"))

"""Follow-ups with employers."""

from __future__ import annotations

from flask import Flask

from ipscrm.i18n import N_
from ipscrm.web import nav


def init_app(app: Flask) -> None:
    from ipscrm.web.followups.views import bp

    app.register_blueprint(bp)
    nav.add_item(
        app, nav.NavItem("followups.index", N_("Follow-ups"), order=30, prefix="/followups")
    )

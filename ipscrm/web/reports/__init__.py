"""Reports: the team report for supervisors and admins, "my figures" for every user, the
records behind each figure, CSV exports and the printable fidelity review."""

from __future__ import annotations

from flask import Flask

from ipscrm.i18n import N_
from ipscrm.models import Role
from ipscrm.web import nav


def init_app(app: Flask) -> None:
    from ipscrm.web.reports.views import bp

    app.register_blueprint(bp)
    nav.add_item(
        app,
        nav.NavItem(
            "reports.team",
            N_("Reports"),
            order=60,
            roles=(Role.SUPERVISOR, Role.ADMIN),
            prefix="/reports/",
        ),
    )
    nav.add_item(
        app,
        nav.NavItem("reports.mine", N_("My figures"), order=61, roles=(Role.SPECIALIST,)),
    )

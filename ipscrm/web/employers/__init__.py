"""Employers: the list, the employer page, create and edit, contact people,
accommodations, archive."""

from __future__ import annotations

from flask import Flask

from ipscrm.i18n import N_
from ipscrm.web import nav


def init_app(app: Flask) -> None:
    from ipscrm.web.employers import parts  # noqa: F401  (routes on the same blueprint)
    from ipscrm.web.employers.views import bp

    app.register_blueprint(bp)
    nav.add_item(
        app, nav.NavItem("employers.index", N_("Employers"), order=20, prefix="/employers")
    )

"""The global search page and the search box on every page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ipscrm.web.search.views import bp, link_helpers

    app.register_blueprint(bp)
    app.context_processor(link_helpers)

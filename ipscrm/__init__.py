"""ipscrm: employer-relationship CRM for IPS job specialists."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, plugins, blueprints, CLI."""
    from ipscrm import config, database, events, i18n, plugins, web
    from ipscrm.extensions import csrf, db, migrate
    from ipscrm.search import outbox
    from ipscrm.search.dependency import check_whoosh_distribution

    check_whoosh_distribution()
    app = Flask(
        __name__,
        instance_path=os.environ.get("IPSCRM_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    config.load_config(app, test_config)
    plugins.init_app(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=database.migrations_directory())
    csrf.init_app(app)
    i18n.init_app(app)
    events.init_app(app)
    outbox.install()
    web.init_app(app)
    plugins.init_web(app)
    return app

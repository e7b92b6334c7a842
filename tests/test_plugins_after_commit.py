"""Hooks that run right after a commit (events, search documents) can use the database
through ``db.session`` like any other plugin code."""

from __future__ import annotations

import sqlalchemy as sa

from ipscrm.extensions import db
from ipscrm.hookspecs import hookimpl
from ipscrm.models import Employer, SearchOutbox
from ipscrm.plugin_api import SearchField
from ipscrm.search import sync


class QueryingPlugin:
    def __init__(self) -> None:
        self.saved_names: list[str] = []

    @hookimpl
    def ipscrm_employer_saved(self, employer_id, created, user_id):
        self.saved_names.append(db.session.get(Employer, employer_id).name)

    @hookimpl
    def ipscrm_search_fields(self):
        return [SearchField("name_length", "numeric")]

    @hookimpl
    def ipscrm_search_documents(self, employer_ids):
        rows = db.session.execute(
            sa.select(Employer.id, Employer.name).where(Employer.id.in_(employer_ids))
        )
        return {row.id: {"name_length": len(row.name)} for row in rows}


def test_hooks_after_commit_can_query_the_database(app_ctx, factory):
    from ipscrm.services import employers

    plugin = QueryingPlugin()
    app_ctx.extensions["ipscrm_plugins"].register(plugin, name="querying")
    app_ctx.extensions.pop("ipscrm_search", None)  # plugin fields are read anew
    sync.rebuild()
    user = factory.user()
    employer = employers.create_employer({"name": "Kaffebrenneriet AS"}, user.id)
    assert plugin.saved_names == ["Kaffebrenneriet AS"]
    # the inline sync applied the change: nothing left in the outbox
    assert db.session.scalar(sa.select(sa.func.count(SearchOutbox.id))) == 0
    from ipscrm.search import index as ix_mod

    with ix_mod.searcher() as searcher:
        document = searcher.document(id=str(employer.id))
    assert document["querying_name_length"] == len("Kaffebrenneriet AS")

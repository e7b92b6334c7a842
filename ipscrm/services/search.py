"""Search use cases: the global search box, employer ids for a query (the employer list
can use them), the index notice for admins, and index maintenance for the CLI.

Search never fails a page: when the index is missing or corrupt, a plainer database
search answers and :func:`index_notice` tells admins what to run."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app

from ipscrm.i18n import N_
from ipscrm.search import api as search_api
from ipscrm.search import fallback, sync
from ipscrm.search import index as ix_mod
from ipscrm.search.api import GroupHit
from ipscrm.search.query import MAX_QUERY_CHARS, parse_user_query

log = logging.getLogger(__name__)

__all__ = [
    "GroupHit",
    "SearchPage",
    "check_index",
    "drain_outbox",
    "global_search",
    "index_notice",
    "rebuild_index",
    "search_employer_ids",
]


@dataclass
class SearchPage:
    query: str
    groups: dict[str, list[GroupHit]] = field(default_factory=dict)
    from_index: bool = True
    message: str | None = None  # msgid: why there are no results

    @property
    def total(self) -> int:
        return sum(len(hits) for hits in self.groups.values())


def global_search(text: str | None, per_group: int | None = None) -> SearchPage:
    """Employers, contact people and notes matching ``text``. Any text is accepted:
    broken syntax only loses the parts that are not words."""
    text = (text or "").strip()
    per_group = per_group or current_app.config["SEARCH_RESULTS_PER_GROUP"]
    page = SearchPage(query=text[:MAX_QUERY_CHARS])
    if parse_user_query(text).empty:
        page.message = (
            N_("Type a name, a place, a job type or words from the notes.")
            if not text
            else N_("Nothing to search for: use letters or digits.")
        )
        return page
    try:
        page.groups = search_api.global_search(text, per_group)
    except search_api.IndexUnavailable as err:
        log.warning("search index unavailable (%s); searching the database", err.state)
        page.groups = fallback.global_search_in_database(text, per_group)
        page.from_index = False
    if not page.total:
        page.message = N_("No employers, contact people or notes match your search.")
    return page


def search_employer_ids(query: str, limit: int = 200) -> list[int] | None:
    """Employer ids matching ``query``, best first; ``None`` when the index is unavailable
    (the caller then filters in the database)."""
    try:
        return search_api.search_employer_ids(query, limit)
    except search_api.IndexUnavailable:
        return None


def index_notice() -> str | None:
    """A message for admins when the index needs attention (msgid), else ``None``."""
    state = ix_mod.status().state
    return {
        ix_mod.MISSING: N_(
            "The search index is missing: search uses plain database filtering. Run “ipscrm search rebuild”."
        ),
        ix_mod.CORRUPT: N_(
            "The search index cannot be read: search uses plain database filtering. Run “ipscrm search rebuild”."
        ),
        ix_mod.OUTDATED: N_(
            "The search index was built for other search fields (a plugin changed). Run “ipscrm search rebuild”."
        ),
    }.get(state)


def rebuild_index() -> sync.RebuildResult:
    return sync.rebuild(current_app)


def check_index() -> sync.CheckReport:
    return sync.check(current_app)


def drain_outbox() -> sync.DrainResult:
    return sync.drain(current_app)

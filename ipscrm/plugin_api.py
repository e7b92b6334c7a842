"""The value types plugins hand to the core through hooks (``ipscrm.hookspecs``): panels
for template slots, extra form fields, search fields and match rules. Plain dataclasses, so
plugins never need to touch Whoosh, WTForms internals or the templates of the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# Template slots the core pages render (``{{ slot('employer_page', employer=employer) }}``).
SLOTS: dict[str, str] = {
    "employer_page": "the employer page, below the header (context: employer)",
    "employer_badges": (
        "badges on an employer list row and page header (context: employer; on the list also"
        " employers, the whole page, so a plugin can load what it shows in one query)"
    ),
    "jobseeker_page": "the jobseeker profile (context: jobseeker)",
    "my_week": "the My week page (context: user)",
}


@dataclass(frozen=True)
class Panel:
    """A piece of HTML for a slot. ``html`` must be safe markup (render a template)."""

    html: str
    title: str | None = None
    order: int = 100


@dataclass(frozen=True)
class FormField:
    """An extra field on a core form: ``field`` is an unbound WTForms field
    (e.g. ``SelectField(_l("AKAN policy"), choices=...)``)."""

    name: str
    field: Any
    section: str | None = None


SearchFieldKind = Literal["keyword", "text", "boolean", "numeric", "date"]


@dataclass(frozen=True)
class SearchField:
    """An extra field of the employer search document, named ``<plugin>_<name>``."""

    name: str
    kind: SearchFieldKind = "keyword"
    stored: bool = True


@dataclass(frozen=True)
class MatchRule:
    """A hard filter or a score boost on a search field.

    ``require``: only employers whose ``field`` has one of ``values``;
    ``exclude``: leave out employers whose ``field`` has one of ``values``;
    ``boost``: employers whose ``field`` has one of ``values`` rank higher by ``weight``,
    and ``reason`` (a msgid with ``%(value)s`` placeholders allowed) is shown for them.
    """

    field: str
    values: tuple[Any, ...]
    kind: Literal["require", "exclude", "boost"] = "boost"
    weight: float = 1.0
    reason: str | None = None
    reason_params: dict[str, Any] = field(default_factory=dict)

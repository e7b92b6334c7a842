"""Hook specifications: everything a plugin can add to ipscrm. Each hook is documented in
docs/plugins.md and has a test of its own."""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("ipscrm")
hookimpl = pluggy.HookimplMarker("ipscrm")


@hookspec
def ipscrm_default_settings() -> dict[str, Any]:
    """Return default settings (name → value) that configuration may override."""


@hookspec
def ipscrm_employer_saved(employer_id: int, created: bool, user_id: int | None) -> None:
    """Called after commit when an employer was created or changed."""


@hookspec
def ipscrm_contact_logged(contact_id: int, employer_id: int, user_id: int | None) -> None:
    """Called after commit when an employer contact was logged."""


@hookspec
def ipscrm_employers_imported(batch_id: int, employer_ids: list[int]) -> None:
    """Called after an import batch finished, with the employers it created or updated."""


@hookspec
def ipscrm_migrations() -> str | None:
    """Return the folder of this plugin's Alembic branch (branch label = plugin name)."""


@hookspec
def ipscrm_blueprints() -> list[Any]:
    """Return Flask blueprints (with their templates and static files) to register."""


@hookspec
def ipscrm_cli_commands() -> list[Any]:
    """Return click commands or groups to add to the ``ipscrm`` command."""


@hookspec
def ipscrm_nav_items() -> list[Any]:
    """Return ``ipscrm.web.nav.NavItem`` entries for the main navigation."""

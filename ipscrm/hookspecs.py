"""Hook specifications: everything a plugin can add to ipscrm. Each hook is documented in
docs/plugins.md and has a test of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from ipscrm.plugin_api import FormField, MatchRule, Panel, SearchField

hookspec = pluggy.HookspecMarker("ipscrm")
hookimpl = pluggy.HookimplMarker("ipscrm")


# --- settings, migrations, web and CLI ------------------------------------------------


@hookspec
def ipscrm_default_settings() -> dict[str, Any]:
    """Return default settings (name → value) that configuration may override."""


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


@hookspec
def ipscrm_panels(slot: str, context: dict[str, Any]) -> list[Panel] | None:
    """Return panels to show in template slot ``slot`` (see ``ipscrm.plugin_api.SLOTS``)."""


# --- forms ------------------------------------------------------------------------------


@hookspec
def ipscrm_form_fields(form: str) -> list[FormField] | None:
    """Return extra fields for the ``employer`` or ``jobseeker`` form."""


@hookspec
def ipscrm_form_load(form: str, object_id: int) -> dict[str, Any] | None:
    """Return this plugin's stored values (field name → value) for the form of an object."""


@hookspec
def ipscrm_form_save(form: str, object_id: int, data: dict[str, Any], user_id: int | None) -> None:
    """Store this plugin's fields from a submitted form (called after the core saved)."""


# --- search and matching -----------------------------------------------------------------


@hookspec
def ipscrm_search_fields() -> list[SearchField] | None:
    """Return extra fields for the employer search document."""


@hookspec
def ipscrm_search_documents(employer_ids: list[int]) -> dict[int, dict[str, Any]] | None:
    """Return values of this plugin's search fields for each of ``employer_ids``."""


@hookspec
def ipscrm_jobseeker_preferences(jobseeker_id: int) -> dict[str, Any] | None:
    """Return this plugin's stored match preferences for a jobseeker (key → value)."""


@hookspec
def ipscrm_preference_keys() -> dict[str, type] | None:
    """Return the extra preference keys (name → Python type) this plugin understands."""


@hookspec
def ipscrm_match_rules(preferences: dict[str, Any]) -> list[MatchRule] | None:
    """Return filters and score boosts (with their reasons) for these preferences."""


# --- import --------------------------------------------------------------------------------


@hookspec
def ipscrm_import_columns() -> dict[str, list[str]] | None:
    """Return extra import columns: canonical key → header aliases (case-insensitive)."""


@hookspec
def ipscrm_import_values(batch_id: int, values: dict[int, dict[str, str]]) -> None:
    """Store imported values of this plugin's columns (employer id → key → raw text)."""


# --- events after commit ----------------------------------------------------------------------


@hookspec
def ipscrm_employer_saved(employer_id: int, created: bool, user_id: int | None) -> None:
    """Called after commit when an employer was created or changed."""


@hookspec
def ipscrm_contact_logged(contact_id: int, employer_id: int, user_id: int | None) -> None:
    """Called after commit when an employer contact was logged."""


@hookspec
def ipscrm_employers_imported(batch_id: int, employer_ids: list[int]) -> None:
    """Called after an import batch finished, with the employers it created or updated."""

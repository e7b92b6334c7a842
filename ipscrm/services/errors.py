"""Domain errors. Views turn them into form errors or 403/404 pages, the CLI into a clear
message and a non-zero exit status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class. ``message`` is an English msgid (translated when shown), ``params``
    fills its placeholders, ``field`` names the form field it belongs to, if any."""

    def __init__(
        self, message: str, params: dict[str, Any] | None = None, field: str | None = None
    ) -> None:
        self.message = message
        self.params = params or {}
        self.field = field
        super().__init__(message % self.params if self.params else message)


class ValidationFailed(DomainError):
    """Input that cannot be stored as it is."""


class Duplicate(ValidationFailed):
    """The value must be unique and already exists; ``existing_id`` points at the owner."""

    def __init__(
        self,
        message: str,
        params: dict[str, Any] | None = None,
        field: str | None = None,
        existing_id: int | None = None,
    ) -> None:
        super().__init__(message, params, field)
        self.existing_id = existing_id


class NotFound(DomainError):
    """The record does not exist (or is not visible: never reveal which)."""


class Forbidden(DomainError):
    """The user may not do this."""


class Conflict(DomainError):
    """The change is refused because other data depends on the current state."""

"""Coercing submitted form values shared by several forms."""

from __future__ import annotations


def int_or_none(value: object) -> int | None:
    """A select's chosen id, or None for the empty choice (or anything not a number)."""
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None

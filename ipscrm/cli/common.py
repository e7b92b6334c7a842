"""Helpers shared by the CLI commands: turning domain errors into messages and exit
codes, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import click

from ipscrm.services.errors import DomainError


class DomainClickError(click.ClickException):
    exit_code = 1


def fail(err: DomainError) -> DomainClickError:
    """A click error with the domain error's message (the field, when known, first)."""
    text = err.message % err.params if err.params else err.message
    if err.field:
        text = f"{err.field}: {text}"
    return DomainClickError(text)


@contextmanager
def handle_domain_errors() -> Iterator[None]:
    try:
        yield
    except DomainError as err:
        raise fail(err) from err


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, default=_default, ensure_ascii=False, indent=2))


def read_password_stdin() -> str:
    value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise click.UsageError("No password on standard input.")
    return value

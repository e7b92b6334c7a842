"""The building blocks of report tables: columns, rows, translatable labels, and the
rounding every output shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


class Msg(NamedTuple):
    """A msgid with its placeholders, translated where it is shown."""

    msgid: str
    params: dict[str, Any] = {}

    def english(self) -> str:
        return self.msgid % self.params if self.params else self.msgid


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # msgid


@dataclass(frozen=True)
class Table:
    key: str
    title: str | Msg  # msgid
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]


def pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def one(value: float) -> float:
    return round(value, 1)


def cols(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(k, label) for k, label in pairs)

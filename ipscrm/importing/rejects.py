"""The rejects file: a CSV (UTF-8 with BOM, so Excel shows Æ, Ø and Å) with one line per
rejected row and per dropped field, giving the input file, sheet, row number, what
happened, the field, its value, the reason and the row's original values. Created on the
first problem only."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import IO

FIXED = ["file", "sheet", "row", "outcome", "field", "value", "reason"]
OTHER = "other columns"


class RejectsWriter:
    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._fh: IO[str] | None = None
        self._writer: csv.writer | None = None  # type: ignore[valid-type]
        self._headers: list[str] = []
        self._cache: tuple[tuple[str, ...], list[int | None], list[int]] | None = None
        self.lines = 0

    def _open(self, headers: Sequence[str]) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._fh)
        self._headers = [h for h in headers if h not in FIXED and h != OTHER]
        self._writer.writerow([*FIXED, *self._headers, OTHER])

    def _layout(self, headers: tuple[str, ...]) -> tuple[list[int | None], list[int]]:
        if self._cache is None or self._cache[0] != headers:
            position = {h: i for i, h in enumerate(headers)}
            columns = [position.get(h) for h in self._headers]
            used = {i for i in columns if i is not None}
            others = [i for i in range(len(headers)) if i not in used]
            self._cache = (headers, columns, others)
        return self._cache[1], self._cache[2]

    def write(
        self,
        file: str,
        sheet: str | None,
        row: int,
        outcome: str,
        field: str,
        value: str,
        reason: str,
        headers: tuple[str, ...],
        values: Sequence[str],
    ) -> None:
        if self.path is None:
            return
        if self._writer is None:
            self._open(headers)
        columns, others = self._layout(headers)
        size = len(values)
        row_values = [values[i] if i is not None and i < size else "" for i in columns]
        extra = "; ".join(
            f"{headers[i]}={values[i]}" for i in others if i < size and (values[i] or "").strip()
        )
        extra_values = [f"{i + 1}={v}" for i, v in enumerate(values) if i >= len(headers) and v]
        if extra_values:
            extra = "; ".join([x for x in (extra, *extra_values) if x])
        assert self._writer is not None
        self._writer.writerow(
            [file, sheet or "", row, outcome, field, value, reason, *row_values, extra]
        )
        self.lines += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

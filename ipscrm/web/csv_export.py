"""CSV downloads that spreadsheets open as UTF-8 and never read as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def no_formula(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, quoted so that it stays text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_download(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    """``rows`` streamed as a CSV attachment (with a byte order mark for spreadsheets)."""

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        out.write("\ufeff")
        writer.writerow(header)
        for row in rows:
            writer.writerow([no_formula(v) for v in row])
            if out.tell() > 64_000:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""Readers: turn a file into a stream of :class:`RawRow` (row number in the input, the
header row it belongs to, the cell values as text). One reader per format: CSV (register
or generic), the register's JSON, and Excel workbooks. Nothing here knows about the
database or about employer fields beyond finding the header row."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ipscrm.importing.sources import CHUNK, SourceInfo, UnreadableFile, open_text

HEADER_SEARCH_ROWS = 10
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(slots=True)
class RawRow:
    number: int  # line (CSV), row (sheet) or element (JSON) where the record starts
    headers: tuple[str, ...]
    values: list[str]
    sheet: str | None = None
    error: str | None = None  # the record could not be read at all


Scorer = Callable[[Sequence[object]], int]
Matcher = Callable[[str], bool]


def cell_text(value: Any) -> str:
    """A cell as text the way a person typed it: 974760673 not 974760673.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def find_header(
    rows: list[tuple[int, list[Any]]], score: Scorer, known: Matcher
) -> tuple[int, tuple[str, ...]] | None:
    """The header row among the first rows (the one naming the most known columns; title
    rows above it are skipped) as (index into ``rows`` of the last header row, headers).
    A second header row under merged cells (``Adresse`` over ``Gate | Postnr``) is merged
    into the first: its cells become the headers of their columns."""
    if not rows:
        return None
    scores = [score(r) for _, r in rows]
    best = max(scores)
    if best == 0:
        return None
    h = scores.index(best)
    top = [cell_text(v).strip() for v in rows[h][1]]
    while top and not top[-1]:
        top.pop()
    if h + 1 < len(rows):
        sub = [cell_text(v).strip() for v in rows[h + 1][1]]
        merged = _sub_header(top, sub, known)
        if merged is not None:
            return h + 1, merged
    return h, tuple(top)


def _sub_header(top: list[str], sub: list[str], known: Matcher) -> tuple[str, ...] | None:
    """Headers from a second header row, or None when ``sub`` is not one. A sub-header
    row only has cells under merged header cells (a header followed by empty cells);
    under a vertically merged or single header (``Navn``) it is empty, a data row not."""
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    parents, parent = [], ""
    for i in range(width):
        parent = top[i] or parent
        parents.append(parent)
    cells = [(i, s) for i, s in enumerate(sub) if s]
    if not cells:
        return None
    for i, _ in cells:
        span_start = bool(top[i]) and i + 1 < width and not top[i + 1]
        if not parents[i] or (top[i] and not span_start):
            return None
    merged = list(top)
    for i, s in cells:
        if known(s):
            merged[i] = s
        elif known(f"{parents[i]} {s}"):
            merged[i] = f"{parents[i]} {s}"
        elif top[i] and known(top[i]):
            merged[i] = top[i]  # the first column under "Adresse" is the address
        else:
            merged[i] = f"{parents[i]} {s}"
    if not any(known(h) for h in merged if h):
        return None
    return tuple(merged)


# --- CSV --------------------------------------------------------------------------------------


def read_csv(info: SourceInfo, score: Scorer, known: Matcher) -> Iterator[RawRow]:
    stream = open_text(info)
    try:
        reader = csv.reader(stream, delimiter=info.delimiter)
        head: list[tuple[int, list[Any]]] = []
        rows = _csv_rows(reader)
        for number, values, error in rows:
            if error is None and not _blank(values):
                head.append((number, values))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        found = find_header(head, score, known)
        if found is None:
            raise UnreadableFile(info.path, _no_header_message(head))
        index, headers = found
        for number, values in head[index + 1 :]:
            yield RawRow(number, headers, values)
        last = reader.line_num
        while True:  # the hot loop: one generator layer only
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield RawRow(last + 1, headers, [], error=f"unreadable CSV record: {err}")
                last = reader.line_num
                continue
            if values and ((values[0] and not values[0].isspace()) or not _blank(values)):
                yield RawRow(last + 1, headers, values)
            last = reader.line_num
    finally:
        stream.close()


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[str], str | None]]:
    last = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield last + 1, [], f"unreadable CSV record: {err}"
            last = reader.line_num
            continue
        yield last + 1, values, None
        last = reader.line_num


def _no_header_message(head: list[tuple[int, list[Any]]]) -> str:
    first = ", ".join(cell_text(v) for v in head[0][1])[:200] if head else ""
    return "no known column headers found (a name column such as Navn/Name is needed)" + (
        f"; the first row is: {first}" if first else ""
    )


# --- JSON (the register's download, JSON lines, or the API's _embedded pages) ------------------


def _flatten(obj: dict[str, Any], prefix: str, out: dict[str, str]) -> None:
    for key, value in obj.items():
        if key.startswith("_"):
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, name + ".", out)
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                out[name] = "\n".join(cell_text(v) for v in value if v is not None)
        else:
            out[name] = cell_text(value)


def _json_values(stream: Any) -> Iterator[Any]:
    """Top-level elements of a JSON array, or consecutive top-level values, streamed."""
    decoder = json.JSONDecoder()
    buf, i, eof = "", 0, False
    in_array: bool | None = None

    def more() -> None:
        nonlocal buf, i, eof
        chunk = stream.read(CHUNK)
        eof = not chunk
        buf, i = buf[i:] + chunk, 0

    more()
    while True:
        while True:
            while i < len(buf) and (
                buf[i].isspace() or buf[i] == "\ufeff" or (in_array and buf[i] == ",")
            ):
                i += 1
            if i < len(buf) or eof:
                break
            more()
        if i >= len(buf):
            return
        if in_array is None:
            in_array = buf[i] == "["
            if in_array:
                i += 1
                continue
        if in_array and buf[i] == "]":
            return
        try:
            value, end = decoder.raw_decode(buf, i)
        except json.JSONDecodeError as err:
            if eof:
                raise ValueError(f"invalid JSON: {err.msg} (character {err.pos})") from err
            more()
            continue
        if end == len(buf) and not eof and not isinstance(value, dict | list | str):
            more()  # a number or literal may go on in the next chunk
            continue
        yield value
        i = end
        if i > CHUNK:
            buf, i = buf[i:], 0


def read_json(info: SourceInfo) -> Iterator[RawRow]:
    stream = open_text(info)
    number = 0
    positions: dict[str, int] = {}
    headers: tuple[str, ...] = ()
    try:
        for value in _json_values(stream):
            items = [value]
            if isinstance(value, dict) and isinstance(value.get("_embedded"), dict):
                items = [x for v in value["_embedded"].values() if isinstance(v, list) for x in v]
            for item in items:
                number += 1
                if not isinstance(item, dict):
                    yield RawRow(number, (), [], error="not a JSON object")
                    continue
                flat: dict[str, str] = {}
                _flatten(item, "", flat)
                # One growing header row for the whole file: units leave out empty keys,
                # and a stable header keeps the column plan cached.
                for key in flat:
                    if key not in positions:
                        positions[key] = len(positions)
                        headers = tuple(positions)
                values = [""] * len(headers)
                for key, value in flat.items():
                    values[positions[key]] = value
                yield RawRow(number, headers, values)
    except ValueError as err:
        if number == 0:
            raise UnreadableFile(info.path, str(err)) from err
        yield RawRow(number + 1, (), [], error=f"{err}; the rest of the file was not read")
    finally:
        stream.close()


# --- Excel ------------------------------------------------------------------------------------


def sheet_names(info: SourceInfo) -> list[str]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(info.path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(info.path, f"not a readable Excel file ({err})") from err
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def read_xlsx(
    info: SourceInfo, score: Scorer, known: Matcher, sheet: str | None = None
) -> Iterator[RawRow]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(info.path, read_only=True, data_only=True)
    except Exception as err:
        raise UnreadableFile(info.path, f"not a readable Excel file ({err})") from err
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise UnreadableFile(
                info.path, f"no sheet named “{sheet}” (sheets: {', '.join(names)})"
            )
        found_any = False
        yielded = last = 0
        try:
            for row in _xlsx_rows(workbook, [sheet] if sheet else names, score, known):
                if row is None:
                    found_any = True
                    continue
                yielded, last = yielded + 1, row.number
                yield row
        except UnreadableFile:
            raise
        except Exception as err:  # a damaged workbook can fail anywhere in a sheet
            if yielded == 0:
                raise UnreadableFile(info.path, f"not a readable Excel file ({err})") from err
            yield RawRow(last + 1, (), [], error=f"the rest of the workbook is unreadable ({err})")
            return
        if not found_any:
            raise UnreadableFile(
                info.path, "no sheet has known column headers (a name column such as Navn)"
            )
    finally:
        workbook.close()


def _xlsx_rows(
    workbook: Any, names: list[str], score: Scorer, known: Matcher
) -> Iterator[RawRow | None]:
    """The rows of the sheets that have a header row; None marks a sheet's header."""
    for name in names:
        rows = enumerate(workbook[name].iter_rows(values_only=True), start=1)
        head: list[tuple[int, list[Any]]] = []
        for number, values in rows:
            if not _blank(values):
                head.append((number, list(values)))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        found = find_header(head, score, known)
        if found is None:
            continue  # a sheet without a table of employers (notes, a cover page)
        yield None
        index, headers = found
        for number, values in head[index + 1 :]:
            yield RawRow(number, headers, [cell_text(v) for v in values], sheet=name)
        for number, values in rows:
            if not _blank(values):
                yield RawRow(number, headers, [cell_text(v) for v in values], sheet=name)


def read_rows(
    info: SourceInfo, score: Scorer, known: Matcher, sheet: str | None = None
) -> Iterator[RawRow]:
    """The rows of any supported format. Raises UnreadableFile before the first row when
    the file cannot be used at all."""
    if info.format == "xlsx":
        return read_xlsx(info, score, known, sheet)
    if info.format == "brreg-json":
        return read_json(info)
    return read_csv(info, score, known)

"""``ipscrm import template``: an empty list with the canonical headers, as CSV (UTF-8
with BOM and semicolons, the way Norwegian Excel opens it) or as an Excel workbook."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from ipscrm.importing.columns import TEMPLATE_HEADERS


def template_headers(plugin_keys: Iterable[str] = ()) -> list[str]:
    return [header for _, header in TEMPLATE_HEADERS] + list(plugin_keys)


def write_template(path: str | Path, fmt: str, plugin_keys: Iterable[str] = ()) -> Path:
    path = Path(path)
    headers = template_headers(plugin_keys)
    if fmt == "xlsx":
        import openpyxl
        from openpyxl.styles import Font

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Arbeidsgivere"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        workbook.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";").writerow(headers)
    return path

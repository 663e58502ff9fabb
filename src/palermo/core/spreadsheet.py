"""One table as a CSV or XLSX download, safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be read
as a formula (CSV/formula injection: a name typed as ``=HYPERLINK(...)`` would run on the
reader's machine), so it is written with a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SpreadsheetFile:
    filename: str
    content_type: str
    content: bytes


def safe_cell(value: object) -> object:
    """The value as a cell: dates as ISO text, None as empty, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # A byte-order mark, so that Excel reads Cyrillic text as UTF-8.
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def spreadsheet(
    stem: str, fmt: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> SpreadsheetFile:
    """``fmt`` is one of :data:`FORMATS`."""
    if fmt == "xlsx":
        return SpreadsheetFile(f"{stem}.xlsx", XLSX_TYPE, _xlsx(stem, header, rows))
    if fmt == "csv":
        return SpreadsheetFile(f"{stem}.csv", CSV_TYPE, _csv(header, rows))
    raise ValueError(f"unknown format {fmt!r}")

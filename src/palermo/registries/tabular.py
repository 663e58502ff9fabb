"""Reading and writing tables: CSV (UTF-8, comma or semicolon) and XLSX (openpyxl).

Reading reports problems with the file's line (CSV) or row (XLSX) number, as people see it in a
text editor or in Excel: the header is line 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str | date]]]  # (line number, cells)


class TableError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def normalise_header(name: object) -> str:
    return "_".join(str(name or "").strip().lower().replace("-", " ").split())


def is_xlsx(filename: str, content: bytes) -> bool:
    return filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04"


def read_table(filename: str, content: bytes) -> Table:
    if len(content) > MAX_BYTES:
        raise TableError(
            [RowError(0, "", _("The file is larger than %(n)d MB.") % {"n": MAX_BYTES // 2**20})]
        )
    if not content.strip():
        raise TableError([RowError(0, "", _("The file is empty."))])
    if is_xlsx(filename, content):
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content: bytes) -> Table:
    errors: list[RowError] = []
    lines: list[str] = []
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    for number, raw in enumerate(content.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            errors.append(
                RowError(
                    number,
                    "",
                    _(
                        "This line is not UTF-8 text. Save the file as “CSV UTF-8” and upload it again."
                    ),
                )
            )
            lines.append("")
    if errors:
        raise TableError(errors)
    text = "\n".join(lines)
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str | date]]] = []
    start = 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if header is None:
                header = [normalise_header(c) for c in record]
                continue
            if not any(c.strip() for c in record):
                continue
            rows.append((line, [c.strip() for c in record]))
            if len(rows) > MAX_ROWS:
                raise TableError(
                    [RowError(line, "", _("A file can have at most %(n)d rows.") % {"n": MAX_ROWS})]
                )
    except csv.Error as exc:
        raise TableError(
            [RowError(start, "", _("This line is not valid CSV: %(detail)s") % {"detail": exc})]
        ) from None
    return Table(header=header or [], rows=rows)


def _cell(value: Any) -> str | date:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        # Excel stores a taxpayer number typed as a number as 190123456.0.
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(
            [RowError(0, "", _("This is not an Excel (.xlsx) workbook that can be read."))]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str | date]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if header is None:
                header = [normalise_header(c) for c in cells]
                continue
            if not any(c != "" for c in cells):
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise TableError(
                    [
                        RowError(
                            number, "", _("A file can have at most %(n)d rows.") % {"n": MAX_ROWS}
                        )
                    ]
                )
        return Table(header=header or [], rows=rows)
    finally:
        workbook.close()


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, date) else _guard(v) for v in row])
    # A byte-order mark, so that Excel opens Cyrillic text correctly.
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _guard(value: object) -> object:
    value = _plain(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        # Never let a spreadsheet read a cell as a formula (CSV/formula injection).
        return "'" + value
    return value


_xlsx_value = _guard

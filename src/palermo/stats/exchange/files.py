"""Writing exported tables: CSV (UTF-8 with a byte-order mark, so Excel reads Cyrillic) or XLSX;
several tables go into one workbook (a sheet each) or one ZIP of CSV files."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
ZIP_TYPE = "application/zip"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # ZIP entry times: the same tables give the same bytes

Table = tuple[Sequence[str], Iterable[Sequence[object]]]


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        # Never let a spreadsheet read a text cell as a formula (CSV/formula injection). Numbers
        # such as the missing code -99 are written as numbers and are not touched.
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def xlsx_bytes(tables: Mapping[str, Table]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, (header, rows) in tables.items():
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_of_csv(tables: Mapping[str, Table]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables.items():
            archive.writestr(zipfile.ZipInfo(f"{name}.csv", FIXED_TIME), csv_bytes(header, rows))
    return out.getvalue()


def one_table(
    stem: str, fmt: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> ExportFile:
    if fmt == "xlsx":
        return ExportFile(f"{stem}.xlsx", XLSX_TYPE, xlsx_bytes({stem: (header, rows)}))
    return ExportFile(f"{stem}.csv", CSV_TYPE, csv_bytes(header, rows))


def many_tables(stem: str, fmt: str, tables: Mapping[str, Table]) -> ExportFile:
    if fmt == "xlsx":
        return ExportFile(f"{stem}.xlsx", XLSX_TYPE, xlsx_bytes(tables))
    return ExportFile(f"{stem}.zip", ZIP_TYPE, zip_of_csv(tables))

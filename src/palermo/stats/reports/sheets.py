"""The yearly report as XLSX (a sheet per table, then the methods) and as CSV per table."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from palermo.stats.reports.content import ReportContent, ReportTable


def _lines(table: ReportTable) -> list[list[str | int]]:
    lines: list[list[str | int]] = [["", *table.header]]
    for row in [*table.rows, table.total]:
        numbers = [n if n is not None else c for n, c in zip(row.numbers, row.cells, strict=True)]
        previous: str | int = int(row.previous) if row.previous.isdigit() else row.previous
        lines.append([row.label, *numbers, previous])
    return lines


def render_xlsx(content: ReportContent) -> bytes:
    with translation.override(content.language):
        book = Workbook()
        cover = book.create_sheet(_("Report")[:31], 0)
        for sheet in book.worksheets[1:]:
            book.remove(sheet)
        cover.title = _("Report")[:31]
        cover.append([content.title])
        cover.append([content.country])
        cover["A1"].font = Font(bold=True, size=14)
        for number, table in enumerate(content.tables, start=1):
            sheet = book.create_sheet(f"{number:02d}")
            sheet.append([table.title])
            sheet["A1"].font = Font(bold=True)
            sheet.append([table.definition])
            if table.note:
                sheet.append([table.note])
            sheet.append([])
            for line in _lines(table):
                sheet.append(line)
            sheet.column_dimensions["A"].width = 45
            cover.append([f"{number:02d}", table.title])
        methods = book.create_sheet(_("Methods")[:31])
        for paragraph in content.methods:
            methods.append([paragraph])
        methods.append([])
        methods.append([_("Evaluation of the measures")])
        methods.append([content.evaluation or _("Not written.")])
        methods.append([_("Recommendations")])
        methods.append([content.recommendations or _("Not written.")])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def render_csv(content: ReportContent, table: ReportTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([table.title])
    for line in _lines(table):
        writer.writerow(line)
    # UTF-8 with a byte-order mark, so that spreadsheet programs read Cyrillic right.
    return out.getvalue().encode("utf-8-sig")

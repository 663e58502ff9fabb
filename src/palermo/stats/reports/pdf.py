"""The yearly report as PDF, with fpdf2 (pure Python) and the DejaVu Sans font shipped in
``palermo/core/fonts/`` under its licence, because the report is in Russian and Belarusian and
the PDF core fonts have no Cyrillic."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from palermo.core.fonts import DEJAVU_SANS, DEJAVU_SANS_BOLD
from palermo.stats.charts import bar_chart
from palermo.stats.reports.content import ReportContent, ReportTable

FAMILY = "DejaVu"
BAR_COLOUR = (60, 110, 160)
HEADING_ROOM = 30  # mm: a table's heading and a two-line definition
MM_PER_POINT = 0.26  # chart geometry is in SVG user units (≈ points); the page is in mm
# fontTools logs every table it subsets at INFO; that says nothing to whoever runs Palermo.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _document() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font(FAMILY, "", str(DEJAVU_SANS))
    pdf.add_font(FAMILY, "B", str(DEJAVU_SANS_BOLD))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    # A fixed date: the same release gives the same file, and so the same registered hash.
    pdf.set_creation_date(datetime(2000, 1, 1, tzinfo=UTC))
    return pdf


def _heading(pdf: FPDF, text: str, size: int = 14) -> None:
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _paragraph(pdf: FPDF, text: str, size: int = 10) -> None:
    pdf.set_font(FAMILY, "", size)
    pdf.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _label(pdf: FPDF, text: str, width: float) -> str:
    """Sets a font size at which ``text`` fits in a cell ``width`` wide (down to 5.5 pt), and
    shortens it with an ellipsis if even that is too wide, so that a long label right-aligned in
    the chart never runs into the left margin. Shrinking first keeps labels that differ only at
    the end (articles of a code) apart."""
    room = width - 2 * pdf.c_margin
    for size in (7, 6.5, 6, 5.5):
        pdf.set_font(FAMILY, "", size)
        if pdf.get_string_width(text) <= room:
            return text
    while text and pdf.get_string_width(text.rstrip() + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _chart(pdf: FPDF, table: ReportTable) -> None:
    chart = bar_chart(table.title, table.chart_values)
    scale = MM_PER_POINT
    if pdf.get_y() + chart.height * scale > pdf.h - 20:
        pdf.add_page()
    top, left = pdf.get_y(), pdf.l_margin
    pdf.set_font(FAMILY, "", 7)
    # The bar colour stays inside the chart: fpdf2's tables take the current fill colour as
    # their cells' background, and the tables below would come out blue.
    with pdf.local_context(fill_color=BAR_COLOUR):
        for bar in chart.bars:
            y = top + bar.y * scale
            pdf.set_xy(left, y)
            label = _label(pdf, bar.label, chart.label_x * scale)
            pdf.cell(chart.label_x * scale, bar.height * scale, label, align="R")
            pdf.set_font(FAMILY, "", 7)
            if bar.width:
                pdf.rect(left + bar.x * scale, y, bar.width * scale, bar.height * scale, style="F")
            pdf.set_xy(left + (bar.x + bar.width + chart.value_x_offset) * scale, y)
            pdf.cell(20, bar.height * scale, "x" if bar.value is None else str(bar.value))
    pdf.set_y(top + chart.height * scale + 2)


def _table(pdf: FPDF, table: ReportTable) -> None:
    pdf.set_font(FAMILY, "", 8)
    columns = len(table.header) + 1
    first = 60
    widths = [first] + [(pdf.epw - first) / (columns - 1)] * (columns - 1)
    with pdf.table(
        col_widths=widths,
        text_align=["LEFT"] + ["RIGHT"] * (columns - 1),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
    ) as grid:
        grid.row(["", *table.header])
        for row in [*table.rows, table.total]:
            grid.row([row.label, *row.cells, row.previous])
    pdf.ln(3)


def render_pdf(content: ReportContent) -> bytes:
    with translation.override(content.language):
        pdf = _document()
        pdf.set_title(content.title)
        pdf.add_page()
        _heading(pdf, content.title, 18)
        _paragraph(pdf, content.country, 12)
        for table in content.tables:
            # A table's heading and definition start a page of their own unless its chart fits
            # under them: a heading alone at the foot of a page says nothing.
            chart_height = bar_chart(table.title, table.chart_values).height * MM_PER_POINT
            needed = min(HEADING_ROOM + chart_height, pdf.h / 2)
            if pdf.get_y() + max(needed, 60) > pdf.h - 20:
                pdf.add_page()
            _heading(pdf, table.title, 12)
            _paragraph(pdf, table.definition, 9)
            if table.note:
                _paragraph(pdf, table.note, 9)
            _chart(pdf, table)
            _table(pdf, table)
        pdf.add_page()
        _heading(pdf, _("Methods"))
        for paragraph in content.methods:
            _paragraph(pdf, paragraph)
        _heading(pdf, _("Evaluation of the measures"))
        _paragraph(pdf, content.evaluation or _("Not written."))
        _heading(pdf, _("Recommendations"))
        _paragraph(pdf, content.recommendations or _("Not written."))
        return bytes(pdf.output())

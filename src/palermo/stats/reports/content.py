"""The report's content in one language: tables with labels, the methods page, the texts.

Every number here is a published one (after disclosure control); a suppressed cell is shown as
:data:`SUPPRESSED` and explained on the methods page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_stats import DisclosureRule
from palermo.stats.figures.labels import label, table_text
from palermo.stats.figures.tables import Grid, grid_from_values
from palermo.stats.release_data import ReleaseData, TableRelease

SUPPRESSED = "x"


@dataclass
class Row:
    label: str
    cells: list[str]
    numbers: list[int | None]  # the same cells as numbers, None when suppressed
    previous: str  # the row's total the year before
    previous_number: int | None = None


@dataclass
class ReportTable:
    key: str
    title: str
    definition: str
    note: str
    header: list[str]
    rows: list[Row]
    total: Row
    chart_values: list[tuple[str, int | None]]  # (label, published row total)


@dataclass
class ReportContent:
    year: int
    language: str
    title: str
    country: str
    tables: list[ReportTable]
    methods: list[str]
    evaluation: str
    recommendations: str


def _text(value: int | None) -> str:
    return SUPPRESSED if value is None else str(value)


def report_table(item: TableRelease, *, exact: bool = False) -> ReportTable:
    table = item.table
    values: list[int | None] = list(table.numbered()[0].values) if exact else list(item.values)
    grid: Grid = grid_from_values(table, values)
    previous: Grid | None = None
    if item.previous is not None:
        prev_values: list[int | None] = (
            list(item.previous.numbered()[0].values)
            if exact or item.previous_values is None
            else list(item.previous_values)
        )
        previous = grid_from_values(item.previous, prev_values)
    wide = table.row_totals
    year_before = _("Year before")
    header = [label(table.column_dimension, c) for c in table.columns[: None if wide else 1]]
    if wide:
        header.append(_("Total"))
    header.append(year_before)
    previous_by_code: dict[str, int | None] = {}
    if previous is not None and item.previous is not None:
        previous_by_code = {
            code: _row_total(previous, r) for r, code in enumerate(item.previous.rows)
        }
    rows = []
    for r, code in enumerate(table.rows):
        numbers = list(grid.cells[r]) + ([grid.row_totals[r]] if wide else [])
        # A row missing from last year's table had nobody in it.
        before = previous_by_code.get(code) if code in previous_by_code else 0
        rows.append(
            Row(
                label(table.row_dimension, code),
                [_text(n) for n in numbers],
                numbers,
                _text(before) if previous else "—",
                before if previous else None,
            )
        )
    total_numbers = list(grid.column_totals) + ([grid.grand_total] if wide else [])
    previous_total = _grand(previous) if previous is not None else None
    total = Row(
        _("Total"),
        [_text(n) for n in total_numbers],
        total_numbers,
        _text(previous_total) if previous else "—",
        previous_total,
    )
    texts = table_text(table.key)
    chart = [(row.label, row.numbers[-1] if wide else row.numbers[0]) for row in rows]
    return ReportTable(
        key=table.key,
        title=str(texts.title),
        definition=str(texts.definition),
        note=str(texts.note),
        header=header,
        rows=rows,
        total=total,
        chart_values=chart,
    )


def _row_total(grid: Grid, row: int) -> int | None:
    return grid.row_totals[row] if grid.row_totals else grid.cells[row][0]


def _grand(grid: Grid) -> int | None:
    return grid.grand_total if grid.row_totals else grid.column_totals[0]


def methods(rule: DisclosureRule | None) -> list[str]:
    paragraphs = [
        _(
            "Persons are counted once however many agencies know them. When two registrations "
            "are confirmed to be the same person, a national administrator merges them and all "
            "their cases belong to one person; a person is counted in the period in which any of "
            "their cases was identified, unless the case was decided not to be trafficking."
        ),
        _(
            "Age, region and country of exploitation come from the person's first case "
            "identified in the period. A person exploited in several forms counts under each "
            "form. A person identified by several sectors counts once, in the row naming them all."
        ),
        _(
            "No identity is read to make these figures: they are counted from plain statistical "
            "columns (sex, age at identification, citizenship, countries, dates, forms)."
        ),
    ]
    if rule is not None:
        paragraphs.append(
            _(
                "Disclosure control: cells counting fewer than %(k)s persons are suppressed "
                "(shown as %(mark)s), and further cells are suppressed so that no suppressed "
                "count can be worked out from totals and other cells. An automatic audit by "
                "linear programming proves, for every suppressed count, that what is published "
                "leaves it uncertain by at least %(width)s."
            )
            % {"k": rule.k, "mark": SUPPRESSED, "width": rule.min_interval_width}
        )
        paragraphs.append(
            _(
                "Amounts (nights in shelters, money, people reached) are withheld when fewer "
                "than %(k)s records stand behind them, and further amounts with them so that "
                "none can be worked out; the audit proves that each withheld amount stays "
                "uncertain by at least its own size."
            )
            % {"k": rule.k}
        )
        if rule.allow_true_zero:
            paragraphs.append(_("A zero is published as it is: nobody is identified by it."))
        if rule.legal_basis is not None:
            paragraphs.append(_("Legal basis: %(basis)s.") % {"basis": rule.legal_basis.cite()})
    return paragraphs


def build_content(
    data: ReleaseData,
    *,
    language: str,
    rule: DisclosureRule | None,
    evaluation: str = "",
    recommendations: str = "",
) -> ReportContent:
    with translation.override(language):
        pack = get_pack()
        return ReportContent(
            year=data.year,
            language=language,
            title=_("Trafficking in human beings: the National Rapporteur's report for %(year)s")
            % {"year": data.year},
            country=pack.name(language),
            tables=[report_table(item) for item in data.tables],
            methods=methods(rule),
            evaluation=evaluation,
            recommendations=recommendations,
        )

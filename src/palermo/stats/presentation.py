"""What the statistics pages and the API show: the figures for the filters asked for, exact
(inside) and as they would be published, each table with its chart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from palermo.jurisdictions.pack import get_pack
from palermo.stats.charts import Chart, bar_chart
from palermo.stats.figures import Filters, parse_period
from palermo.stats.release_data import ReleaseData, build_data_for
from palermo.stats.reports.content import ReportTable, report_table


@dataclass
class ShownTable:
    table: ReportTable
    chart: Chart


def parse_filters(params: Mapping[str, str]) -> Filters:
    """Filters from a query string; bad values raise ValidationError naming the field."""
    period = parse_period(params)
    pack = get_pack()
    region = (params.get("region") or "").strip()
    kind = (params.get("agency_kind") or "").strip()
    errors: dict[str, list[str]] = {}
    if region and pack.region(region) is None:
        errors["region"] = [_("Choose a region of this jurisdiction.")]
    if kind and kind not in pack.agency_kinds_by_code:
        errors["agency_kind"] = [_("Choose a kind of agency from the list.")]
    view = params.get("view") or "exact"
    if view not in ("exact", "published"):
        errors["view"] = [_("Choose exact or published.")]
    if errors:
        raise ValidationError(errors)
    return Filters(period, region, kind)


def figures_for(filters: Filters) -> ReleaseData:
    return build_data_for(filters, get_pack().disclosure)[0]


def shown_tables(data: ReleaseData, *, exact: bool) -> list[ShownTable]:
    shown = []
    for item in data.tables:
        table = report_table(item, exact=exact)
        shown.append(ShownTable(table, bar_chart(table.title, table.chart_values)))
    return shown


def table_payload(table: ReportTable) -> dict[str, Any]:
    """A table for the API: numbers, null where suppressed."""

    def row(r: Any) -> dict[str, Any]:
        return {"name": r.label, "values": r.numbers, "year_before": r.previous_number}

    return {
        "key": table.key,
        "title": table.title,
        "definition": table.definition,
        "note": table.note,
        "columns": table.header[:-1],
        "rows": [row(r) for r in table.rows],
        "total": row(table.total),
    }

"""What a release is made of: each table's exact counts, its published form after disclosure
control, and the same a year earlier; built from the figures, stored as JSON, audited again
before anything is published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from palermo.jurisdictions.sections_stats import DisclosureRule
from palermo.stats.disclosure.audit import audit
from palermo.stats.disclosure.suppress import primary_cells
from palermo.stats.figures import Filters, Period, compute_figures
from palermo.stats.figures.tables import FigureTable, magnitude_problems, protect_table


@dataclass
class TableRelease:
    table: FigureTable
    values: list[int | None]  # published, in the numbering of table.numbered()
    previous: FigureTable | None
    previous_values: list[int | None] | None

    @property
    def key(self) -> str:
        return self.table.key


@dataclass
class ReleaseData:
    year: int
    tables: list[TableRelease]


def rule_as_dict(rule: DisclosureRule) -> dict[str, Any]:
    return {
        "k": rule.k,
        "allow_true_zero": rule.allow_true_zero,
        "min_interval_width": rule.min_interval_width,
        "legal_basis": rule.legal_basis.citation if rule.legal_basis else "",
    }


def _published(
    table: FigureTable, rule: DisclosureRule | None
) -> tuple[list[int | None], dict[str, Any]]:
    if rule is None:  # without a rule nothing may be published: every cell is withheld
        hidden: list[int | None] = [None] * len(table.numbered()[0].values)
        return hidden, {"passed": False, "primary": 0, "secondary": 0, "narrowest_interval": None}
    protection = protect_table(table, rule)
    linear = table.numbered()[0]
    values = [None if i in protection.suppressed else v for i, v in enumerate(linear.values)]
    widths = [i.width for i in protection.audit.intervals]
    summary = {
        "passed": protection.audit.passed,
        "primary": len(protection.primary),
        "secondary": len(protection.secondary),
        "narrowest_interval": min(widths) if widths else None,
    }
    return values, summary


def build_release_data(year: int, rule: DisclosureRule) -> tuple[ReleaseData, dict[str, Any]]:
    """The national figures of ``year`` and the year before, protected by ``rule``; with the
    audit summary of every table."""
    return build_data_for(Filters(Period.year(year)), rule)


def build_data_for(
    filters: Filters, rule: DisclosureRule | None
) -> tuple[ReleaseData, dict[str, Any]]:
    """Any period, region and kind of identifying agency, protected by ``rule``."""
    year = filters.period.start.year
    figures = compute_figures(filters)
    tables, audits = [], {}
    for table in figures.tables:
        previous = figures.previous_of(table.key)
        values, summary = _published(table, rule)
        previous_values = None
        if previous is not None:
            previous_values, previous_summary = _published(previous, rule)
            summary["previous_passed"] = previous_summary["passed"]
        tables.append(TableRelease(table, values, previous, previous_values))
        audits[table.key] = summary
    return ReleaseData(year, tables), audits


def dump(data: ReleaseData) -> tuple[dict[str, Any], dict[str, Any]]:
    """The exact tables and the published ones, as stored on a Release."""
    exact = {
        "year": data.year,
        "tables": [
            {"current": t.table.to_dict(), "previous": t.previous.to_dict() if t.previous else None}
            for t in data.tables
        ],
    }
    published = {t.key: {"current": t.values, "previous": t.previous_values} for t in data.tables}
    return exact, published


def load(exact: dict[str, Any], published: dict[str, Any]) -> ReleaseData:
    tables = []
    for item in exact.get("tables", []):
        table = FigureTable.from_dict(item["current"])
        previous = FigureTable.from_dict(item["previous"]) if item.get("previous") else None
        stored = published.get(table.key, {})
        tables.append(
            TableRelease(table, stored.get("current", []), previous, stored.get("previous"))
        )
    return ReleaseData(int(exact.get("year", 0)), tables)


def audit_problems(data: ReleaseData, rule: DisclosureRule) -> list[str]:
    """Why this release may not be published under ``rule`` (empty when it may): a published
    number that differs from the exact one, a small cell shown, or a suppressed cell that the
    published numbers pin down more tightly than the rule allows."""
    problems = []
    for item in data.tables:
        pairs = [(item.table, item.values)]
        if item.previous is not None and item.previous_values is not None:
            pairs.append((item.previous, item.previous_values))
        for table, values in pairs:
            problems += [f"{table.key}: {p}" for p in _table_problems(table, values, rule)]
    return problems


def _table_problems(
    table: FigureTable, values: list[int | None], rule: DisclosureRule
) -> list[str]:
    linear = table.numbered()[0]
    if len(values) != len(linear.values):
        return ["the published table does not match the figures"]
    if any(v is not None and v != linear.values[i] for i, v in enumerate(values)):
        return ["a published number differs from the figures"]
    hidden = {i for i, v in enumerate(values) if v is None}
    if table.contributors is not None:
        return magnitude_problems(table, hidden, rule)
    sensitive = primary_cells(linear, rule.k, rule.allow_true_zero)
    shown = sorted(sensitive - hidden)
    if shown:
        return [f"cells {shown} are below the threshold and published"]
    result = audit(linear, hidden, sensitive, rule.min_interval_width)
    return [
        f"cell {i.cell} can be worked out within [{i.low:g}, {i.high:g}]" for i in result.failing
    ]

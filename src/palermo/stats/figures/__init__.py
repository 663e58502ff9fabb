"""The National Rapporteur's figures: exact counts for any period, region and kind of
identifying agency, each with the same figures a year earlier."""

from __future__ import annotations

from dataclasses import dataclass

from palermo.stats.figures.activity import activity_tables
from palermo.stats.figures.compensation import compensation_tables
from palermo.stats.figures.justice import justice_tables
from palermo.stats.figures.offences import offences_tables
from palermo.stats.figures.oversight import hotline_tables, prevention_tables, registry_tables
from palermo.stats.figures.period import Period, parse_period
from palermo.stats.figures.persons import Filters, persons_tables
from palermo.stats.figures.shelters import return_tables, shelter_tables
from palermo.stats.figures.tables import FigureTable


@dataclass
class Figures:
    filters: Filters
    tables: list[FigureTable]
    previous: list[FigureTable]  # the same tables, the same span a year earlier

    def previous_of(self, key: str) -> FigureTable | None:
        return next((t for t in self.previous if t.key == key), None)


# One line per group of tables, in the order of the report.
TABLE_GROUPS = [
    persons_tables,
    activity_tables,
    shelter_tables,
    return_tables,
    justice_tables,
    offences_tables,
    compensation_tables,
    registry_tables,
    hotline_tables,
    prevention_tables,
]


def all_tables(filters: Filters) -> list[FigureTable]:
    return [table for group in TABLE_GROUPS for table in group(filters)]


def compute_figures(filters: Filters) -> Figures:
    return Figures(filters, all_tables(filters), all_tables(filters.year_before()))


__all__ = ["FigureTable", "Figures", "Filters", "Period", "compute_figures", "parse_period"]

"""The National Rapporteur's figures: exact counts for any period, region and kind of
identifying agency, each with the same figures a year earlier."""

from __future__ import annotations

from dataclasses import dataclass

from palermo.stats.figures.activity import activity_tables
from palermo.stats.figures.offences import offences_tables
from palermo.stats.figures.period import Period, parse_period
from palermo.stats.figures.persons import Filters, persons_tables
from palermo.stats.figures.tables import FigureTable


@dataclass
class Figures:
    filters: Filters
    tables: list[FigureTable]
    previous: list[FigureTable]  # the same tables, the same span a year earlier

    def previous_of(self, key: str) -> FigureTable | None:
        return next((t for t in self.previous if t.key == key), None)


def all_tables(filters: Filters) -> list[FigureTable]:
    return persons_tables(filters) + activity_tables(filters) + offences_tables(filters)


def compute_figures(filters: Filters) -> Figures:
    return Figures(filters, all_tables(filters), all_tables(filters.year_before()))


__all__ = ["FigureTable", "Figures", "Filters", "Period", "compute_figures", "parse_period"]

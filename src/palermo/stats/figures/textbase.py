"""The words of a table: its title, its one-line definition and an optional note."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class TableText:
    title: str | Promise
    definition: str | Promise
    note: str | Promise = ""

"""Disclosure control for published statistics (DESIGN.md rule 10).

* :mod:`.linear` — a table as cells plus the sums that tie them (what an intruder knows);
* :mod:`.audit` — for each suppressed cell, the interval it could lie in given everything
  published, by linear programming;
* :mod:`.suppress` — primary suppression below k and audit-driven secondary suppression.

Why this is written here: the tools that do this job (τ-ARGUS, R's sdcTable) are Java and R
programs; no maintained Python library does cell suppression with an interval audit. The
tables of the yearly report are small (tens of cells), so a simple, fully audited greedy method
is enough: protection is never assumed, it is proved by the audit for every released table.
"""

from palermo.stats.disclosure.audit import AuditResult, CellInterval, audit
from palermo.stats.disclosure.linear import LinearTable
from palermo.stats.disclosure.suppress import protect

__all__ = ["AuditResult", "CellInterval", "LinearTable", "audit", "protect"]

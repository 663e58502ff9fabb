"""REST API of the cases app: the same access helpers and services as the HTML views."""

from palermo.cases.api.cases import CaseDetailAPI, CaseListAPI, CaseSerializer

__all__ = ["CaseDetailAPI", "CaseListAPI", "CaseSerializer"]

"""The cases app's models: the case itself and its parts, one module per topic."""

from palermo.cases.models.case import Case, CaseExploitation
from palermo.cases.models.casefile import CaseAttachment, CaseFlag, CaseNote, Visibility
from palermo.cases.models.child import ChildProtectionNotice
from palermo.cases.models.closure import CaseStatusChange
from palermo.cases.models.consent import Consent
from palermo.cases.models.decision import StatusDecision
from palermo.cases.models.saved_search import SavedCaseSearch
from palermo.cases.models.screening import Screening

__all__ = [
    "Case",
    "CaseAttachment",
    "CaseExploitation",
    "CaseFlag",
    "CaseNote",
    "CaseStatusChange",
    "ChildProtectionNotice",
    "Consent",
    "SavedCaseSearch",
    "Screening",
    "StatusDecision",
    "Visibility",
]

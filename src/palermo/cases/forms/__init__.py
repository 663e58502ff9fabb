"""Forms parse and present; the rules themselves live in the services (one place for UI and API)."""

from palermo.cases.forms.case import CaseForm, DateInput
from palermo.cases.forms.child import ChildProtectionForm
from palermo.cases.forms.parts import (
    CloseCaseForm,
    ConsentForm,
    DecisionForm,
    ReopenCaseForm,
    ScreeningForm,
    WithdrawConsentForm,
)

__all__ = [
    "CaseForm",
    "ChildProtectionForm",
    "CloseCaseForm",
    "ConsentForm",
    "DateInput",
    "DecisionForm",
    "ReopenCaseForm",
    "ScreeningForm",
    "WithdrawConsentForm",
]

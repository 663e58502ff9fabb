"""Forms parse and present; the rules themselves live in the services (one place for UI and API)."""

from palermo.cases.forms.case import CaseForm, DateInput
from palermo.cases.forms.casefile import AttachmentForm, CorrectionForm, FlagForm, NoteForm
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
    "AttachmentForm",
    "CaseForm",
    "ChildProtectionForm",
    "CloseCaseForm",
    "ConsentForm",
    "CorrectionForm",
    "DateInput",
    "DecisionForm",
    "FlagForm",
    "NoteForm",
    "ReopenCaseForm",
    "ScreeningForm",
    "WithdrawConsentForm",
]

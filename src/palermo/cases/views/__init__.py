"""HTML views of the cases app, one module per topic."""

from palermo.cases.views.caselist import (
    case_assign,
    case_export,
    case_filter_choices,
    case_list,
    saved_search_create,
    saved_search_delete,
    saved_search_list,
)
from palermo.cases.views.cases import (
    case_detail,
    case_edit,
    case_register,
    case_section,
    case_timeline,
)
from palermo.cases.views.child import child_protection_record
from palermo.cases.views.closure import case_close, case_reopen
from palermo.cases.views.consent import consent_record, consent_withdraw
from palermo.cases.views.decisions import decide_status, overdue_decision_list
from palermo.cases.views.screening import (
    screening_detail,
    screening_list,
    screening_new,
    screening_preview,
)

__all__ = [
    "case_assign",
    "case_close",
    "case_detail",
    "case_edit",
    "case_export",
    "case_filter_choices",
    "case_list",
    "case_register",
    "case_reopen",
    "case_section",
    "case_timeline",
    "child_protection_record",
    "consent_record",
    "consent_withdraw",
    "decide_status",
    "overdue_decision_list",
    "saved_search_create",
    "saved_search_delete",
    "saved_search_list",
    "screening_detail",
    "screening_list",
    "screening_new",
    "screening_preview",
]

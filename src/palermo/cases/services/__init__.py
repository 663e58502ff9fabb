"""Every change to cases, one module per topic (DESIGN.md rule 1). Import from here.

Views, the API, the CLI and the generator call these functions; none writes models directly.
"""

from palermo.cases.services.assignment import (
    assignable_workers,
    can_assign_worker,
    do_assign_case_worker,
    do_delete_case_search,
    do_save_case_search,
    saved_searches_for,
)
from palermo.cases.services.child import (
    ChildNoticeInput,
    child_protection_rules,
    concerns_a_child,
    do_record_child_protection_notice,
    needs_child_protection_notice,
    validate_child_notice,
)
from palermo.cases.services.closure import (
    CaseStatusInput,
    do_close_case,
    do_reopen_case,
    validate_close,
    validate_reopen,
)
from palermo.cases.services.consent import (
    ConsentInput,
    cases_with_consent,
    consent_covers,
    consents_in_force,
    do_record_consent,
    do_withdraw_consent,
    is_minor_on,
    validate_consent,
)
from palermo.cases.services.decisions import (
    DecisionInput,
    do_decide_status,
    overdue_decisions,
    validate_decision,
)
from palermo.cases.services.registration import (
    ADULT_AGE,
    CASE_FIELDS,
    CaseInput,
    do_register_case,
    do_update_case,
    record_identity_view,
    validate_case,
)
from palermo.cases.services.screening import (
    ScreeningInput,
    do_link_screening,
    do_record_screening,
    evaluate_screening,
    record_screening_view,
    validate_screening,
)

__all__ = [
    "ADULT_AGE",
    "CASE_FIELDS",
    "CaseInput",
    "CaseStatusInput",
    "ChildNoticeInput",
    "ConsentInput",
    "DecisionInput",
    "ScreeningInput",
    "assignable_workers",
    "can_assign_worker",
    "cases_with_consent",
    "child_protection_rules",
    "concerns_a_child",
    "consent_covers",
    "consents_in_force",
    "do_assign_case_worker",
    "do_close_case",
    "do_decide_status",
    "do_delete_case_search",
    "do_link_screening",
    "do_record_child_protection_notice",
    "do_record_consent",
    "do_record_screening",
    "do_register_case",
    "do_reopen_case",
    "do_save_case_search",
    "do_update_case",
    "do_withdraw_consent",
    "evaluate_screening",
    "is_minor_on",
    "needs_child_protection_notice",
    "overdue_decisions",
    "record_identity_view",
    "record_screening_view",
    "saved_searches_for",
    "validate_case",
    "validate_child_notice",
    "validate_close",
    "validate_consent",
    "validate_decision",
    "validate_reopen",
    "validate_screening",
]

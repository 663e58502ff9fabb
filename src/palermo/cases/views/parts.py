"""What the case page shows of a case's parts: screenings, decisions, consent, closure."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.cases.access import can_edit_case
from palermo.cases.access_parts import (
    can_change_case_status,
    can_decide_status,
    can_manage_consent,
    can_screen_for_case,
)
from palermo.cases.forms import ChildProtectionForm, ConsentForm, WithdrawConsentForm
from palermo.cases.models import Case
from palermo.cases.services import child_protection_rules, concerns_a_child, is_minor_on
from palermo.jurisdictions.pack import get_pack


def consent_context(
    actor: Actor,
    case: Case,
    *,
    form: ConsentForm | None = None,
    withdraw_forms: dict[int, Any] | None = None,
) -> dict[str, Any]:
    """The consent section (also re-rendered alone by htmx)."""
    consents = list(case.consents.select_related("recording_agency").all())
    manage = can_manage_consent(actor, case)
    minor = is_minor_on(case, timezone.localdate())
    withdraw_forms = withdraw_forms or {}
    rows = [
        (
            c,
            (withdraw_forms.get(c.pk) or WithdrawConsentForm(consent=c))
            if manage and c.in_force
            else None,
        )
        for c in consents
    ]
    return {
        "consent_rows": rows,
        "consents_in_force": [c for c in consents if c.in_force],
        "can_manage_consent": manage,
        "consent_form": (form or ConsentForm(case=case)) if manage else None,
        "person_is_minor": minor,
    }


def decision_context(actor: Actor, case: Case) -> dict[str, Any]:
    pack = get_pack()
    today = timezone.localdate()
    due_on = case.status_decision_due_on if case.awaits_status_decision else None
    rules = pack.status_decisions
    return {
        "decisions": list(case.status_decisions.select_related("deciding_agency").all()),
        "can_decide": can_decide_status(actor, case),
        "decision_due_on": due_on,
        "decision_overdue": due_on is not None and due_on < today,
        "decision_deadline": pack.deadline("status_decision"),
        "competence_basis": rules.competence_basis if rules else None,
    }


def child_protection_context(
    actor: Actor, case: Case, *, form: ChildProtectionForm | None = None
) -> dict[str, Any]:
    """The child-protection section (also re-rendered alone by htmx): shown for minors only."""
    rules = child_protection_rules()
    child = rules is not None and concerns_a_child(case)
    notices = (
        list(case.child_protection_notices.select_related("recording_agency")) if child else []
    )
    may_record = child and can_edit_case(actor, case)
    return {
        "child_case": child,
        "child_protection": rules,
        "child_notices": notices,
        "child_notice_missing": child and not notices,
        "child_form": (form or ChildProtectionForm(case=case)) if may_record else None,
    }


def case_parts_context(
    actor: Actor, case: Case, child_form: ChildProtectionForm | None = None, **consent_forms: Any
) -> dict[str, Any]:
    return {
        **child_protection_context(actor, case, form=child_form),
        "screenings": list(case.screenings.select_related("agency").all()),
        "can_screen_for_case": can_screen_for_case(actor, case),
        **decision_context(actor, case),
        **consent_context(actor, case, **consent_forms),
        "status_changes": list(case.status_changes.select_related("agency").all()),
        "can_change_status": can_change_case_status(actor, case),
    }

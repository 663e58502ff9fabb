"""What the case page shows of a case's parts: screenings, decisions, consent, closure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from palermo.accounts.actor import Actor
from palermo.cases.access import can_edit_case
from palermo.cases.access_casefile import (
    attachments_for,
    can_correct_note,
    can_write_to_file,
    notes_for,
)
from palermo.cases.access_parts import (
    can_change_case_status,
    can_decide_status,
    can_manage_consent,
    can_screen_for_case,
)
from palermo.cases.forms import (
    AttachmentForm,
    ChildProtectionForm,
    ConsentForm,
    CorrectionForm,
    NoteForm,
    WithdrawConsentForm,
)
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


def child_notice_missing(case: Case) -> bool:
    """For the warning at the top of the case page: a minor's case with no notification of the
    child-protection authority recorded (one query, for minors only)."""
    if child_protection_rules() is None or not concerns_a_child(case):
        return False
    return not case.child_protection_notices.exists()


def screenings_context(actor: Actor, case: Case) -> dict[str, Any]:
    return {
        "screenings": list(case.screenings.select_related("agency").all()),
        "can_screen_for_case": can_screen_for_case(actor, case),
    }


def status_context(actor: Actor, case: Case) -> dict[str, Any]:
    return {
        "status_changes": list(case.status_changes.select_related("agency").all()),
        "can_change_status": can_change_case_status(actor, case),
    }


def notes_context(actor: Actor, case: Case, *, form: NoteForm | None = None) -> dict[str, Any]:
    """The notes section (also re-rendered alone by htmx): what the actor may read, newest
    first, each correction shown in place of the note it corrects."""
    notes = list(notes_for(actor, case))
    writable = can_write_to_file(actor, case)
    corrected = {n.corrects_id for n in notes if n.corrects_id}
    return {
        "note_rows": [
            (n, CorrectionForm(prefix=f"n{n.pk}") if can_correct_note(actor, case, n) else None)
            for n in notes
        ],
        "corrected_note_ids": corrected,
        "note_form": (form or NoteForm()) if writable else None,
    }


def attachments_context(
    actor: Actor, case: Case, *, form: AttachmentForm | None = None
) -> dict[str, Any]:
    """The attachments section (also re-rendered alone by htmx)."""
    return {
        "attachments": list(attachments_for(actor, case)),
        "attachment_form": (form or AttachmentForm()) if can_write_to_file(actor, case) else None,
    }


def no_context(actor: Actor, case: Case) -> dict[str, Any]:
    """Sections of other apps build their context in their own template tag."""
    return {}


@dataclass(frozen=True)
class Section:
    """A section of the case page, loaded by htmx once the page is there (or opened as a page of
    its own without JavaScript): the page itself asks the database a fixed, small number of
    times, and each section asks for its own rows only."""

    name: str
    title: Promise | str
    template: str
    context: Callable[[Actor, Case], dict[str, Any]]
    anchor: str = ""  # the id of the section's element, kept by its placeholder

    @property
    def element_id(self) -> str:
        return self.anchor or f"section-{self.name}"


SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section("notes", _("Notes"), "cases/_notes_section.html", notes_context, "notes"),
        Section(
            "attachments",
            _("Attachments"),
            "cases/_attachments_section.html",
            attachments_context,
            "attachments",
        ),
        Section(
            "decisions",
            _("Victim status"),
            "cases/_decisions_section.html",
            decision_context,
            "status-decision",
        ),
        Section(
            "screenings",
            _("Screenings"),
            "cases/_screenings_section.html",
            screenings_context,
            "screenings",
        ),
        Section(
            "child",
            _("Child victim"),
            "cases/_child_protection.html",
            child_protection_context,
            "child-protection",
        ),
        Section("consent", _("Consent"), "cases/_consents.html", consent_context, "consent"),
        Section(
            "status",
            _("Case status"),
            "cases/_case_status_section.html",
            status_context,
            "case-status",
        ),
        Section("referrals", _("Referrals"), "cases/sections/referrals.html", no_context),
        Section(
            "crossborder", _("Referrals abroad"), "cases/sections/crossborder.html", no_context
        ),
        Section("shelters", _("Shelter"), "cases/sections/shelters.html", no_context, "shelter"),
        Section(
            "proceedings",
            _("Criminal proceedings"),
            "cases/sections/proceedings.html",
            no_context,
            "proceedings",
        ),
    )
}

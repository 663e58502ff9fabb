"""Who may see and do what with the parts of a case: screenings, status decisions, consent,
closure. Built on ``cases.access`` (DESIGN.md rule 2): every lookup starts from a scoped queryset
and answers Http404 for "no access" exactly as for "not found".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import can_edit_case, cases_for
from palermo.cases.models import Case, Consent, Screening
from palermo.core.access import deny, get_or_404
from palermo.jurisdictions.pack import get_pack

# --- screenings ------------------------------------------------------------------------------


def can_screen(actor: Actor) -> bool:
    """First responders screen: every role that may register a presumed victim."""
    return actor.agency is not None and actor.can(Cap.CASE_REGISTER)


def screenings_for(actor: Actor) -> QuerySet[Screening]:
    """The screenings this actor may see: its agency's own (made by anyone who may screen or
    view the agency's cases), those of the cases it may see, or every one for national roles."""
    base = Screening.objects.select_related("case", "agency")
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if actor.agency is None:
        return base.none()
    scope = Q(pk__in=[])
    if actor.can_any(Cap.CASE_REGISTER, Cap.CASE_VIEW_AGENCY):
        scope |= Q(agency=actor.agency)
    if actor.can(Cap.CASE_VIEW_AGENCY):
        scope |= Q(case__in=cases_for(actor).values("pk"))
    return base.filter(scope)


def access_screening(actor: Actor, screening_id: object, *, write: bool = False) -> Screening:
    """The screening, or Http404. ``write``: to register a case from it or link it to one — only
    the agency that made it, and only while it is not linked to a case yet."""
    screening = get_or_404(screenings_for(actor), pk=screening_id)
    if write and not can_use_screening(actor, screening):
        raise deny()
    return screening


def can_use_screening(actor: Actor, screening: Screening) -> bool:
    return (
        can_screen(actor)
        and screening.case_id is None
        and screening.agency_id == getattr(actor.agency, "pk", None)
    )


def can_screen_for_case(actor: Actor, case: Case) -> bool:
    """Adding a screening to an existing case is an edit of that case."""
    return can_edit_case(actor, case)


def can_link_screening(actor: Actor, screening: Screening, case: Case) -> bool:
    """Link a screening to a case: the screening's agency, to a case it may edit or that the
    actor has just registered from it (a hotline operator registers but does not edit)."""
    if not can_use_screening(actor, screening):
        return False
    own_new_case = (
        case.owning_agency_id == getattr(actor.agency, "pk", None)
        and case.created_by_id == actor.user.pk
    )
    return can_edit_case(actor, case) or own_new_case


# --- status decisions ------------------------------------------------------------------------


def is_competent_body(actor: Actor) -> bool:
    """Whether the actor's agency is of a kind the pack lets decide victim status."""
    rules = get_pack().status_decisions
    return rules is not None and actor.agency is not None and rules.is_competent(actor.agency.kind)


def can_decide_status(actor: Actor, case: Case) -> bool:
    """Competent body *and* allowed to edit the case (its owning agency, or national editors of
    a competent kind)."""
    return is_competent_body(actor) and can_edit_case(actor, case)


# --- consent and closure ---------------------------------------------------------------------


def can_manage_consent(actor: Actor, case: Case) -> bool:
    return can_edit_case(actor, case)


def can_change_case_status(actor: Actor, case: Case) -> bool:
    return can_edit_case(actor, case)


def access_consent(actor: Actor, case: Case, consent_id: object, *, write: bool = False) -> Consent:
    """A consent of a case the actor already reached through ``access_case``."""
    consent = get_or_404(Consent.objects.filter(case=case), pk=consent_id)
    if write and not can_manage_consent(actor, case):
        raise deny()
    return consent

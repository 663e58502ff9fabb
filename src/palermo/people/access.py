"""Who may do what with persons, duplicates, merges and contact requests (DESIGN.md rule 2).

Every lookup of these objects goes through a helper here; no access answers like not found.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny, get_or_404
from palermo.people._cases import cases_for
from palermo.people.models import ContactRequest, Person, PersonMerge, SuspectedDuplicate


def can_check_duplicates(actor: Actor) -> bool:
    """Whoever registers or edits cases and sees identities may ask "is this person known?"."""
    return (
        actor.agency is not None
        and actor.can(Cap.IDENTITY_VIEW)
        and actor.can_any(Cap.CASE_REGISTER, Cap.CASE_EDIT_AGENCY, Cap.CASE_EDIT_NATIONAL)
    )


def can_merge_persons(actor: Actor) -> bool:
    """National administrators review suspected duplicates, merge and unmerge persons.

    (A dedicated capability ``person.merge`` may replace this; this function is the one place.)
    """
    return actor.can(Cap.USERS_MANAGE_NATIONAL) and actor.can(Cap.CASE_EDIT_NATIONAL)


def can_handle_contact_requests(actor: Actor) -> bool:
    return actor.agency is not None and actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL)


def persons_for(actor: Actor) -> QuerySet[Person]:
    """The persons whose identity the actor may see: those of the cases the actor may see."""
    if not actor.can(Cap.IDENTITY_VIEW):
        return Person.objects.none()
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return Person.objects.all()
    # The agency's own cases only: a case referred to the agency shows the identity only when the
    # referral shares it, which a duplicate check must not bypass.
    own = cases_for(actor).filter(owning_agency=actor.agency)
    return Person.objects.filter(pk__in=own.values("person_id"))


def access_person(actor: Actor, person_id: object) -> Person:
    return get_or_404(persons_for(actor), pk=person_id)


def access_person_for_merge(actor: Actor, person_id: object) -> Person:
    if not can_merge_persons(actor):
        raise deny()
    return access_person(actor, person_id)


def merges_for(actor: Actor) -> QuerySet[PersonMerge]:
    if not can_merge_persons(actor):
        return PersonMerge.objects.none()
    return PersonMerge.objects.select_related("survivor", "merged", "merged_by", "unmerged_by")


def access_merge(actor: Actor, merge_id: object) -> PersonMerge:
    return get_or_404(merges_for(actor), pk=merge_id)


def suspected_duplicates_for(actor: Actor) -> QuerySet[SuspectedDuplicate]:
    if not can_merge_persons(actor):
        return SuspectedDuplicate.objects.none()
    return SuspectedDuplicate.objects.select_related("person_a", "person_b", "scan")


def access_suspected_duplicate(actor: Actor, pair_id: object) -> SuspectedDuplicate:
    return get_or_404(suspected_duplicates_for(actor), pk=pair_id)


def contact_requests_for(actor: Actor) -> QuerySet[ContactRequest]:
    """Requests the actor's agency sent or received."""
    if not can_handle_contact_requests(actor):
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(
        Q(target_agency=actor.agency) | Q(requesting_agency=actor.agency)
    ).select_related("requesting_agency", "target_agency", "requested_by", "closed_by")


def access_contact_request(
    actor: Actor, request_id: object, *, answer: bool = False
) -> ContactRequest:
    """A request of the actor's agency; ``answer=True``: only the asked agency may close it."""
    request = get_or_404(contact_requests_for(actor), pk=request_id)
    if answer and request.target_agency_id != getattr(actor.agency, "pk", None):
        raise deny()
    return request

"""Who may see which case. Every case lookup and list starts here (DESIGN.md rule 2)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.access import deny, get_or_404


def cases_for(actor: Actor) -> QuerySet[Case]:
    """The cases this actor may see at all: its agency's own, the cases referred to its agency
    (accepted referrals, while the person's consent covers sharing), or every case for national
    roles. Which *parts* of a referred case it sees is :func:`visible_parts`.
    """
    # Imported here: the referrals app builds on cases and imports this module.
    from palermo.referrals.access import referred_case_ids

    base = Case.objects.select_related("person", "owning_agency", "identifying_agency")
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if actor.can(Cap.CASE_VIEW_AGENCY) and actor.agency is not None:
        return base.filter(
            Q(owning_agency=actor.agency) | Q(pk__in=referred_case_ids(actor.agency))
        )
    return base.none()


def owns_case(actor: Actor, case: Case) -> bool:
    """The owning agency, or a national role: they see every part of the file."""
    return actor.can(Cap.CASE_VIEW_NATIONAL) or case.owning_agency_id == getattr(
        actor.agency, "pk", None
    )


def visible_parts(actor: Actor, case: Case) -> frozenset[str]:
    """Parts of the file the actor sees: identity, date_of_birth, narrative, exploitation."""
    from palermo.referrals.access import visible_parts as referral_visible_parts

    return referral_visible_parts(actor, case)


def load_visibility(actor: Actor, cases: Iterable[Case]) -> None:
    """Prepares :func:`visible_parts` and :func:`identity_visible` for a list of cases at once
    (a fixed number of queries, whatever the number of cases)."""
    from palermo.referrals.access import load_shared_parts

    load_shared_parts(actor, cases)


def with_visibility(actor: Actor, cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` loading, with each row, what :func:`load_visibility` would ask for separately:
    a list built from it needs no query for what its rows may show."""
    from palermo.referrals.access import shared_parts_annotations

    return cases.annotate(**shared_parts_annotations(actor))


def identity_visible(actor: Actor, case: Case) -> bool:
    """Names may be shown: the role may see identities, and the actor's agency owns the case or
    a referral shares the identity (with the person's consent)."""
    if not actor.can(Cap.IDENTITY_VIEW):
        return False
    return owns_case(actor, case) or "identity" in visible_parts(actor, case)


def can_edit_case(actor: Actor, case: Case) -> bool:
    if actor.can(Cap.CASE_EDIT_NATIONAL):
        return True
    return actor.can(Cap.CASE_EDIT_AGENCY) and case.owning_agency_id == getattr(
        actor.agency, "pk", None
    )


def access_case(actor: Actor, case_id: object, *, write: bool = False) -> Case:
    """The case, or Http404 — for "does not exist" and "not yours" alike."""
    case = get_or_404(cases_for(actor), pk=case_id)
    if write and not can_edit_case(actor, case):
        raise deny()
    return case


def can_see_identity(actor: Actor) -> bool:
    return actor.can(Cap.IDENTITY_VIEW)

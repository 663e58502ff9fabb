"""Who may see which case. Every case lookup and list starts here (DESIGN.md rule 2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.access import deny, get_or_404


class CaseSharing(Protocol):
    """How other agencies come to see a case: the referral mechanism provides it.

    The cases app is below the referrals app (a referral points at a case), so it does not import
    it: ``palermo.referrals`` registers its implementation at start-up
    (``ReferralsConfig.ready`` calls :func:`register_sharing`); a deployment without it does not
    start answering case questions with a guess (ImproperlyConfigured).
    """

    def referred_case_ids(self, agency: Agency) -> QuerySet[Case, int]: ...

    def visible_parts(self, actor: Actor, case: Case) -> frozenset[str]: ...

    def load_shared_parts(self, actor: Actor, cases: Iterable[Case]) -> None: ...

    def shared_parts_annotations(self, actor: Actor) -> dict[str, Any]: ...


_sharing: CaseSharing | None = None


def register_sharing(sharing: CaseSharing) -> None:
    global _sharing
    _sharing = sharing


def _shared() -> CaseSharing:
    if _sharing is None:
        raise ImproperlyConfigured(
            "No case sharing is registered: palermo.referrals must be in INSTALLED_APPS."
        )
    return _sharing


def cases_for(actor: Actor) -> QuerySet[Case]:
    """The cases this actor may see at all: its agency's own, the cases referred to its agency
    (accepted referrals, while the person's consent covers sharing), or every case for national
    roles. Which *parts* of a referred case it sees is :func:`visible_parts`.
    """
    base = Case.objects.select_related(
        "person", "owning_agency", "identifying_agency", "assigned_worker"
    )
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if actor.can(Cap.CASE_VIEW_AGENCY) and actor.agency is not None:
        return base.filter(
            Q(owning_agency=actor.agency) | Q(pk__in=_shared().referred_case_ids(actor.agency))
        )
    return base.none()


def owns_case(actor: Actor, case: Case) -> bool:
    """The owning agency, or a national role: they see every part of the file."""
    return actor.can(Cap.CASE_VIEW_NATIONAL) or case.owning_agency_id == getattr(
        actor.agency, "pk", None
    )


def visible_parts(actor: Actor, case: Case) -> frozenset[str]:
    """Parts of the file the actor sees: identity, date_of_birth, narrative, exploitation."""
    return _shared().visible_parts(actor, case)


def load_visibility(actor: Actor, cases: Iterable[Case]) -> None:
    """Prepares :func:`visible_parts` and :func:`identity_visible` for a list of cases at once
    (a fixed number of queries, whatever the number of cases)."""
    _shared().load_shared_parts(actor, cases)


def with_visibility(actor: Actor, cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` loading, with each row, what :func:`load_visibility` would ask for separately:
    a list built from it needs no query for what its rows may show."""
    return cases.annotate(**_shared().shared_parts_annotations(actor))


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

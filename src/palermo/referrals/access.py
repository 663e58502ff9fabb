"""Who may see and do what in the referral mechanism (DESIGN.md rules 2 and 3: need to know).

A case belongs to the agency that registered it. Another agency sees it only through a referral:

* a referral awaiting an answer (``sent``) shows the receiving agency a summary — services,
  urgency, due date, region, sex, age band — and nothing that identifies the person, so that it
  can decide;
* an ``accepted`` referral gives the receiving agency the case, limited to the parts the sender
  shared; a ``completed`` one keeps that access for the follow-up period of the service catalogue
  (``follow_up_days``);
* declined, withdrawn and revoked referrals give nothing;
* the identity parts (names, date of birth, narrative and notes) are shared only while the
  person's consent covers sharing with referral agencies, and a case whose consent no longer
  covers it is not shared at all: withdrawing consent ends the access at once.

Every lookup here raises Http404 for "no access", exactly like "not found".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.cases.access import cases_for
from palermo.cases.models import Case
from palermo.core.access import deny, get_or_404
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.consent import (
    cases_with_sharing_consent,
    consent_covers,
    sharing_consent_exists,
)
from palermo.referrals.models import (
    AssistedReturn,
    FollowUp,
    Referral,
    ReintegrationGoal,
    ServiceDelivery,
    ServiceOffering,
)
from palermo.referrals.permissions import (
    REFERRAL_MANAGE_AGENCY,
    REFERRAL_MANAGE_NATIONAL,
    REFERRAL_WORK,
    agency_id,
    can,
)
from palermo.referrals.vocab import (
    ALL_PARTS,
    CONSENT_PARTS,
    OPEN_STATUSES,
    ReferralStatus,
    SharePart,
)

# --- the visibility the case app wires in -------------------------------------------------------


def _agency_pk(agency: Agency | int | None) -> int | None:
    if agency is None:
        return None
    return agency if isinstance(agency, int) else agency.pk


def active_referrals_to(agency: Agency | int | None) -> QuerySet[Referral]:
    """Referrals that currently give ``agency`` access to their case (before consent)."""
    pk = _agency_pk(agency)
    if pk is None:
        return Referral.objects.none()
    cutoff = timezone.now() - timedelta(days=get_catalogue().follow_up_days)
    return Referral.objects.filter(to_agency_id=pk).filter(
        Q(status=ReferralStatus.ACCEPTED)
        | Q(status=ReferralStatus.COMPLETED, completed_at__gte=cutoff)
    )


def open_referral_case_ids(agency: Agency | int | None) -> QuerySet[Referral, int]:
    """Ids of the cases referred to ``agency`` by a referral still open (sent or accepted).

    Not a view of the case: only for acts the law gives the receiving body whatever the consent
    (the investigating body linking a victim to criminal proceedings).
    """
    return Referral.objects.filter(to_agency=agency, status__in=OPEN_STATUSES).values_list(
        "case_id", flat=True
    )


def referred_case_ids(agency: Agency | int | None) -> QuerySet[Case, int]:
    """Ids of the cases ``agency`` may see through referrals: an accepted referral, or a
    completed one still in its follow-up period, and consent that covers sharing.

    Use it as ``Case.objects.filter(pk__in=referred_case_ids(agency))``.
    """
    candidates = Case.objects.filter(pk__in=active_referrals_to(agency).values("case_id"))
    return cases_with_sharing_consent(candidates).values_list("pk", flat=True)


def _owns_or_national(actor: Actor, case: Case) -> bool:
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return True
    return actor.can(Cap.CASE_VIEW_AGENCY) and case.owning_agency_id == agency_id(actor)


def shared_parts(actor: Actor, case: Case) -> frozenset[str]:
    """The parts of ``case`` the actor's agency may see *through referrals* (see SharePart).

    The union of what its active referrals share; nothing at all once the person's consent no
    longer covers sharing with referral agencies (identity and narrative disappear at once, and
    the case with them); without the identity parts for a role that may not see identities.
    """
    if not actor.can(Cap.CASE_VIEW_AGENCY) or actor.agency is None:
        return frozenset()
    # A page that prepared its cases with ``load_shared_parts`` (the case page, the lists) finds
    # the answer kept on the case object, which lives for that request: its sections ask this
    # many times, the database answers once. Nothing is kept otherwise, so a change to the
    # referrals or the consent shows at once.
    key = (actor.agency.pk, int(actor.can(Cap.IDENTITY_VIEW)))
    prepared: dict[tuple[int, int], frozenset[str]] = case.__dict__.get("_shared_parts", {})
    if key in prepared:
        return prepared[key]
    return _shared_parts(actor, case)


def _shared_parts(actor: Actor, case: Case) -> frozenset[str]:
    parts: set[str] = set()
    for referral in active_referrals_to(actor.agency).filter(case=case):
        parts |= referral.share_flags
    if not parts or not consent_covers(case):
        # Without consent the case file is not shared at all (see referred_case_ids).
        return frozenset()
    return _without_identity_unless_allowed(actor, parts)


def _without_identity_unless_allowed(actor: Actor, parts: set[str]) -> frozenset[str]:
    if not actor.can(Cap.IDENTITY_VIEW):
        parts -= CONSENT_PARTS
    return frozenset(parts)


# The referral field behind each part, for the SQL form of what an agency's referrals share.
_SHARE_FIELDS = {
    SharePart.IDENTITY: "share_identity",
    SharePart.DATE_OF_BIRTH: "share_date_of_birth",
    SharePart.NARRATIVE: "share_narrative",
    SharePart.EXPLOITATION: "share_exploitation",
}
_CONSENT_ANNOTATION = "share_via_consent"


def shared_parts_annotations(actor: Actor, case_ref: str = "pk") -> dict[str, Any]:
    """Annotations that carry :func:`shared_parts` in the query that loads a list, for the case
    ``case_ref`` names (``"pk"`` on cases, ``"case_id"`` on referrals): one EXISTS per part and
    one for consent, so that the list needs no query of its own for what the rows may show.
    Empty when the actor sees nothing through referrals, or when consent is not one SQL
    condition (then :func:`load_shared_parts` asks)."""
    consent = sharing_consent_exists(case_ref)
    if not actor.can(Cap.CASE_VIEW_AGENCY) or actor.agency is None or consent is None:
        return {}
    active = active_referrals_to(actor.agency).filter(case_id=OuterRef(case_ref))
    annotations: dict[str, Any] = {
        f"share_via_{part}": Exists(active.filter(**{field: True}))
        for part, field in _SHARE_FIELDS.items()
    }
    annotations[_CONSENT_ANNOTATION] = consent
    return annotations


def _shared_answer(actor: Actor, parts: set[str], consented: bool) -> frozenset[str]:
    if not parts or not consented:
        # Without consent the case file is not shared at all (see referred_case_ids).
        return frozenset()
    return _without_identity_unless_allowed(actor, parts)


def prime_shared_parts(actor: Actor, case: Case, row: object) -> None:
    """Keeps on ``case`` the shared parts that ``row`` (the case itself, or a referral of it)
    carries from :func:`shared_parts_annotations`; does nothing where it carries none."""
    if not actor.can(Cap.CASE_VIEW_AGENCY) or actor.agency is None:
        return
    values = row.__dict__
    if _CONSENT_ANNOTATION not in values:
        return
    parts = {str(part) for part in _SHARE_FIELDS if values.get(f"share_via_{part}")}
    key = (actor.agency.pk, int(actor.can(Cap.IDENTITY_VIEW)))
    answer = _shared_answer(actor, parts, bool(values[_CONSENT_ANNOTATION]))
    case.__dict__.setdefault("_shared_parts", {})[key] = answer


def load_shared_parts(actor: Actor, cases: Iterable[Case]) -> None:
    """Works out :func:`shared_parts` for a whole list of cases in one query (their active
    referrals to the actor's agency, each with whether consent covers it), and keeps each answer
    on its case, so that a list page does not ask once per row. Cases loaded with
    :func:`shared_parts_annotations` need no query at all."""
    if not actor.can(Cap.CASE_VIEW_AGENCY) or actor.agency is None:
        return
    key = (actor.agency.pk, int(actor.can(Cap.IDENTITY_VIEW)))
    pending: dict[int, list[Case]] = {}
    for case in cases:
        prime_shared_parts(actor, case, case)
        if not _owns_or_national(actor, case) and key not in case.__dict__.get("_shared_parts", {}):
            pending.setdefault(case.pk, []).append(case)
    if not pending:
        return
    flags: dict[int, set[str]] = {}
    consented: set[int] = set()
    referrals = active_referrals_to(actor.agency).filter(case_id__in=list(pending))
    consent = sharing_consent_exists("case_id")
    if consent is not None:  # one query: each referral with whether consent covers its case
        for referral in referrals.annotate(**{_CONSENT_ANNOTATION: consent}):
            flags.setdefault(referral.case_id, set()).update(referral.share_flags)
            if getattr(referral, _CONSENT_ANNOTATION):
                consented.add(referral.case_id)
    else:
        for referral in referrals:
            flags.setdefault(referral.case_id, set()).update(referral.share_flags)
        consented = set(
            cases_with_sharing_consent(Case.objects.filter(pk__in=list(flags))).values_list(
                "pk", flat=True
            )
        )
    for pk, same_case in pending.items():
        answer = _shared_answer(actor, flags.get(pk, set()), pk in consented)
        for case in same_case:
            case.__dict__.setdefault("_shared_parts", {})[key] = answer


def visible_parts(actor: Actor, case: Case) -> frozenset[str]:
    """Every part for the owning agency and national roles (identity only with IDENTITY_VIEW);
    otherwise :func:`shared_parts`."""
    if _owns_or_national(actor, case):
        parts = set(ALL_PARTS)
        if not actor.can(Cap.IDENTITY_VIEW):
            parts -= CONSENT_PARTS
        return frozenset(parts)
    return shared_parts(actor, case)


def can_see_notes(actor: Actor, case: Case) -> bool:
    """Free-text notes about the person (services delivered, goals, follow-ups, return) go with
    the narrative."""
    return SharePart.NARRATIVE in visible_parts(actor, case)


# --- cases as the referral mechanism sees them --------------------------------------------------
# The case scope has one home, palermo.cases.access.cases_for: it takes the cases referred to the
# actor's agency from this module, through the CaseSharing the app registers at start-up.


def accepted_referrals(case: Case, agency: Agency | int | None) -> QuerySet[Referral]:
    pk = _agency_pk(agency)
    if pk is None:
        return Referral.objects.none()
    return Referral.objects.filter(case=case, to_agency_id=pk, status=ReferralStatus.ACCEPTED)


def works_on_case(actor: Actor, case: Case) -> bool:
    """Whether the actor may record assistance (services, plan, follow-ups, return) for the case:
    a case worker of the owning agency, or of an agency with an accepted referral whose consent
    still covers the sharing."""
    if not can(actor, REFERRAL_WORK) or actor.agency is None:
        return False
    if case.owning_agency_id == actor.agency.pk:
        return True
    return accepted_referrals(case, actor.agency).exists() and consent_covers(case)


def access_assisted_case(actor: Actor, case_id: object, *, write: bool = False) -> Case:
    """The case for the referral and assistance pages, or Http404."""
    case = get_or_404(cases_for(actor), pk=case_id)
    if write and not works_on_case(actor, case):
        raise deny()
    return case


def can_refer(actor: Actor, case: Case) -> bool:
    """Referrals are sent by the agency that owns the case."""
    return can(actor, REFERRAL_WORK) and case.owning_agency_id == agency_id(actor)


# --- referrals ----------------------------------------------------------------------------------


def referrals_for(actor: Actor) -> QuerySet[Referral]:
    """Referrals the actor may see: its agency's outgoing and incoming ones (and those of its
    cases); every referral for national roles; outgoing ones for an agency administrator."""
    qs = Referral.objects.select_related(
        "case", "case__person", "from_agency", "to_agency"
    ).prefetch_related("services")
    agency = actor.agency
    if actor.can(Cap.CASE_VIEW_NATIONAL) or can(actor, REFERRAL_MANAGE_NATIONAL):
        return qs.all()
    if agency is None:
        return qs.none()
    if actor.can(Cap.CASE_VIEW_AGENCY):
        return qs.filter(
            Q(from_agency=agency) | Q(to_agency=agency) | Q(case__owning_agency=agency)
        )
    if can(actor, REFERRAL_MANAGE_AGENCY):
        return qs.filter(from_agency=agency)
    return qs.none()


def access_referral(actor: Actor, referral_id: object) -> Referral:
    return get_or_404(referrals_for(actor), pk=referral_id)


def can_answer(actor: Actor, referral: Referral) -> bool:
    """Accept, decline, complete: a case worker of the agency the case was referred to."""
    return can(actor, REFERRAL_WORK) and referral.to_agency_id == agency_id(actor)


def can_withdraw(actor: Actor, referral: Referral) -> bool:
    return can(actor, REFERRAL_WORK) and referral.from_agency_id == agency_id(actor)


def can_revoke(actor: Actor, referral: Referral) -> bool:
    """A manager: a national administrator, or the referring agency's administrator."""
    if can(actor, REFERRAL_MANAGE_NATIONAL):
        return True
    return can(actor, REFERRAL_MANAGE_AGENCY) and referral.from_agency_id == agency_id(actor)


def referral_parts(actor: Actor, referral: Referral) -> frozenset[str]:
    """What of the case the actor sees on the referral's page: the sending side and national
    roles what they see of the case; the receiving side nothing while the referral awaits an
    answer (the summary only), then the shared parts."""
    if _owns_or_national(actor, referral.case):
        return visible_parts(actor, referral.case)
    if referral.to_agency_id != agency_id(actor):
        return frozenset()
    if not _gives_access_now(referral):
        return frozenset()
    # Without consent shared_parts is empty: the case file is not shared at all, the summary only.
    return shared_parts(actor, referral.case) & referral.share_flags


def _gives_access_now(referral: Referral) -> bool:
    """:func:`active_referrals_to` for one referral already loaded (no query)."""
    if referral.status == ReferralStatus.ACCEPTED:
        return True
    cutoff = timezone.now() - timedelta(days=get_catalogue().follow_up_days)
    completed_at = referral.completed_at
    return (
        referral.status == ReferralStatus.COMPLETED
        and completed_at is not None
        and completed_at >= cutoff
    )


# --- the service directory ----------------------------------------------------------------------


def offerings_for(actor: Actor) -> QuerySet[ServiceOffering]:
    """The directory: active offerings of active agencies for everyone who works for an agency;
    managers also see their inactive ones."""
    qs = ServiceOffering.objects.select_related("agency").prefetch_related("region_rows")
    if actor.agency is None:
        return qs.none()
    if can(actor, REFERRAL_MANAGE_NATIONAL):
        return qs.all()
    visible = Q(is_active=True, agency__is_active=True)
    if can(actor, REFERRAL_MANAGE_AGENCY):
        visible |= Q(agency=actor.agency)
    return qs.filter(visible)


def can_manage_offerings(actor: Actor, agency: Agency | int | None) -> bool:
    if can(actor, REFERRAL_MANAGE_NATIONAL):
        return True
    pk = _agency_pk(agency)
    return can(actor, REFERRAL_MANAGE_AGENCY) and pk is not None and pk == agency_id(actor)


def access_offering(actor: Actor, offering_id: object, *, write: bool = False) -> ServiceOffering:
    offering = get_or_404(offerings_for(actor), pk=offering_id)
    if write and not can_manage_offerings(actor, offering.agency_id):
        raise deny()
    return offering


# --- assistance records -------------------------------------------------------------------------


def deliveries_for_case(actor: Actor, case: Case) -> QuerySet[ServiceDelivery]:
    """Services delivered for a case the actor may see (``case`` from access_assisted_case)."""
    return ServiceDelivery.objects.filter(case=case).select_related("agency", "referral")


def goals_for_case(actor: Actor, case: Case) -> QuerySet[ReintegrationGoal]:
    return ReintegrationGoal.objects.filter(case=case).select_related("agency")


def follow_ups_for_case(actor: Actor, case: Case) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case=case).select_related("agency")


def access_goal(actor: Actor, goal_id: object, *, write: bool = False) -> ReintegrationGoal:
    goal = get_or_404(
        ReintegrationGoal.objects.filter(case__in=cases_for(actor)).select_related("case"),
        pk=goal_id,
    )
    if write and not works_on_case(actor, goal.case):
        raise deny()
    return goal


def assisted_return_of(actor: Actor, case: Case) -> AssistedReturn | None:
    return (
        AssistedReturn.objects.filter(case=case)
        .select_related("agency")
        .prefetch_related("counselling_sessions")
        .first()
    )


def working_case_ids(actor: Actor) -> QuerySet[Case, int]:
    """Cases the actor's agency works on: its own and those referred to it (for dashboards)."""
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return Case.objects.values_list("pk", flat=True)
    if actor.agency is None or not actor.can(Cap.CASE_VIEW_AGENCY):
        return Case.objects.none().values_list("pk", flat=True)
    return Case.objects.filter(
        Q(owning_agency=actor.agency) | Q(pk__in=referred_case_ids(actor.agency))
    ).values_list("pk", flat=True)


class ReferralSharing:
    """The referral mechanism as palermo.cases.access sees it (registered in ReferralsConfig)."""

    def referred_case_ids(self, agency: Agency) -> QuerySet[Case, int]:
        return referred_case_ids(agency)

    def visible_parts(self, actor: Actor, case: Case) -> frozenset[str]:
        return visible_parts(actor, case)

    def load_shared_parts(self, actor: Actor, cases: Iterable[Case]) -> None:
        load_shared_parts(actor, cases)

    def shared_parts_annotations(self, actor: Actor) -> dict[str, Any]:
        return shared_parts_annotations(actor)

"""Read-side helpers for dashboards and lists, shared by the HTML views and the API."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.referrals.access import offerings_for, referrals_for, working_case_ids
from palermo.referrals.models import FollowUp, Referral, ServiceOffering
from palermo.referrals.permissions import REFERRAL_MANAGE_AGENCY, REFERRAL_MANAGE_NATIONAL, can
from palermo.referrals.vocab import OPEN_STATUSES, ReferralStatus

BOXES = {"incoming", "outgoing", "all"}


def can_use_referrals(actor: Actor) -> bool:
    """Whether the actor has referral lists at all (staff who see cases, and managers)."""
    return (
        actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL)
        or can(actor, REFERRAL_MANAGE_AGENCY)
        or can(actor, REFERRAL_MANAGE_NATIONAL)
    )


def filter_box(actor: Actor, qs: QuerySet[Referral], box: str, status: str) -> QuerySet[Referral]:
    """Narrows a referral list to the incoming or outgoing box and a status."""
    if box == "incoming" and actor.agency is not None:
        qs = qs.filter(to_agency=actor.agency)
    elif box == "outgoing" and actor.agency is not None:
        qs = qs.filter(from_agency=actor.agency)
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    return qs


def incoming_referrals(actor: Actor) -> QuerySet[Referral]:
    """Referrals to the actor's agency awaiting its answer, the most pressing first."""
    if actor.agency is None:
        return Referral.objects.none()
    return (
        referrals_for(actor)
        .filter(to_agency=actor.agency, status=ReferralStatus.SENT)
        .order_by("due_on", "sent_at")
    )


def overdue_referrals(actor: Actor, *, today: date | None = None) -> QuerySet[Referral]:
    """Referrals past their due date and still open (awaiting an answer, or accepted and not
    completed), sent or received by the actor's agency — every agency's for national roles."""
    today = today or timezone.localdate()
    qs = referrals_for(actor).filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if not actor.can(Cap.CASE_VIEW_NATIONAL):
        if actor.agency is None:
            return Referral.objects.none()
        qs = qs.filter(Q(from_agency=actor.agency) | Q(to_agency=actor.agency))
    return qs.order_by("due_on", "sent_at")


def overdue_followups(actor: Actor, *, today: date | None = None) -> QuerySet[FollowUp]:
    """The latest follow-up of each case the actor's agency works on whose next follow-up date
    has passed with no follow-up recorded since."""
    today = today or timezone.localdate()
    latest = (
        FollowUp.objects.filter(case=OuterRef("case"))
        .order_by("-followed_up_on", "-id")
        .values("id")[:1]
    )
    return (
        FollowUp.objects.filter(case_id__in=working_case_ids(actor))
        .filter(id=Subquery(latest), next_follow_up_on__lt=today)
        .select_related("case", "agency")
        .order_by("next_follow_up_on", "id")
    )


def directory(actor: Actor, *, service: str = "", region: str = "") -> QuerySet[ServiceOffering]:
    """The service directory filtered by service type and region (national offerings count
    for every region)."""
    qs = offerings_for(actor)
    if service:
        qs = qs.filter(service_type=service)
    if region:
        qs = qs.filter(Q(national=True) | Q(region_rows__region=region)).distinct()
    return qs.order_by("service_type", "agency__name", "id")


def agencies_offering(services: list[str], region: str, *, exclude: int | None) -> QuerySet[Agency]:
    """Active agencies whose directory entries offer every one of ``services`` in ``region``."""
    qs = Agency.objects.filter(is_active=True, service_offerings__is_active=True).distinct()
    in_region = Q(national=True) | Q(region_rows__region=region) if region else Q()
    for code in services:
        offering = ServiceOffering.objects.filter(in_region, service_type=code, is_active=True)
        qs = qs.filter(pk__in=offering.values("agency_id"))
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("name")

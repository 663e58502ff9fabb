"""Who may do what with cross-border referrals. Every lookup and list starts here.

* Partners and this installation's key pair: the national administrator manages them; anyone who
  refers cases sees the active partners to choose from.
* Outgoing referrals: the sending agency's referral workers; national roles read every one.
* Incoming referrals: the agency that receives the partner's referrals; national roles read all.
  Only the receiving agency answers, and only a role that may register cases can accept.
* Sending: a referral worker of the agency that owns the case (it alone decides what to share).
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.access import deny, get_or_404
from palermo.crossborder.models import IncomingReferral, OutgoingReferral, Partner


def _agency_id(actor: Actor) -> int | None:
    return getattr(actor.agency, "pk", None)


def can_manage_partners(actor: Actor) -> bool:
    return actor.can(Cap.USERS_MANAGE_NATIONAL)


def partners_for(actor: Actor) -> QuerySet[Partner]:
    base = Partner.objects.select_related("receiving_agency")
    if can_manage_partners(actor):
        return base.all()
    if actor.can(Cap.REFERRAL_WORK) and actor.agency is not None:
        return base.filter(is_active=True)
    return base.none()


def access_partner(actor: Actor, partner_id: object, *, write: bool = False) -> Partner:
    partner = get_or_404(partners_for(actor), pk=partner_id)
    if write and not can_manage_partners(actor):
        raise deny()
    return partner


def can_send(actor: Actor, case: Case) -> bool:
    return actor.can(Cap.REFERRAL_WORK) and case.owning_agency_id == _agency_id(actor)


def can_upload(actor: Actor) -> bool:
    """Who may bring in a package received as a file (it lands in the receiving agency's queue)."""
    return (actor.can(Cap.REFERRAL_WORK) and actor.agency is not None) or can_manage_partners(actor)


def can_use_crossborder(actor: Actor) -> bool:
    return can_upload(actor) or actor.can(Cap.CASE_VIEW_NATIONAL)


def outgoing_for(actor: Actor) -> QuerySet[OutgoingReferral]:
    base = OutgoingReferral.objects.select_related("partner", "case", "from_agency")
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if actor.can(Cap.REFERRAL_WORK) and actor.agency is not None:
        return base.filter(from_agency=actor.agency)
    return base.none()


def can_deliver_outgoing(actor: Actor, referral: OutgoingReferral) -> bool:
    return actor.can(Cap.REFERRAL_WORK) and referral.from_agency_id == _agency_id(actor)


def access_outgoing(actor: Actor, referral_id: object, *, write: bool = False) -> OutgoingReferral:
    referral = get_or_404(outgoing_for(actor), pk=referral_id)
    if write and not can_deliver_outgoing(actor, referral):
        raise deny()
    return referral


def incoming_for(actor: Actor) -> QuerySet[IncomingReferral]:
    base = IncomingReferral.objects.select_related("partner", "agency", "case")
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if actor.can(Cap.REFERRAL_WORK) and actor.agency is not None:
        return base.filter(agency=actor.agency)
    return base.none()


def can_answer_incoming(actor: Actor, incoming: IncomingReferral) -> bool:
    return (
        actor.can(Cap.REFERRAL_WORK)
        and actor.can(Cap.CASE_REGISTER)
        and incoming.agency_id == _agency_id(actor)
    )


def access_incoming(actor: Actor, incoming_id: object, *, write: bool = False) -> IncomingReferral:
    incoming = get_or_404(incoming_for(actor), pk=incoming_id)
    if write and not can_answer_incoming(actor, incoming):
        raise deny()
    return incoming

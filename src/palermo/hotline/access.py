"""Who may see which call and tip. Every hotline lookup and list starts here (DESIGN.md rule 2).

* Calls: the hotline's own operators (their agency's calls); national roles read every call.
* Tips: the hotline operators triage every tip (portal tips belong to no agency until forwarded);
  a counter-trafficking unit sees the tips forwarded to it; national roles read all.
* Statistics (numbers only): national statistics roles for every call, operators for their own
  agency's calls.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny, get_or_404
from palermo.hotline.caps import HOTLINE_WORK, STATS_VIEW, has_cap
from palermo.hotline.models import Call, Tip


def calls_for(actor: Actor) -> QuerySet[Call]:
    base = Call.objects.select_related("agency", "case", "referral_target")
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return base.all()
    if has_cap(actor, HOTLINE_WORK) and actor.agency is not None:
        return base.filter(agency=actor.agency)
    return base.none()


def can_edit_call(actor: Actor, call: Call) -> bool:
    return has_cap(actor, HOTLINE_WORK) and call.agency_id == getattr(actor.agency, "pk", None)


def access_call(actor: Actor, call_id: object, *, write: bool = False) -> Call:
    """The call, or Http404 — for "does not exist" and "not yours" alike."""
    call = get_or_404(calls_for(actor), pk=call_id)
    if write and not can_edit_call(actor, call):
        raise deny()
    return call


def tips_for(actor: Actor) -> QuerySet[Tip]:
    base = Tip.objects.select_related("forwarded_to", "call")
    if actor.can(Cap.CASE_VIEW_NATIONAL) or has_cap(actor, HOTLINE_WORK):
        return base.all()
    if actor.can(Cap.CASE_VIEW_AGENCY) and actor.agency is not None:
        return base.filter(Q(forwarded_to=actor.agency))
    return base.none()


def can_triage_tip(actor: Actor) -> bool:
    return has_cap(actor, HOTLINE_WORK)


def access_tip(actor: Actor, tip_id: object, *, write: bool = False) -> Tip:
    tip = get_or_404(tips_for(actor), pk=tip_id)
    if write and not can_triage_tip(actor):
        raise deny()
    return tip


def can_view_call_stats(actor: Actor) -> bool:
    return has_cap(actor, STATS_VIEW) or has_cap(actor, HOTLINE_WORK)


def calls_for_stats(actor: Actor) -> QuerySet[Call]:
    """The calls counted in this actor's statistics: all for national roles, else their own."""
    if has_cap(actor, STATS_VIEW):
        return Call.objects.all()
    if has_cap(actor, HOTLINE_WORK) and actor.agency is not None:
        return Call.objects.filter(agency=actor.agency)
    return Call.objects.none()


def tips_for_stats(actor: Actor) -> QuerySet[Tip]:
    if can_view_call_stats(actor):
        return Tip.objects.all()
    return Tip.objects.none()

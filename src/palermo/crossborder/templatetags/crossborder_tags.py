"""``{% load crossborder_tags %}{% crossborder_case_section case actor %}``: the referrals abroad of
a case and the link to refer it abroad (the caller has already checked access to the case)."""

from __future__ import annotations

from typing import Any

from django import template

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.crossborder.access import can_send, outgoing_for

register = template.Library()


@register.inclusion_tag("crossborder/_case_section.html")
def crossborder_case_section(case: Case | None, actor: Actor | None) -> dict[str, Any]:
    if not isinstance(case, Case) or not isinstance(actor, Actor):
        return {"hidden": True}
    referrals = list(outgoing_for(actor).filter(case=case))
    sender = can_send(actor, case)
    return {
        "hidden": not referrals and not sender,
        "case": case,
        "referrals": referrals,
        "can_send": sender,
    }

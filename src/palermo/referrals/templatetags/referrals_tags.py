"""Template tags for the referral mechanism's includable sections and labels.

``{% load referrals_tags %}`` then:

* ``{% referrals_case_section case actor %}`` — referrals, services delivered, the reintegration
  plan and the assisted return of a case (the caller has already checked access to the case);
* ``{% referrals_dashboard actor %}`` — referrals to answer, overdue referrals, overdue follow-ups;
* ``{% free_medical_care codes %}`` — the pack's free medical services, when one of the service
  codes is a medical one (Belarus: MoH Regulation No. 41);
* ``{{ code|service_label }}``, ``{{ code|service_basis }}``, ``{{ code|region_label }}``,
  ``{{ citation|cited }}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.jurisdictions.pack import get_pack
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.medical import free_medical_care_for
from palermo.referrals.sections import case_section, dashboard

register = template.Library()


@register.filter
def service_label(code: str) -> str:
    return get_catalogue().label(str(code))


@register.filter
def service_basis(code: str) -> str:
    """The legal basis a service rests on, as cited to users (empty when none)."""
    found = get_catalogue().get(str(code))
    return found.legal_basis.cite() if found and found.legal_basis else ""


@register.filter
def cited(citation: str) -> str:
    """A stored (English) citation in the interface's language, when the pack has it."""
    for legal_basis in get_pack().legal_bases:
        if legal_basis.citation == citation:
            return legal_basis.cite()
    return str(citation)


@register.inclusion_tag("referrals/_free_medical_care.html")
def free_medical_care(service_codes: Any) -> dict[str, Any]:
    """The list of free medical services, when one of ``service_codes`` is a medical one."""
    return {"free_medical_care": free_medical_care_for(service_codes or [])}


@register.filter
def region_label(code: str) -> str:
    region = get_pack().region(str(code))
    return region.name() if region else str(code)


@register.inclusion_tag("referrals/_case_section_body.html", takes_context=True)
def referrals_case_section(
    context: template.Context, case: Case | None, actor: Actor | None
) -> dict[str, Any]:
    if not isinstance(case, Case) or not isinstance(actor, Actor):
        return {"hidden": True}
    return {**case_section(actor, case), "request": context.get("request")}


@register.inclusion_tag("referrals/_dashboard_panels.html", takes_context=True)
def referrals_dashboard(context: template.Context, actor: Actor | None) -> dict[str, Any]:
    if not isinstance(actor, Actor):
        return {"hidden": True}
    return {**dashboard(actor), "request": context.get("request")}

"""``{% shelter_section case %}``: the shelter stays of a case, for the case page.

Shows only the admissions the viewer may see (``admissions_for``), the facility by name and
region (never its address), and the resident under the alias where the viewer is not on the case.
"""

from __future__ import annotations

from typing import Any

from django import template

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.shelters.access import admissions_for
from palermo.shelters.queries import region_name
from palermo.shelters.services import place_kind_name

register = template.Library()


@register.inclusion_tag("shelters/_case_section.html", takes_context=True)
def shelter_section(context: template.Context, case: Case) -> dict[str, Any]:
    actor = context.get("actor")
    rows: list[dict[str, Any]] = []
    if isinstance(actor, Actor):
        for admission in admissions_for(actor).filter(case=case).order_by("-created_at", "-id"):
            rows.append(
                {
                    "admission": admission,
                    "region": region_name(admission.facility.region),
                    "place_kind": place_kind_name(admission.place_kind),
                }
            )
    return {"rows": rows, "case": case}

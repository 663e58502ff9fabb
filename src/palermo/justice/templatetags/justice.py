"""``{% proceedings_section case %}``: the criminal proceedings a case's person takes part in.

Shows only what the viewer may see of them (``visible_participants``: the investigating body and
national roles fully, an agency that is party through its case only its own person): number, stage,
the person's role, and whether expulsion is suspended under the pack's rule (Art. 22 p.1).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Prefetch

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.justice.access import proceedings_for
from palermo.justice.models import ExpulsionSuspension, Participant
from palermo.justice.rules import basis_citation, justice_rules

register = template.Library()


@register.inclusion_tag("justice/_case_section.html", takes_context=True)
def proceedings_section(context: template.Context, case: Case) -> dict[str, Any]:
    actor = context.get("actor")
    rows: list[dict[str, Any]] = []
    if isinstance(actor, Actor):
        # The case page reached ``case`` through ``access_case``, so each participant linked to
        # it is one ``visible_participants`` shows this actor (a party sees the persons of its
        # visible cases): no check per row. Open suspensions come in one query for all rows.
        linked = (
            Participant.objects.filter(case=case, proceedings__in=proceedings_for(actor))
            .select_related("proceedings")
            .prefetch_related(
                Prefetch(
                    "suspensions",
                    queryset=ExpulsionSuspension.objects.filter(ended_on__isnull=True),
                    to_attr="open_suspensions",
                )
            )
        )
        for participant in linked.order_by("proceedings__opened_on", "id"):
            proceedings = participant.proceedings
            open_suspensions = participant.open_suspensions
            suspension = open_suspensions[0] if open_suspensions else None
            rows.append(
                {
                    "participant": participant,
                    "proceedings": proceedings,
                    "stage": justice_rules().stage_name(proceedings.stage),
                    "suspension": suspension,
                    "basis": basis_citation(suspension.legal_basis) if suspension else "",
                }
            )
    return {"rows": rows, "case": case}

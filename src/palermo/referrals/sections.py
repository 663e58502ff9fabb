"""What the includable page sections show: the case section and the dashboard panels.

Both the template tags (for the lead's pages) and this app's own pages build their context here.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.referrals.access import (
    assisted_return_of,
    can_refer,
    can_see_notes,
    deliveries_for_case,
    follow_ups_for_case,
    goals_for_case,
    referrals_for,
    visible_parts,
    works_on_case,
)
from palermo.referrals.queries import incoming_referrals, overdue_followups, overdue_referrals

PANEL_SIZE = 10


def case_section(actor: Actor, case: Case) -> dict[str, Any]:
    """Referrals, services delivered, the reintegration plan and the assisted return of a case
    the actor may see (the caller has checked that with an access helper)."""
    today = timezone.localdate()
    follow_ups = list(follow_ups_for_case(actor, case)[:20])
    latest = follow_ups[0] if follow_ups else None
    deliveries = list(deliveries_for_case(actor, case))
    return {
        "case": case,
        "actor": actor,
        "parts": visible_parts(actor, case),
        "show_notes": can_see_notes(actor, case),
        "referrals": referrals_for(actor).filter(case=case),
        "deliveries": deliveries,
        # The free medical services are listed once when a medical service was delivered.
        "delivered_codes": [d.service_type for d in deliveries],
        "goals": goals_for_case(actor, case),
        "follow_ups": follow_ups,
        "follow_up_overdue": bool(
            latest and latest.next_follow_up_on and latest.next_follow_up_on < today
        ),
        "assisted_return": assisted_return_of(actor, case),
        "can_refer": can_refer(actor, case),
        "can_work": works_on_case(actor, case),
        "today": today,
    }


def dashboard(actor: Actor) -> dict[str, Any]:
    """The three dashboard panels: referrals to answer, overdue referrals, overdue follow-ups."""
    incoming = incoming_referrals(actor)
    overdue = overdue_referrals(actor)
    followups = overdue_followups(actor)
    counts = (incoming.count(), overdue.count(), followups.count())
    return {
        "actor": actor,
        "incoming": incoming[:PANEL_SIZE],
        "incoming_count": counts[0],
        "overdue": overdue[:PANEL_SIZE],
        "overdue_count": counts[1],
        "followups": followups[:PANEL_SIZE],
        "followups_count": counts[2],
        "today": timezone.localdate(),
        "referrals_chart": [
            (_("Awaiting your answer"), counts[0]),
            (_("Overdue referrals"), counts[1]),
            (_("Overdue follow-ups"), counts[2]),
        ],
    }

"""The hotline's panel on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.panels import register_panel
from palermo.hotline.access import calls_for, tips_for
from palermo.hotline.vocab import Outcome, TipStatus, Topic


@register_panel("hotline.today", template="hotline/_panel_today.html", order=15)
def calls_today(actor: Actor) -> dict[str, Any] | None:
    """The operator's day: today's calls by topic, follow-ups due, new tips to read."""
    if not actor.can(Cap.HOTLINE_WORK) or actor.agency is None:
        return None
    today = timezone.localdate()
    calls = calls_for(actor)
    todays = calls.filter(received_at__date=today)
    by_topic = dict(todays.values_list("topic").annotate(n=Count("id")))
    return {
        "calls_today": sum(by_topic.values()),
        "calls_chart": [(str(label), by_topic.get(code, 0)) for code, label in Topic.choices],
        "followups_due": calls.filter(follow_up_on__lte=today, outcome=Outcome.OPEN).count(),
        "new_tips": tips_for(actor).filter(status=TipStatus.NEW).count(),
    }

"""A case's story, read from the audit log and limited to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from palermo.accounts.actor import Actor
from palermo.cases.access import owns_case
from palermo.cases.models import Case
from palermo.core.audit import AuditEvent

ACTION_LABELS: dict[str, str | Promise] = {
    "case.registered": _("Case registered"),
    "case.updated": _("Case edited"),
    "case.status_decided": _("Victim status decided"),
    "case.closed": _("Case closed"),
    "case.reopened": _("Case reopened"),
    "screening.recorded": _("Screening recorded"),
    "screening.linked": _("Screening linked to the case"),
    "consent.given": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "referral.sent": _("Referral sent"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.completed": _("Referral completed"),
    "referral.withdrawn": _("Referral withdrawn"),
    "referral.revoked": _("Referral revoked"),
    "service.delivered": _("Service delivered"),
    "reintegration_goal.added": _("Reintegration goal added"),
    "reintegration_goal.updated": _("Reintegration goal updated"),
    "follow_up.recorded": _("Follow-up recorded"),
    "assisted_return.opened": _("Assisted voluntary return opened"),
    "assisted_return.counselled": _("Return counselling recorded"),
    "assisted_return.updated": _("Assisted voluntary return updated"),
    "person.identity_viewed": _("Identity read"),
    "person.identity_listed": _("Identity read in a list"),
    "screening.identity_viewed": _("Screening read"),
    "referral.shared_viewed": _("Shared file read"),
    "case.note_added": _("Note added"),
    "case.note_corrected": _("Note corrected"),
    "case.attachment_added": _("File attached"),
    "case.attachment_downloaded": _("Attachment downloaded"),
    "case.flag_set": _("Flag set"),
    "case.flag_cleared": _("Flag cleared"),
}
# Reads of the file are not steps of the case: the timeline leaves them out, and the "who looked"
# view lists them for oversight (national roles, the owning agency's administrator).
_READS = (
    "person.identity_viewed",
    "person.identity_listed",
    "screening.identity_viewed",
    "referral.shared_viewed",
    "case.attachment_downloaded",
)


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    when: datetime
    label: str | Promise
    actor: str
    agency: str
    purpose: str


def case_events(case: Case) -> QuerySet[AuditEvent]:
    """Every audit event about the case, its person, or anything recorded for the case."""
    return AuditEvent.objects.filter(
        Q(object_type="cases.case", object_id=str(case.pk))
        | Q(object_type="people.person", object_id=str(case.person_id))
        | Q(data__case=case.reference)
        | Q(data__reference=case.reference)
    ).order_by("seq")


def timeline_for(actor: Actor, case: Case) -> list[TimelineEntry]:
    """The owning agency and national roles see the whole story; an agency that works on the case
    through a referral sees only what its own staff did and the steps of referrals to it."""
    events = case_events(case).exclude(action__in=_READS)
    if not owns_case(actor, case):
        agency_id = getattr(actor.agency, "pk", None)
        # The referrals app builds on cases: its referrals are reached through the relation.
        to_us = case.referrals.filter(to_agency_id=agency_id).values_list("pk")
        events = events.filter(
            Q(agency_id=agency_id)
            | Q(object_type="referrals.referral", object_id__in=[str(pk) for (pk,) in to_us])
        )
    return _entries(events)


def reads_of(case: Case) -> list[TimelineEntry]:
    """Who read the file, when and why (the "who looked" view)."""
    return _entries(case_events(case).filter(action__in=_READS))


def _entries(events: QuerySet[AuditEvent]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            seq=e.seq,
            when=e.occurred_at,
            label=ACTION_LABELS.get(e.action, e.action),
            actor=e.actor_username or str(_("system")),
            agency=e.agency_name,
            purpose=e.purpose,
        )
        for e in events
    ]

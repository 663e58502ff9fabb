"""Every change to hotline calls and tips. Views, API, the portal and the demo call these."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.cases.services import CaseInput, do_register_case
from palermo.cases.vocab import IdentificationMethod
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.core.errors import raise_if as _raise_if
from palermo.hotline import referral_handover, registry_check
from palermo.hotline.access import can_edit_call, can_triage_tip
from palermo.hotline.caps import HOTLINE_WORK, has_cap
from palermo.hotline.models import AgencyCheck, Call, Tip
from palermo.hotline.vocab import (
    CallLanguage,
    Channel,
    Outcome,
    TipCloseReason,
    TipSource,
    TipStatus,
    Topic,
)
from palermo.jurisdictions.pack import get_pack
from palermo.people.services import PersonInput

MAX_CONTACT = 200
MAX_TEXT = 5000
CT_UNIT_KIND = "ct_unit"
# Outcomes only a handover or a tip sets; an operator cannot pick them by hand.
SYSTEM_OUTCOMES = (Outcome.REFERRED, Outcome.TIP_FORWARDED)


def _require_operator(actor: Actor) -> None:
    if actor.agency is None or not has_cap(actor, HOTLINE_WORK):
        raise ValidationError(_("Only hotline operators can do this."))


def _valid_region(code: str) -> bool:
    return get_pack().region(code) is not None


# --- Calls -----------------------------------------------------------------------------------


@dataclass
class CallInput:
    channel: str = Channel.PHONE
    topic: str = ""
    region: str = ""
    language: str = CallLanguage.RU
    outcome: str = Outcome.OPEN
    follow_up_on: date | None = None
    consent_contact: bool = False
    consent_share: bool = False
    consent_register: bool = False
    caller_name: str = ""
    caller_contact: str = ""
    summary: str = ""
    received_at: datetime | None = None

    def cleaned(self) -> CallInput:
        self.caller_name = " ".join((self.caller_name or "").split())
        self.caller_contact = (self.caller_contact or "").strip()
        self.summary = (self.summary or "").strip()
        return self


CALL_FIELDS = tuple(f.name for f in fields(CallInput) if f.name != "received_at")
IDENTITY_CALL_FIELDS = ("caller_name", "caller_contact", "summary")


def validate_call(data: CallInput, *, current: Call | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.channel not in Channel.values:
        add("channel", _("Choose the channel."))
    if data.topic not in Topic.values:
        add("topic", _("Choose the topic of the call."))
    if data.language not in CallLanguage.values:
        add("language", _("Choose the language of the call."))
    if data.region and not _valid_region(data.region):
        add("region", _("Choose a region of this jurisdiction."))
    if data.outcome not in Outcome.values:
        add("outcome", _("Choose the outcome."))
    elif data.outcome in SYSTEM_OUTCOMES and (current is None or current.outcome != data.outcome):
        add(
            "outcome",
            _("This outcome is set when a tip is forwarded or the caller is referred."),
        )
    if (data.caller_name or data.caller_contact) and not data.consent_contact:
        add(
            "caller_name",
            _(
                "Keep the caller's name and contact only if the caller agrees: tick the consent box."
            ),
        )
    for name in ("caller_name", "caller_contact"):
        if len(getattr(data, name)) > MAX_CONTACT:
            add(name, _("At most %(n)d characters.") % {"n": MAX_CONTACT})
    if len(data.summary) > MAX_TEXT:
        add("summary", _("At most %(n)d characters.") % {"n": MAX_TEXT})
    received = data.received_at or (current.received_at if current else timezone.now())
    if data.received_at and data.received_at > timezone.now():
        add("received_at", _("A call cannot be received in the future."))
    if data.follow_up_on and data.follow_up_on < timezone.localdate(received):
        add("follow_up_on", _("The follow-up date cannot be before the call."))
    return errors


@transaction.atomic
def do_log_call(*, actor: Actor, data: CallInput) -> Call:
    """Logs a call or message received by the actor's hotline. Anonymous unless the caller agrees."""
    _require_operator(actor)
    data = data.cleaned()
    _raise_if(validate_call(data))
    call = Call(agency=actor.agency, operator=actor.user)
    for name in CALL_FIELDS:
        setattr(call, name, getattr(data, name))
    if data.received_at:
        call.received_at = data.received_at
    call.save()
    record(
        "hotline.call_logged",
        actor=actor,
        obj=call,
        purpose="hotline",
        data={
            "channel": call.channel,
            "topic": call.topic,
            "region": call.region,
            "anonymous": call.is_anonymous,
        },
    )
    return call


def _locked_call(call: Call, expected_version: int) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else saved this call while you were editing it. Reload it and try again.")
        )
    return locked


@transaction.atomic
def do_update_call(*, actor: Actor, call: Call, expected_version: int, data: CallInput) -> Call:
    if not can_edit_call(actor, call):
        raise ValidationError(_("You cannot edit this call."))
    data = data.cleaned()
    _raise_if(validate_call(data, current=call))
    locked = _locked_call(call, expected_version)
    changed = [n for n in CALL_FIELDS if getattr(locked, n) != getattr(data, n)]
    if data.received_at and data.received_at != locked.received_at:
        locked.received_at = data.received_at
        changed.append("received_at")
    if not changed:
        return locked
    for name in CALL_FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.version += 1
    locked.save()
    # Field names only: identity values never enter the audit log.
    record(
        "hotline.call_updated", actor=actor, obj=locked, purpose="hotline", data={"fields": changed}
    )
    return locked


@transaction.atomic
def do_check_agency(*, actor: Actor, call: Call, query: str) -> AgencyCheck:
    """Checks an agency in the registries for the caller and attaches the answer to the call."""
    if not can_edit_call(actor, call):
        raise ValidationError(_("You cannot edit this call."))
    query = " ".join((query or "").split())
    if len(query) < 2:
        raise ValidationError({"query": [_("Enter a name, taxpayer number or licence number.")]})
    if len(query) > 200:
        raise ValidationError({"query": [_("At most %(n)d characters.") % {"n": 200}]})
    try:
        # Operators are staff: they may see what the registry shows internally (e.g. a suspension).
        results = registry_check.check_agency(query, public=False)
    except registry_check.RegistryUnavailable as exc:
        raise ValidationError({"query": [str(exc)]}) from None
    check = AgencyCheck.objects.create(
        call=call, query=query, results=results, checked_by=actor.user
    )
    record(
        "hotline.agency_checked",
        actor=actor,
        obj=call,
        purpose="hotline",
        data={"query": query, "results": len(results)},
    )
    return check


def ct_unit_for(region: str) -> Agency:
    """The counter-trafficking unit of a region (agency kind ``ct_unit`` of the pack)."""
    unit = (
        Agency.objects.filter(kind=CT_UNIT_KIND, region=region, is_active=True)
        .order_by("id")
        .first()
    )
    if unit is None:
        raise ValidationError(
            {"region": [_("No counter-trafficking unit is registered for this region.")]}
        )
    return unit


@transaction.atomic
def do_create_tip_from_call(
    *, actor: Actor, call: Call, expected_version: int, what_happened: str, include_contact: bool
) -> Tip:
    """Turns a call into a tip and forwards it to the CT unit of the caller's region.

    The tip carries the operator's account of what happened; the caller's contact goes with it
    only if the caller agreed both to our keeping it and to passing it to the police.
    """
    if not can_edit_call(actor, call):
        raise ValidationError(_("You cannot edit this call."))
    what_happened = (what_happened or "").strip()
    errors: dict[str, list[str]] = {}
    if not what_happened:
        errors["what_happened"] = [_("Describe what the caller reported.")]
    elif len(what_happened) > MAX_TEXT:
        errors["what_happened"] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    if include_contact and not (call.consent_contact and call.consent_share):
        errors.setdefault("include_contact", []).append(
            _("The caller has not agreed that their contact be passed to the police.")
        )
    if include_contact and not call.caller_contact:
        errors.setdefault("include_contact", []).append(_("The call has no contact to pass on."))
    if not call.region:
        errors["region"] = [_("Set the caller's region first: the tip goes to its CT unit.")]
    _raise_if(errors)
    unit = ct_unit_for(call.region)
    locked = _locked_call(call, expected_version)
    now = timezone.now()
    tip = Tip.objects.create(
        source=TipSource.CALL,
        call=locked,
        received_at=now,
        region=locked.region,
        what_happened=what_happened,
        contact=str(locked.caller_contact) if include_contact else "",
        contact_may_be_shared=include_contact,
        status=TipStatus.FORWARDED,
        forwarded_to=unit,
        forwarded_at=now,
        handled_by=actor.user,
    )
    locked.outcome = Outcome.TIP_FORWARDED
    locked.version += 1
    locked.save()
    record(
        "hotline.tip_from_call",
        actor=actor,
        obj=tip,
        purpose="hotline",
        data={
            "call": locked.reference,
            "forwarded_to": unit.pk,
            "region": tip.region,
            "with_contact": include_contact,
        },
    )
    return tip


@dataclass
class HandoverInput:
    """What the caller agreed to share about the presumed victim (see ``do_hand_over_call``)."""

    person: PersonInput
    exploitation_forms: list[str]
    country_of_exploitation: str = ""
    narrative: str = ""


@transaction.atomic
def do_hand_over_call(
    *, actor: Actor, call: Call, expected_version: int, data: HandoverInput
) -> Call:
    """Registers the caller (or the person they call about) as a presumed victim and refers the
    case to the counter-trafficking unit of the call's region.

    Needs the caller's consent (``consent_register``). The case goes through
    ``cases.services.do_register_case`` with the hotline as identification method; the referral
    through the referrals app when it is installed, otherwise the call keeps the intended target.
    """
    if not can_edit_call(actor, call):
        raise ValidationError(_("You cannot edit this call."))
    errors: dict[str, list[str]] = {}
    if not call.consent_register:
        errors["consent_register"] = [
            _("The caller has not agreed to be registered: record their consent on the call first.")
        ]
    if call.case_id is not None:
        errors["__all__"] = [_("This call has already been handed over.")]
    if not call.region:
        errors["region"] = [_("Set the caller's region first: the case goes to its CT unit.")]
    _raise_if(errors)
    unit = ct_unit_for(call.region)
    locked = _locked_call(call, expected_version)
    case = do_register_case(
        actor=actor,
        person=data.person,
        case=CaseInput(
            identification_method=IdentificationMethod.HOTLINE,
            region=locked.region,
            country_of_exploitation=data.country_of_exploitation,
            identified_on=timezone.localdate(locked.received_at),
            exploitation_forms=list(data.exploitation_forms),
            narrative=data.narrative,
        ),
    )
    referral = referral_handover.create_referral(
        actor=actor,
        case=case,
        to_agency=unit,
        note=_("Hotline call %(ref)s") % {"ref": locked.reference},
    )
    locked.case = case
    locked.referral_target = unit
    locked.referral_reference = referral.reference or ""
    locked.referral_pending_reason = referral.pending_reason[:500]
    locked.outcome = Outcome.REFERRED
    locked.version += 1
    locked.save()
    record(
        "hotline.call_handed_over",
        actor=actor,
        obj=locked,
        purpose="referral",
        data={
            "case": case.reference,
            "referral_target": unit.pk,
            "referral": locked.referral_reference,
            "referral_pending": referral.reference is None,
            "referral_pending_reason": referral.pending_reason,
        },
    )
    return locked


# --- Tips ------------------------------------------------------------------------------------


def validate_public_tip(*, region: str, what_happened: str, contact: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if region and not _valid_region(region):
        errors["region"] = [_("Choose a region from the list.")]
    if len(what_happened.strip()) < 10:
        errors["what_happened"] = [
            _("Tell us in a few words what happened (at least 10 characters).")
        ]
    elif len(what_happened) > MAX_TEXT:
        errors["what_happened"] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    if len(contact) > MAX_CONTACT:
        errors["contact"] = [_("At most %(n)d characters.") % {"n": MAX_CONTACT}]
    return errors


@transaction.atomic
def do_submit_public_tip(*, region: str, what_happened: str, contact: str = "") -> Tip:
    """A tip left on the public portal: no personal data required; it lands in the hotline queue."""
    region, what_happened, contact = (
        region or "",
        (what_happened or "").strip(),
        (contact or "").strip(),
    )
    _raise_if(validate_public_tip(region=region, what_happened=what_happened, contact=contact))
    tip = Tip.objects.create(
        source=TipSource.PORTAL,
        region=region,
        what_happened=what_happened,
        contact=contact,
        contact_may_be_shared=bool(contact),
    )
    record(
        "hotline.tip_received",
        actor=None,
        obj=tip,
        purpose="public tip",
        data={"source": TipSource.PORTAL, "region": region, "has_contact": bool(contact)},
    )
    return tip


def _locked_tip(tip: Tip, expected_version: int) -> Tip:
    locked = Tip.objects.select_for_update().get(pk=tip.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else handled this tip in the meantime. Reload it to see what they did.")
        )
    if locked.status != TipStatus.NEW:
        raise ValidationError(_("This tip has already been handled."))
    return locked


@transaction.atomic
def do_forward_tip(*, actor: Actor, tip: Tip, expected_version: int, region: str = "") -> Tip:
    """Forwards a new tip to the counter-trafficking unit of its region (or of ``region``)."""
    if not can_triage_tip(actor):
        raise ValidationError(_("Only hotline operators can do this."))
    region = region or tip.region
    if not region or not _valid_region(region):
        raise ValidationError({"region": [_("Choose the region whose CT unit gets the tip.")]})
    unit = ct_unit_for(region)
    locked = _locked_tip(tip, expected_version)
    locked.region = region
    locked.status = TipStatus.FORWARDED
    locked.forwarded_to = unit
    locked.forwarded_at = timezone.now()
    locked.handled_by = actor.user
    locked.version += 1
    locked.save()
    record(
        "hotline.tip_forwarded",
        actor=actor,
        obj=locked,
        purpose="hotline",
        data={"forwarded_to": unit.pk, "region": region},
    )
    return locked


@transaction.atomic
def do_close_tip(*, actor: Actor, tip: Tip, expected_version: int, reason: str) -> Tip:
    if not can_triage_tip(actor):
        raise ValidationError(_("Only hotline operators can do this."))
    if reason not in TipCloseReason.values:
        raise ValidationError({"reason": [_("Choose why the tip is closed.")]})
    locked = _locked_tip(tip, expected_version)
    locked.status = TipStatus.CLOSED
    locked.close_reason = reason
    locked.handled_by = actor.user
    locked.version += 1
    locked.save()
    record(
        "hotline.tip_closed", actor=actor, obj=locked, purpose="hotline", data={"reason": reason}
    )
    return locked


def record_call_read(*, actor: Actor, call: Call, purpose: str) -> None:
    """Audits a read of a call's identity data (caller's name, contact, notes), if it has any."""
    if call.is_anonymous and not call.summary:
        return
    with transaction.atomic():
        record("hotline.call_viewed", actor=actor, obj=call, purpose=purpose, data={})


def record_tip_read(*, actor: Actor, tip: Tip, purpose: str) -> None:
    with transaction.atomic():
        record("hotline.tip_viewed", actor=actor, obj=tip, purpose=purpose, data={})


def call_initial(call: Call) -> dict[str, Any]:
    return {name: getattr(call, name) for name in CALL_FIELDS} | {"version": call.version}

"""Sending, receiving and answering cross-border referrals (see docs/crossborder.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, consent_covers, do_register_case
from palermo.cases.vocab import ConsentPurpose, ExploitationForm, IdentificationMethod
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.crossborder import delivery
from palermo.crossborder.access import (
    can_answer_incoming,
    can_deliver_outgoing,
    can_send,
    can_upload,
    partners_for,
)
from palermo.crossborder.models import IncomingReferral, OutgoingReferral, Partner, SeenPackage
from palermo.crossborder.package import PackageRefused, open_package, public_keys_from_b64, seal
from palermo.crossborder.payload import ContentError, build_payload, read_payload
from palermo.crossborder.services.keys import (
    PURPOSE,
    own_keypair,
    partner_public_keys,
    raise_errors,
    require_own_keypair,
)
from palermo.crossborder.vocab import (
    Decision,
    IncomingStatus,
    OutgoingStatus,
    ReferralReason,
    SharedPart,
)
from palermo.jurisdictions.pack import get_pack
from palermo.people.matching import Identity, find_matches

MAX_NOTE = 5000
MAX_DAYS = 90
ANSWER_VALID_DAYS = 30


# --- sending -----------------------------------------------------------------------------------


@dataclass
class SendInput:
    partner_id: int | None = None
    parts: list[str] = field(default_factory=list)
    reason: str = ReferralReason.ADDITIONAL_SERVICES
    note: str = ""
    valid_days: int = 14


def validate_send(actor: Actor, case: Case, data: SendInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if (
        data.partner_id is None
        or not partners_for(actor).filter(pk=data.partner_id, is_active=True).exists()
    ):
        add("partner", _("Choose a partner from the list."))
    if not data.parts:
        add("parts", _("Choose at least one part of the case to share."))
    elif any(p not in SharedPart.values for p in data.parts):
        add("parts", _("Unknown part of the case."))
    if data.reason not in ReferralReason.values:
        add("reason", _("Choose the reason for the referral."))
    if len(data.note) > MAX_NOTE:
        add("note", _("At most %(n)d characters.") % {"n": MAX_NOTE})
    if not 1 <= data.valid_days <= MAX_DAYS:
        add("valid_days", _("Between 1 and %(n)d days.") % {"n": MAX_DAYS})
    if not consent_covers(case, ConsentPurpose.CROSS_BORDER_TRANSFER):
        add(
            "__all__",
            _(
                "The person's consent does not cover transfer abroad: record the consent "
                '"%(purpose)s" on the case first.'
            )
            % {"purpose": ConsentPurpose.CROSS_BORDER_TRANSFER.label},
        )
    return errors


@transaction.atomic
def do_send_referral(*, actor: Actor, case: Case, data: SendInput) -> OutgoingReferral:
    """Seals the chosen parts of the case for the partner; the package is kept for delivery."""
    if not can_send(actor, case):
        raise ValidationError(_("Only the agency that owns the case refers it abroad."))
    data.note = (data.note or "").strip()
    data.parts = sorted(set(data.parts))
    raise_errors(validate_send(actor, case, data))
    own = require_own_keypair()
    partner = Partner.objects.get(pk=int(data.partner_id or 0))
    # The case row is locked so that a double-clicked or retried send cannot seal two packages.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    pending = (
        OutgoingReferral.objects.filter(
            case=case,
            partner=partner,
            status=OutgoingStatus.SENT,
            expires_at__gt=timezone.now(),
        )
        .order_by("-sent_at")
        .first()
    )
    if pending is not None:
        raise ValidationError(
            _(
                "This case already has a referral awaiting this partner's answer "
                "(%(ref)s); it stays valid until %(when)s."
            )
            % {"ref": pending.reference, "when": pending.expires_at.strftime("%Y-%m-%d %H:%M")}
        )
    assert actor.agency is not None  # noqa: S101  (can_send needs an agency)
    payload = build_payload(
        case=case,
        parts=data.parts,
        reason=data.reason,
        note=data.note,
        organisation=actor.agency.name,
        country=get_pack().country,
    )
    now = timezone.now().replace(microsecond=0)  # the package dates have whole seconds
    sealed = seal(
        kind="referral",
        payload=payload,
        sender=own,
        recipient=public_keys_from_b64(partner.encryption_key, partner.signing_key),
        now=now,
        expires_at=now + timedelta(days=data.valid_days),
    )
    referral = OutgoingReferral.objects.create(
        partner=partner,
        case=case,
        from_agency=actor.agency,
        sent_by=actor.user,
        package_id=sealed.package_id,
        reason=data.reason,
        shared_parts=data.parts,
        note=data.note,
        package=sealed.text,
        sent_at=now,
        expires_at=sealed.expires_at,
    )
    record(
        "crossborder.referral_sent",
        actor=actor,
        obj=referral,
        purpose=PURPOSE,
        data={
            "case": case.reference,
            "partner": partner.pk,
            "parts": data.parts,
            "package": sealed.package_id,
            "expires_at": sealed.expires_at.isoformat(),
        },
    )
    return referral


def do_deliver_referral(*, actor: Actor, referral: OutgoingReferral) -> OutgoingReferral:
    """POSTs the package to the partner's API. Not one transaction: the network call comes first
    and the row is locked only to record the delivery (the partner refuses a second copy)."""
    if not can_deliver_outgoing(actor, referral):
        raise ValidationError(_("Only the sending agency delivers this referral."))
    _check_deliverable(referral.partner, referral.delivered_at)
    try:
        delivery.post_package(referral.partner.endpoint_url, referral.package)
    except delivery.DeliveryError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        locked = OutgoingReferral.objects.select_for_update().get(pk=referral.pk)
        if locked.delivered_at is None:
            locked.delivered_at = timezone.now()
            locked.save(update_fields=["delivered_at"])
            record(
                "crossborder.referral_delivered",
                actor=actor,
                obj=locked,
                purpose=PURPOSE,
                data={"partner": locked.partner_id, "package": locked.package_id},
            )
    return locked


def _check_deliverable(partner: Partner, delivered_at: object) -> None:
    if not partner.endpoint_url:
        raise ValidationError(
            _("This partner has no API address: download the package and hand it over.")
        )
    if delivered_at is not None:
        raise ValidationError(_("The package was already delivered."))


# --- receiving ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    kind: str
    incoming: IncomingReferral | None = None
    outgoing: OutgoingReferral | None = None


@transaction.atomic
def do_receive_package(*, text: str | bytes, actor: Actor | None, channel: str) -> Received:
    """Verifies, decrypts and takes in a package (a referral or an answer), once.

    ``actor=None`` when a partner installation posts to the inbox. Raises PackageRefused with a
    clear message; a refused package writes nothing.
    """
    if actor is not None and not can_upload(actor):
        raise ValidationError(_("Your role cannot receive cross-border packages."))
    own = own_keypair()
    if own is None:
        raise PackageRefused("no_key", _("This installation has no key pair yet."))
    opened = open_package(text, own=own, sender_keys=partner_public_keys, now=timezone.now())
    partner = Partner.objects.get(fingerprint=opened.sender, is_active=True)
    try:
        with transaction.atomic():
            SeenPackage.objects.create(
                package_id=opened.package_id, kind=opened.kind, partner=partner
            )
    except IntegrityError:
        raise PackageRefused(
            "replayed", _("This package was already received: it is not taken in twice.")
        ) from None
    if opened.kind == "answer":
        outgoing = _take_answer(partner, opened.payload)
        record(
            "crossborder.answer_received",
            actor=actor,
            obj=outgoing,
            purpose=PURPOSE,
            data={
                "partner": partner.pk,
                "package": opened.package_id,
                "decision": outgoing.status,
                "channel": channel,
            },
        )
        return Received(kind="answer", outgoing=outgoing)
    try:
        content = read_payload(opened.payload)
    except ContentError as exc:
        raise PackageRefused("bad_content", str(exc)) from None
    matches = find_matches(Identity.of(content.person_input())) if content.names else []
    incoming = IncomingReferral(
        partner=partner,
        agency=partner.receiving_agency,
        package_id=opened.package_id,
        expires_at=opened.expires_at,
        reason=content.reason,
        possible_duplicates=len(matches),
    )
    incoming.payload = opened.payload  # type: ignore[assignment]  # an encrypted JSON document
    incoming.save()
    record(
        "crossborder.referral_received",
        actor=actor,
        obj=incoming,
        purpose=PURPOSE,
        data={
            "partner": partner.pk,
            "package": opened.package_id,
            "agency": incoming.agency_id,
            "parts": content.shared,
            "possible_duplicates": len(matches),
            "channel": channel,
        },
    )
    return Received(kind="referral", incoming=incoming)


def _take_answer(partner: Partner, payload: dict[str, object]) -> OutgoingReferral:
    reply_to = payload.get("in_reply_to")
    decision = payload.get("decision")
    reason = payload.get("reason", "")
    if decision not in (OutgoingStatus.ACCEPTED, OutgoingStatus.DECLINED) or not isinstance(
        reason, str
    ):
        raise PackageRefused("bad_content", _("The answer is not valid."))
    outgoing = (
        OutgoingReferral.objects.select_for_update()
        .filter(package_id=str(reply_to), partner=partner)
        .first()
    )
    if outgoing is None:
        raise PackageRefused(
            "unknown_referral", _("The answer is about no referral sent to this partner.")
        )
    if outgoing.status != OutgoingStatus.SENT:
        raise PackageRefused("already_answered", _("This referral was already answered."))
    outgoing.status = str(decision)
    outgoing.answered_at = timezone.now()
    outgoing.answer_reason = reason[:MAX_NOTE]
    outgoing.version += 1
    outgoing.save()
    return outgoing


# --- answering ---------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    decision: str = Decision.ACCEPT
    reason: str = ""
    region: str = ""
    family_name: str = ""
    given_name: str = ""
    exploitation_forms: list[str] = field(default_factory=list)


def _accept(actor: Actor, incoming: IncomingReferral, data: AnswerInput) -> Case:
    content = read_payload(incoming.payload)
    names = {"family_name": data.family_name, "given_name": data.given_name}
    person = content.person_input(**{k: v for k, v in names.items() if v})
    details = "\n\n".join(t for t in (content.details, content.circumstances) if t)
    return do_register_case(
        actor=actor,
        person=person,
        case=CaseInput(
            identification_method=IdentificationMethod.FOREIGN_AUTHORITY,
            region=data.region,
            country_of_recruitment=content.country_of_recruitment,
            country_of_exploitation=content.country_of_exploitation,
            identified_on=timezone.localdate(),
            exploitation_forms=data.exploitation_forms
            or content.exploitation_forms
            or [ExploitationForm.OTHER],
            narrative=details,
        ),
    )


@transaction.atomic
def do_answer_incoming(
    *, actor: Actor, incoming: IncomingReferral, expected_version: int, data: AnswerInput
) -> IncomingReferral:
    """Accepts (a case in the actor's agency; possible duplicates are flagged, never merged) or
    declines, and seals the answer for the partner."""
    if not can_answer_incoming(actor, incoming):
        raise ValidationError(_("Only the receiving agency answers this referral."))
    data.reason = (data.reason or "").strip()
    errors: dict[str, list[str]] = {}
    if data.decision not in Decision.values:
        errors["decision"] = [_("Accept or decline.")]
    if data.decision == Decision.DECLINE and not data.reason:
        errors["reason"] = [_("Give the partner a reason for declining.")]
    if len(data.reason) > MAX_NOTE:
        errors["reason"] = [_("At most %(n)d characters.") % {"n": MAX_NOTE}]
    raise_errors(errors)
    own = require_own_keypair()
    locked = IncomingReferral.objects.select_for_update().get(pk=incoming.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else answered this referral meanwhile. Reload it and look again.")
        )
    if locked.status != IncomingStatus.RECEIVED:
        raise ValidationError(_("This referral was already answered."))
    case: Case | None = None
    duplicates: list[str] = []
    if data.decision == Decision.ACCEPT:
        case = _accept(actor, locked, data)
        duplicates = [
            str(m.person_id)
            for m in find_matches(Identity.of(case.person), exclude=[case.person_id])
        ]
    now = timezone.now().replace(microsecond=0)  # the package dates have whole seconds
    decision = IncomingStatus.ACCEPTED if case is not None else IncomingStatus.DECLINED
    partner = locked.partner
    sealed = seal(
        kind="answer",
        payload={
            "in_reply_to": locked.package_id,
            "decision": str(decision),
            "reason": data.reason,
            "decided_at": now.isoformat(),
        },
        sender=own,
        recipient=public_keys_from_b64(partner.encryption_key, partner.signing_key),
        now=now,
        expires_at=now + timedelta(days=ANSWER_VALID_DAYS),
    )
    locked.status = decision
    locked.case = case
    locked.answered_by = actor.user
    locked.answered_at = now
    locked.answer_reason = data.reason
    locked.answer_package = sealed.text
    locked.version += 1
    locked.save()
    record(
        "crossborder.referral_answered",
        actor=actor,
        obj=locked,
        purpose=PURPOSE,
        data={
            "decision": str(decision),
            "case": case.reference if case else None,
            "possible_duplicate_persons": duplicates,
            "answer_package": sealed.package_id,
        },
    )
    return locked


def do_deliver_answer(*, actor: Actor, incoming: IncomingReferral) -> IncomingReferral:
    """POSTs the sealed answer to the partner's API (network first, then the record)."""
    if not can_answer_incoming(actor, incoming):
        raise ValidationError(_("Only the receiving agency answers this referral."))
    if not incoming.answer_package:
        raise ValidationError(_("Answer the referral first."))
    _check_deliverable(incoming.partner, incoming.answer_delivered_at)
    try:
        delivery.post_package(incoming.partner.endpoint_url, incoming.answer_package)
    except delivery.DeliveryError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        locked = IncomingReferral.objects.select_for_update().get(pk=incoming.pk)
        if locked.answer_delivered_at is None:
            locked.answer_delivered_at = timezone.now()
            locked.save(update_fields=["answer_delivered_at"])
            record(
                "crossborder.answer_delivered",
                actor=actor,
                obj=locked,
                purpose=PURPOSE,
                data={"partner": locked.partner_id},
            )
    return locked


def record_incoming_read(*, actor: Actor, incoming: IncomingReferral, purpose: str) -> None:
    """Audits a read of the identity data an incoming referral carries."""
    with transaction.atomic():
        record(
            "crossborder.incoming_viewed",
            actor=actor,
            obj=incoming,
            purpose=purpose,
            data={"partner": incoming.partner_id},
        )

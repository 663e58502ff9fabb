"""Referring a case to another agency, and the referral's life: sent → accepted | declined →
completed; withdrawn by the sender or revoked by a manager while it is open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.audit import record
from palermo.jurisdictions.calendar import (
    DeadlineShift,
    WorkingCalendar,
    current_calendar,
    recompute_window_start,
)
from palermo.jurisdictions.pack import get_pack
from palermo.referrals import notify
from palermo.referrals.access import can_answer, can_refer, can_revoke, can_withdraw
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.consent import consent_covers
from palermo.referrals.models import Referral, ReferralService, ServiceOffering
from palermo.referrals.services._common import ErrorList, check_version, refuse
from palermo.referrals.vocab import (
    CONSENT_PARTS,
    OPEN_STATUSES,
    ReferralReason,
    ReferralStatus,
    SharePart,
    Urgency,
)


@dataclass
class ReferralInput:
    to_agency_id: int | None = None
    services: list[str] = field(default_factory=list)
    reason: str = ReferralReason.ADDITIONAL_SERVICES
    urgency: str = Urgency.ROUTINE
    details: str = ""
    region: str = ""  # where the services are needed; empty: the receiving agency's region
    # Parts of the case file to share (SharePart values); the summary is always shared.
    share: list[str] = field(default_factory=lambda: [SharePart.EXPLOITATION.value])


def offered_services(agency: Agency | int | None, region: str = "") -> set[str]:
    """Service types the agency offers (in ``region``, when given) according to the directory."""
    if agency is None:
        return set()
    qs = ServiceOffering.objects.filter(agency=agency, is_active=True)
    if region:
        qs = qs.filter(Q(national=True) | Q(region_rows__region=region))
    return set(qs.values_list("service_type", flat=True))


def validate_referral(case: Case, data: ReferralInput) -> tuple[ErrorList, Agency | None]:
    """Every problem with a referral of ``case``, by field; also the target agency if valid."""
    errors = ErrorList()
    catalogue = get_catalogue()
    agency: Agency | None = None
    if data.to_agency_id is None:
        errors.add("to_agency", _("Choose the agency to refer the case to."))
    else:
        agency = Agency.objects.filter(pk=data.to_agency_id, is_active=True).first()
        if agency is None:
            errors.add("to_agency", _("Choose an agency from the service directory."))
        elif agency.pk == case.owning_agency_id:
            errors.add("to_agency", _("A case cannot be referred to the agency that owns it."))
    services = sorted(set(data.services))
    if not services:
        errors.add("services", _("Choose at least one service."))
    unknown = [code for code in services if catalogue.get(code) is None]
    if unknown:
        errors.add("services", _("Unknown service: %(codes)s.") % {"codes": ", ".join(unknown)})
    if data.region and get_pack().region(data.region) is None:
        errors.add("region", _("Choose a region of this jurisdiction."))
    elif agency is not None and services and not unknown:
        offered = offered_services(agency, data.region)
        missing = [code for code in services if code not in offered]
        if missing:
            errors.add(
                "services",
                _(
                    "%(agency)s does not offer %(services)s according to the service directory. "
                    "Choose an agency that does."
                )
                % {
                    "agency": agency.display_name,
                    "services": ", ".join(catalogue.label(code) for code in missing),
                },
            )
    if data.reason not in ReferralReason.values:
        errors.add("reason", _("Choose the reason for the referral."))
    if data.urgency not in Urgency.values:
        errors.add("urgency", _("Choose how urgent the referral is."))
    share = set(data.share)
    if share - set(SharePart.values):
        errors.add("share", _("Choose the parts of the file to share from the list."))
    if share & CONSENT_PARTS and not consent_covers(case):
        errors.add(
            "share",
            _(
                "The person's consent does not cover sharing with referral agencies: names, date "
                "of birth and circumstances cannot be shared."
            ),
        )
    errors.text("details", data.details)
    if agency is not None:
        open_one = Referral.objects.filter(
            case=case, to_agency=agency, status__in=OPEN_STATUSES
        ).first()
        if open_one is not None:
            errors.add(
                "to_agency",
                _("This case already has an open referral to this agency (%(reference)s).")
                % {"reference": open_one.reference},
            )
    return errors, agency


@transaction.atomic
def do_send_referral(*, actor: Actor, case: Case, data: ReferralInput) -> Referral:
    """Refers ``case`` to another agency; the answer is due within the pack's deadline."""
    if not can_refer(actor, case):
        raise refuse(_("Only the agency that owns the case can refer it."))
    # Lock the case first: referral numbers are counted per case, and two people must not both
    # open a referral of the same case to the same agency.
    locked_case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("owning_agency", "person")
        .get(pk=case.pk)
    )
    errors, agency = validate_referral(locked_case, data)
    errors.raise_if_any()
    assert agency is not None  # noqa: S101  (validate_referral reported a missing agency)

    pack = get_pack()
    catalogue = get_catalogue()
    number = Referral.objects.filter(case=locked_case).count() + 1
    today = timezone.localdate()
    deadline = pack.deadline("referral_response")
    share = set(data.share)
    referral = Referral.objects.create(
        reference=f"{locked_case.reference}-R{number}",
        case=locked_case,
        from_agency=locked_case.owning_agency,
        to_agency=agency,
        reason=data.reason,
        region=data.region or agency.region or "",
        urgency=data.urgency,
        details=data.details.strip(),
        share_identity=SharePart.IDENTITY in share,
        share_date_of_birth=SharePart.DATE_OF_BIRTH in share,
        share_narrative=SharePart.NARRATIVE in share,
        share_exploitation=SharePart.EXPLOITATION in share,
        sent_on=today,
        sent_by=actor.user,
        due_on=catalogue.due_date(pack, data.urgency, today, current_calendar()),
        response_working_days=catalogue.response_working_days(pack, data.urgency),
        deadline_basis=deadline.legal_basis.citation,
    )
    services = sorted(set(data.services))
    ReferralService.objects.bulk_create(
        [ReferralService(referral=referral, service_type=code) for code in services]
    )
    notify.notify_referral(referral, notify.SENT, to=agency, by=referral.from_agency)
    record(
        "referral.sent",
        actor=actor,
        obj=referral,
        purpose="referral",
        data={
            "reference": referral.reference,
            "case": locked_case.reference,
            "from_agency": referral.from_agency_id,
            "to_agency": agency.pk,
            "services": services,
            "reason": referral.reason,
            "urgency": referral.urgency,
            "shared_parts": sorted(referral.share_flags),
            "due_on": referral.due_on.isoformat(),
            "deadline_basis": referral.deadline_basis,
        },
    )
    return referral


def _lock(referral: Referral, expected_version: int | None) -> Referral:
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "from_agency", "to_agency")
        .get(pk=referral.pk)
    )
    check_version(locked.version, expected_version)
    return locked


def _status_label(referral: Referral) -> str:
    return str(ReferralStatus(referral.status).label)


def _record_transition(
    actor: Actor, referral: Referral, action: str, previous: str, **extra: object
) -> None:
    record(
        f"referral.{action}",
        actor=actor,
        obj=referral,
        purpose="referral",
        data={
            "reference": referral.reference,
            "case": referral.case.reference,
            "from_status": previous,
            "status": referral.status,
            **extra,
        },
    )


@transaction.atomic
def do_accept_referral(
    *, actor: Actor, referral: Referral, expected_version: int | None = None
) -> Referral:
    """The receiving agency takes the case on for the named services."""
    if not can_answer(actor, referral):
        raise refuse(_("Only the agency the case was referred to can answer the referral."))
    locked = _lock(referral, expected_version)
    if locked.status != ReferralStatus.SENT:
        raise refuse(
            _("Only a referral awaiting an answer can be accepted; this one is “%(status)s”.")
            % {"status": _status_label(locked)}
        )
    previous = locked.status
    locked.status = ReferralStatus.ACCEPTED
    locked.answered_at = timezone.now()
    locked.answered_by = actor.user
    locked.version += 1
    locked.save()
    notify.notify_referral(locked, notify.ACCEPTED, to=locked.from_agency, by=locked.to_agency)
    _record_transition(
        actor, locked, "accepted", previous, late=timezone.localdate() > locked.due_on
    )
    return locked


@transaction.atomic
def do_decline_referral(
    *, actor: Actor, referral: Referral, reason: str, expected_version: int | None = None
) -> Referral:
    """The receiving agency declines; it must say why (the sender needs to find another)."""
    if not can_answer(actor, referral):
        raise refuse(_("Only the agency the case was referred to can answer the referral."))
    errors = ErrorList()
    if not (reason or "").strip():
        errors.add("reason", _("Say why the referral is declined."))
    reason = errors.text("reason", reason)
    errors.raise_if_any()
    locked = _lock(referral, expected_version)
    if locked.status != ReferralStatus.SENT:
        raise refuse(
            _("Only a referral awaiting an answer can be declined; this one is “%(status)s”.")
            % {"status": _status_label(locked)}
        )
    previous = locked.status
    locked.status = ReferralStatus.DECLINED
    locked.decline_reason = reason
    locked.answered_at = timezone.now()
    locked.answered_by = actor.user
    locked.version += 1
    locked.save()
    notify.notify_referral(locked, notify.DECLINED, to=locked.from_agency, by=locked.to_agency)
    _record_transition(actor, locked, "declined", previous, reason_given=True)
    return locked


@transaction.atomic
def do_complete_referral(
    *, actor: Actor, referral: Referral, expected_version: int | None = None
) -> Referral:
    """The receiving agency has delivered the services; follow-up access lasts a while."""
    if not can_answer(actor, referral):
        raise refuse(_("Only the agency the case was referred to can complete the referral."))
    locked = _lock(referral, expected_version)
    if locked.status != ReferralStatus.ACCEPTED:
        raise refuse(
            _("Only an accepted referral can be completed; this one is “%(status)s”.")
            % {"status": _status_label(locked)}
        )
    delivered = sorted(set(locked.deliveries.values_list("service_type", flat=True)))
    if not delivered:
        raise refuse(
            _("Record at least one service delivered under this referral before completing it.")
        )
    previous = locked.status
    locked.status = ReferralStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.completed_by = actor.user
    locked.version += 1
    locked.save()
    notify.notify_referral(locked, notify.COMPLETED, to=locked.from_agency, by=locked.to_agency)
    _record_transition(actor, locked, "completed", previous, services_delivered=delivered)
    return locked


@transaction.atomic
def do_withdraw_referral(
    *,
    actor: Actor,
    referral: Referral,
    reason: str = "",
    expected_version: int | None = None,
) -> Referral:
    """The sender takes the referral back while it is awaiting an answer or accepted."""
    if not can_withdraw(actor, referral):
        raise refuse(_("Only the referring agency can withdraw the referral."))
    errors = ErrorList()
    reason = errors.text("reason", reason)
    errors.raise_if_any()
    locked = _lock(referral, expected_version)
    if locked.status not in OPEN_STATUSES:
        raise refuse(
            _(
                "Only a referral awaiting an answer or accepted can be withdrawn; this one is "
                "“%(status)s”."
            )
            % {"status": _status_label(locked)}
        )
    previous = locked.status
    locked.status = ReferralStatus.WITHDRAWN
    locked.close_reason = reason
    locked.closed_at = timezone.now()
    locked.closed_by = actor.user
    locked.version += 1
    locked.save()
    notify.notify_referral(locked, notify.WITHDRAWN, to=locked.to_agency, by=locked.from_agency)
    _record_transition(actor, locked, "withdrawn", previous, reason_given=bool(reason))
    return locked


@transaction.atomic
def do_revoke_referral(
    *, actor: Actor, referral: Referral, reason: str, expected_version: int | None = None
) -> Referral:
    """A manager ends a referral (also a completed one still in follow-up): access ends now."""
    if not can_revoke(actor, referral):
        raise refuse(
            _("Only a national administrator or the referring agency's administrator can revoke.")
        )
    errors = ErrorList()
    if not (reason or "").strip():
        errors.add("reason", _("Say why the referral is revoked."))
    reason = errors.text("reason", reason)
    errors.raise_if_any()
    locked = _lock(referral, expected_version)
    if locked.status not in (*OPEN_STATUSES, ReferralStatus.COMPLETED):
        raise refuse(
            _("A referral that is “%(status)s” cannot be revoked.")
            % {"status": _status_label(locked)}
        )
    previous = locked.status
    locked.status = ReferralStatus.REVOKED
    locked.close_reason = reason
    locked.closed_at = timezone.now()
    locked.closed_by = actor.user
    locked.version += 1
    locked.save()
    by = actor.agency
    notify.notify_referral(locked, notify.REVOKED, to=locked.to_agency, by=by)
    if by is None or by.pk != locked.from_agency_id:
        notify.notify_referral(locked, notify.REVOKED, to=locked.from_agency, by=by)
    _record_transition(actor, locked, "revoked", previous, reason_given=True)
    return locked


def recompute_referral_deadlines(
    before: WorkingCalendar, after: WorkingCalendar, first: date, last: date
) -> list[DeadlineShift]:
    """Answer-due dates of referrals still awaiting an answer that a transfer moved."""
    del before  # the stored due date is the "before"
    longest = get_pack().deadline("referral_response").working_days
    shifts: list[DeadlineShift] = []
    pending = Referral.objects.select_for_update().filter(
        status=ReferralStatus.SENT,
        sent_on__gte=recompute_window_start(first, longest),
        sent_on__lte=last,
    )
    for referral in pending.order_by("pk"):
        due = after.add_working_days(referral.sent_on, referral.response_working_days)
        if due == referral.due_on:
            continue
        shifts.append(
            DeadlineShift(
                object_type="referrals.referral", object_id=referral.pk,
                label=referral.reference, old_due=referral.due_on, new_due=due,
            )
        )  # fmt: skip
        referral.due_on = due
        referral.save(update_fields=["due_on"])
    return shifts

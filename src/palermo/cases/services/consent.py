"""Informed consent per purpose (the HTCDS consent checklist), and its withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.access_parts import can_manage_consent
from palermo.cases.models import Case, Consent
from palermo.cases.models.consent import CHECKLIST
from palermo.cases.services.registration import ADULT_AGE, _age_on, _raise_if
from palermo.cases.vocab import ConsentGiver, ConsentPurpose
from palermo.core.audit import record

MAX_NAME = 200
MAX_REASON = 20000


@dataclass
class ConsentInput:
    purpose: str = ""
    given_on: date | None = None
    given_by: str = ConsentGiver.PERSON
    giver_name: str = ""
    # The checklist: each must be a recorded yes.
    purpose_explained: bool = False
    uses_explained: bool = False
    research_use_explained: bool = False
    right_of_access_explained: bool = False
    retention_explained: bool = False
    withdrawal_explained: bool = False

    def cleaned(self) -> ConsentInput:
        self.giver_name = " ".join((self.giver_name or "").split())
        return self


def is_minor_on(case: Case, day: date) -> bool | None:
    """Whether the person is a minor on ``day``: by the date of birth when it is known, else by
    the case's "minor at identification"; None when neither is known."""
    born = cast("date | None", case.person.date_of_birth)
    if born is not None:
        return cast("int", _age_on(born, day)) < ADULT_AGE
    return case.is_minor


def validate_consent(
    case: Case, data: ConsentInput, *, today: date | None = None
) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.purpose not in ConsentPurpose.values:
        add("purpose", _("Choose what the consent is for."))
    if data.given_on is None:
        add("given_on", _("Enter the date the consent was given."))
    elif data.given_on > today:
        add("given_on", _("The date cannot be in the future."))
    if data.given_by not in ConsentGiver.values:
        add("given_by", _("Choose who gave the consent."))
    elif data.given_by == ConsentGiver.PERSON:
        if is_minor_on(case, data.given_on or today):
            add(
                "given_by",
                _(
                    "The person is a minor: consent must be given by a parent or by whoever acts in loco parentis. Record who gave it."
                ),
            )
    elif not data.giver_name:
        add("giver_name", _("Enter the name of the person who gave the consent."))
    if len(data.giver_name) > MAX_NAME:
        add("giver_name", _("A name can have at most %(n)d characters.") % {"n": MAX_NAME})
    for item in CHECKLIST:
        if getattr(data, item) is not True:
            add(
                item,
                _(
                    "Confirm that this was explained: consent that is not informed cannot be recorded."
                ),
            )
    return errors


@transaction.atomic
def do_record_consent(*, actor: Actor, case: Case, data: ConsentInput) -> Consent:
    """Records informed consent for one purpose. Refused while one for that purpose is in force."""
    agency = actor.agency
    if agency is None or not can_manage_consent(actor, case):
        raise ValidationError(_("You cannot record consent for this case."))
    data = data.cleaned()
    _raise_if(validate_consent(case, data))
    # Lock the case: two people recording the same purpose at once cannot both succeed.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    current = Consent.objects.filter(case=locked, purpose=data.purpose, withdrawn_at__isnull=True)
    existing = current.first()
    if existing is not None:
        raise ValidationError(
            {
                "purpose": [
                    _(
                        "Consent for this purpose is already in force (given on %(date)s). Withdraw it first to record a new one."
                    )
                    % {"date": date_format(existing.given_on, "SHORT_DATE_FORMAT")}
                ]
            }
        )
    consent = Consent.objects.create(
        case=locked,
        purpose=data.purpose,
        given_on=cast("date", data.given_on),
        given_by=data.given_by,
        giver_name="" if data.given_by == ConsentGiver.PERSON else data.giver_name,
        recorded_by=actor.user,
        recording_agency=agency,
        **dict.fromkeys(CHECKLIST, True),
    )
    record(
        "consent.given",
        actor=actor,
        obj=locked,
        purpose="consent",
        data={
            "consent": consent.pk,
            "purpose": consent.purpose,
            "given_by": consent.given_by,
            "given_on": consent.given_on.isoformat(),
        },
    )
    return consent


@transaction.atomic
def do_withdraw_consent(
    *, actor: Actor, consent: Consent, withdrawn_on: date | None = None, reason: str = ""
) -> Consent:
    """Withdraws a consent. It stops covering its purpose at once (see ``consent_covers``)."""
    if not can_manage_consent(actor, consent.case):
        raise ValidationError(_("You cannot withdraw consent for this case."))
    today = timezone.localdate()
    withdrawn_on = withdrawn_on or today
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if withdrawn_on > today:
        errors["withdrawn_on"] = [_("The date cannot be in the future.")]
    elif withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = [_("Consent cannot be withdrawn before it was given.")]
    if len(reason) > MAX_REASON:
        errors["reason"] = [_("The reason can have at most 20,000 characters.")]
    _raise_if(errors)
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": date_format(cast("date", locked.withdrawn_on), "SHORT_DATE_FORMAT")}
        )
    locked.withdrawn_on = withdrawn_on
    locked.withdrawal_reason = reason
    locked.withdrawn_by = actor.user
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_on", "withdrawal_reason", "withdrawn_by", "withdrawn_at"])
    record(
        "consent.withdrawn",
        actor=actor,
        obj=locked.case,
        purpose="consent",
        data={
            "consent": locked.pk,
            "purpose": locked.purpose,
            "withdrawn_on": withdrawn_on.isoformat(),
            "reason_given": bool(reason),
        },
    )
    return locked


def consent_covers(case: Case | int, purpose: str) -> bool:
    """Whether consent for ``purpose`` is in force for the case (given and not withdrawn)."""
    case_id = case.pk if isinstance(case, Case) else case
    return Consent.objects.filter(
        case_id=case_id, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def cases_with_consent(cases: QuerySet[Case], purpose: str) -> QuerySet[Case]:
    """The ``cases`` whose consent for ``purpose`` is in force: :func:`consent_covers` as one SQL
    condition, so that a list or a scope asks once for all its cases instead of once per case."""
    in_force = Consent.objects.filter(
        case_id=OuterRef("pk"), purpose=purpose, withdrawn_at__isnull=True
    )
    return cases.filter(Exists(in_force))


def consents_in_force(case: Case | int) -> set[str]:
    """The purposes consent is in force for, in one query (for pages that check several)."""
    case_id = case.pk if isinstance(case, Case) else case
    return set(
        Consent.objects.filter(case_id=case_id, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )

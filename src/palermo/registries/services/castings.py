"""Castings for advertising projects or jobs (Law No. 350-Z, Art. 15 p.1-2): "a strict procedure
of competitive selection of candidates for participation in advertising projects or subsequent
employment". A casting is registered with its organiser and its published notice; the internal
affairs bodies check castings and record what they found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.registries.models import NAME_LENGTH, NUMBER_LENGTH, Casting, CastingCheck
from palermo.registries.permissions import can_manage, can_view
from palermo.registries.rules import basis, rules
from palermo.registries.services.common import (
    Errors,
    clean_block,
    clean_line,
    require_manager,
    save_new,
)
from palermo.registries.vocab import CastingCheckOutcome, CastingPurpose

MAX_TEXT = 20000

CASTING_FIELDS = (
    "registration_number", "organiser_name", "organiser_taxpayer_number", "purpose",
    "destination_country", "notice_text", "notice_media", "notice_published_on", "held_from",
    "held_until", "place",
)  # fmt: skip


def casting_basis_key() -> str:
    """The pack's legal basis for castings; LookupError when the pack has no casting registry."""
    key = rules().casting_basis
    if key is None:
        raise LookupError("the jurisdiction pack's 'registries' section has no 'castings'")
    return key


def castings_enabled() -> bool:
    try:
        return rules().casting_basis is not None
    except LookupError:
        return False


def can_check_castings(actor: Actor) -> bool:
    """Registry managers, and officers of the internal affairs bodies the pack names."""
    if not castings_enabled():
        return False
    if can_manage(actor):
        return True
    kind = getattr(actor.agency, "kind", None)
    return can_view(actor) and kind in rules().casting_check_kinds


@dataclass
class CastingInput:
    registration_number: str = ""
    organiser_name: str = ""
    organiser_taxpayer_number: str = ""
    purpose: str = ""
    destination_country: str = ""
    notice_text: str = ""
    notice_media: str = ""
    notice_published_on: date | None = None
    held_from: date | None = None
    held_until: date | None = None
    place: str = ""

    def cleaned(self) -> CastingInput:
        for name in ("registration_number", "organiser_name", "notice_media", "place"):
            setattr(self, name, clean_line(getattr(self, name)))
        self.organiser_taxpayer_number = clean_line(self.organiser_taxpayer_number).replace(" ", "")
        self.destination_country = clean_line(self.destination_country).upper()
        self.notice_text = clean_block(self.notice_text)
        return self


def validate_casting(data: CastingInput, *, today: date | None = None) -> dict[str, list[str]]:
    errors = Errors()
    errors.required_text(
        "registration_number",
        data.registration_number,
        _("Enter the registration number of the casting."),
        NUMBER_LENGTH,
    )
    errors.required_text(
        "organiser_name", data.organiser_name, _("Enter the organiser of the casting."), NAME_LENGTH
    )
    errors.taxpayer_number("organiser_taxpayer_number", data.organiser_taxpayer_number)
    if data.purpose not in CastingPurpose.values:
        errors.add("purpose", _("Choose what the candidates are selected for."))
    if data.purpose == CastingPurpose.EMPLOYMENT_ABROAD or data.destination_country:
        errors.country(
            "destination_country",
            data.destination_country,
            _("Choose the country where the selected candidates will work."),
        )
    errors.required_text(
        "notice_text", data.notice_text, _("Enter the text of the casting notice."), MAX_TEXT
    )
    errors.required_text(
        "notice_media",
        data.notice_media,
        _("Enter where the notice was published."),
        300,
    )
    errors.past_date(
        "notice_published_on",
        data.notice_published_on,
        _("Enter the date the notice was published."),
        today,
    )
    if data.held_from is None:
        errors.add("held_from", _("Enter the first day of the casting."))
    if data.held_until is None:
        errors.add("held_until", _("Enter the last day of the casting."))
    elif data.held_from and data.held_until < data.held_from:
        errors.add("held_until", _("The casting cannot end before it starts."))
    if data.notice_published_on and data.held_from and data.notice_published_on > data.held_from:
        errors.add(
            "notice_published_on",
            _("The notice must be published before the casting starts: selection is competitive."),
        )
    errors.required_text("place", data.place, _("Enter where the casting is held."), 300)
    if (
        data.registration_number
        and Casting.objects.filter(registration_number=data.registration_number).exists()
    ):
        errors.add(
            "registration_number",
            _("Casting %(number)s is already registered.") % {"number": data.registration_number},
        )
    return errors.by_field


@transaction.atomic
def do_register_casting(*, actor: Actor, data: CastingInput) -> Casting:
    require_manager(actor)
    key = casting_basis_key()
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_casting(data)
    errors.raise_if_any()
    casting = Casting(legal_basis=basis(key).citation, created_by=actor.user)
    for name in CASTING_FIELDS:
        setattr(casting, name, getattr(data, name))
    save_new(
        casting,
        field="registration_number",
        message=_("Casting %(number)s is already registered.")
        % {"number": casting.registration_number},
    )
    record(
        "registries.casting_registered",
        actor=actor,
        obj=casting,
        purpose="castings",
        data={
            "registration_number": casting.registration_number,
            "organiser_taxpayer_number": casting.organiser_taxpayer_number,
            "purpose": casting.purpose,
        },
    )
    return casting


@transaction.atomic
def do_record_casting_check(
    *,
    actor: Actor,
    casting: Casting,
    checked_on: date | None,
    outcome: str,
    findings: str = "",
    offence_report: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> CastingCheck:
    """Records a check of a casting by the internal affairs bodies and what it found."""
    if actor.agency is None or not can_check_castings(actor):
        raise ValidationError(_("Only the internal affairs bodies check castings."))
    today = today or timezone.localdate()
    findings = clean_block(findings)
    offence_report = clean_line(offence_report)
    errors = Errors()
    errors.past_date("checked_on", checked_on, _("Enter the date of the check."), today)
    if checked_on and checked_on < casting.notice_published_on:
        errors.add("checked_on", _("The check cannot be before the notice was published."))
    if outcome not in CastingCheckOutcome.values:
        errors.add("outcome", _("Choose what the check found."))
    elif outcome == CastingCheckOutcome.VIOLATIONS and not findings:
        errors.add("findings", _("Describe the violations found."))
    errors.optional_text("findings", findings, MAX_TEXT)
    errors.optional_text("offence_report", offence_report, 200)
    errors.raise_if_any()
    locked = Casting.objects.select_for_update().get(pk=casting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this casting in the meantime. Reload it and try again.")
        )
    check = CastingCheck.objects.create(
        casting=locked,
        checked_on=cast("date", checked_on),  # a missing date was reported above
        outcome=outcome,
        findings=findings,
        offence_report=offence_report,
        agency=actor.agency,
        checked_by=actor.user,
    )
    latest = locked.checks.order_by("-checked_on", "-id").first()
    locked.last_check_outcome = latest.outcome if latest else outcome
    locked.version += 1
    locked.save(update_fields=["last_check_outcome", "version", "updated_at"])
    record(
        "registries.casting_checked",
        actor=actor,
        obj=locked,
        purpose="castings",
        data={
            "check": check.pk,
            "checked_on": check.checked_on.isoformat(),
            "outcome": outcome,
            "offence_report": offence_report,
        },
    )
    return check

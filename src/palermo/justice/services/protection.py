"""Protection and rehabilitation measures (Law No. 350-Z Art. 18), the victim's interference
(Art. 18 part 2), and legal assistance and rights explained to the victim (seed 004 §34)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.justice.access import works_on
from palermo.justice.models import LegalAssistance, Participant, ProtectionMeasure
from palermo.justice.rules import basis_citation, justice_rules
from palermo.justice.services.common import (
    Errors,
    add,
    check_day,
    check_text,
    check_version,
    raise_if,
    require_investigator,
)
from palermo.justice.vocab import MeasureStatus, ParticipantRole, RightExplained


def _require_victim(participant: Participant) -> None:
    if participant.role != ParticipantRole.VICTIM:
        raise ValidationError(
            {"participant": [_("Protection measures and legal assistance are for victims.")]}
        )
    if participant.ended_on is not None:
        raise ValidationError({"participant": [_("This participation has ended.")]})


def interference_refusal(participant: Participant) -> str:
    """The message that refuses a measure to a victim who interferes (Art. 18 part 2)."""
    return _(
        "The victim interferes with the investigation or the trial: protection measures are not "
        "applied (%(basis)s)."
    ) % {"basis": basis_citation(justice_rules().interference_basis.key)}


@dataclass
class MeasureInput:
    kind: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    includes_family: bool = False
    details: str = ""


@transaction.atomic
def do_apply_measure(
    *, actor: Actor, participant: Participant, data: MeasureInput
) -> ProtectionMeasure:
    """Applies an Art. 18 measure to a victim. Refused, with the Art. 18 part 2 basis, when the
    victim interferes with the investigation or the trial."""
    require_investigator(actor, participant.proceedings)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _require_victim(participant)
    if participant.interferes:
        raise ValidationError({"kind": [interference_refusal(participant)]})
    rules = justice_rules()
    kind = rules.measure(data.kind)
    data.details = (data.details or "").strip()
    errors: Errors = {}
    if kind is None:
        add(errors, "kind", _("Choose a measure."))
    elif participant.measures.filter(kind=kind.code, status=MeasureStatus.ACTIVE).exists():
        add(errors, "kind", _("This measure is already applied: extend or end it instead."))
    if data.starts_on is None:
        add(errors, "starts_on", _("Enter the date."))
    if data.ends_on and data.starts_on and data.ends_on < data.starts_on:
        add(errors, "ends_on", _("The end cannot come before the start."))
    if data.includes_family and kind is not None and not kind.covers_family:
        add(errors, "includes_family", _("This measure does not extend to family members."))
    check_text(errors, "details", data.details)
    raise_if(errors)
    assert kind is not None and data.starts_on is not None  # noqa: S101  (validated)
    measure = ProtectionMeasure.objects.create(
        participant=participant,
        kind=kind.code,
        legal_basis=kind.legal_basis.key,
        includes_family=data.includes_family,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        details=data.details,
        applied_by=actor.user,
    )
    record(
        "justice.measure_applied",
        actor=actor,
        obj=measure,
        purpose="protection of a victim",
        data={
            "participant": participant.pk,
            "kind": measure.kind,
            "legal_basis": measure.legal_basis,
            "starts_on": measure.starts_on.isoformat(),
            "ends_on": measure.ends_on.isoformat() if measure.ends_on else None,
            "includes_family": measure.includes_family,
        },
    )
    return measure


def _locked_measure(measure: ProtectionMeasure, expected_version: int) -> ProtectionMeasure:
    locked = ProtectionMeasure.objects.select_for_update().get(pk=measure.pk)
    check_version(locked.version, expected_version, _("measure"))
    return locked


@transaction.atomic
def do_extend_measure(
    *, actor: Actor, measure: ProtectionMeasure, expected_version: int, ends_on: date | None
) -> ProtectionMeasure:
    """Extends an applied measure to a new end date (refused when the victim interferes)."""
    participant = measure.participant
    require_investigator(actor, participant.proceedings)
    locked = _locked_measure(measure, expected_version)
    if participant.interferes:
        raise ValidationError({"ends_on": [interference_refusal(participant)]})
    errors: Errors = {}
    if not locked.is_active:
        add(errors, "ends_on", _("This measure has ended; apply a new one."))
    if ends_on is None:
        add(errors, "ends_on", _("Enter the new end date."))
    elif locked.ends_on is not None and ends_on <= locked.ends_on:
        add(errors, "ends_on", _("The new end date must come after the current one."))
    elif ends_on < locked.starts_on:
        add(errors, "ends_on", _("The end cannot come before the start."))
    raise_if(errors)
    previous = locked.ends_on
    locked.ends_on = ends_on
    locked.times_extended += 1
    locked.version += 1
    locked.save()
    record(
        "justice.measure_extended",
        actor=actor,
        obj=locked,
        purpose="protection of a victim",
        data={
            "from": previous.isoformat() if previous else None,
            "to": ends_on.isoformat() if ends_on else None,
        },
    )
    return locked


def _end(measure: ProtectionMeasure, ended_on: date, reason: str, basis: str = "") -> None:
    measure.status = MeasureStatus.ENDED
    measure.ended_on = max(ended_on, measure.starts_on)
    measure.end_reason = reason
    measure.end_basis = basis
    measure.version += 1
    measure.save()


@transaction.atomic
def do_end_measure(
    *,
    actor: Actor,
    measure: ProtectionMeasure,
    expected_version: int,
    ended_on: date | None,
    reason: str,
) -> ProtectionMeasure:
    """Ends an applied measure by decision, with the reason."""
    require_investigator(actor, measure.participant.proceedings)
    locked = _locked_measure(measure, expected_version)
    reason = (reason or "").strip()
    errors: Errors = {}
    if not locked.is_active:
        add(errors, "ended_on", _("This measure has already ended."))
    check_day(errors, "ended_on", ended_on)
    if ended_on and ended_on < locked.starts_on:
        add(errors, "ended_on", _("The end cannot come before the start."))
    if not reason:
        add(errors, "reason", _("Say why the measure ends."))
    check_text(errors, "reason", reason)
    raise_if(errors)
    assert ended_on is not None  # noqa: S101
    _end(locked, ended_on, reason)
    record(
        "justice.measure_ended",
        actor=actor,
        obj=locked,
        purpose="protection of a victim",
        data={"ended_on": ended_on.isoformat(), "legal_basis": ""},
    )
    return locked


@transaction.atomic
def do_record_interference(
    *, actor: Actor, participant: Participant, recorded_on: date | None, note: str
) -> Participant:
    """Records that the victim interferes with the preliminary investigation or the trial
    (Art. 18 part 2): every applied measure ends with that basis, and no new one is applied."""
    require_investigator(actor, participant.proceedings)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _require_victim(participant)
    note = (note or "").strip()
    errors: Errors = {}
    if participant.interferes:
        add(errors, "recorded_on", _("Interference is already recorded for this victim."))
    check_day(errors, "recorded_on", recorded_on)
    if recorded_on and recorded_on < participant.linked_on:
        add(errors, "recorded_on", _("The date cannot be before the person was linked."))
    if not note:
        add(errors, "note", _("Describe how the victim interferes."))
    check_text(errors, "note", note)
    raise_if(errors)
    assert recorded_on is not None  # noqa: S101
    basis = justice_rules().interference_basis
    participant.interfered_on = recorded_on
    participant.interference_basis = basis.key
    participant.interference_note = note
    participant.save(update_fields=["interfered_on", "interference_basis", "interference_note"])
    ended = []
    reason = _("The victim interferes with the investigation or the trial.")
    for measure in participant.measures.filter(status=MeasureStatus.ACTIVE).order_by("id"):
        _end(measure, recorded_on, reason, basis.key)
        ended.append(measure.pk)
    record(
        "justice.interference_recorded",
        actor=actor,
        obj=participant,
        purpose="protection of a victim",
        data={
            "proceedings": participant.proceedings_id,
            "recorded_on": recorded_on.isoformat(),
            "legal_basis": basis.key,
            "measures_ended": ended,
        },
    )
    return participant


# --- legal assistance ---------------------------------------------------------------------------


def can_record_assistance(actor: Actor, participant: Participant) -> bool:
    """The investigating body, or an agency working on the victim's case (its owner, or an
    agency with an accepted referral), e.g. an NGO lawyer."""
    from palermo.referrals.access import works_on_case

    if works_on(actor, participant.proceedings):
        return True
    return participant.case is not None and works_on_case(actor, participant.case)


@dataclass
class AssistanceInput:
    given_on: date | None = None
    assistance: bool = False
    rights: list[str] = field(default_factory=list)
    notes: str = ""


@transaction.atomic
def do_record_legal_assistance(
    *, actor: Actor, participant: Participant, data: AssistanceInput
) -> LegalAssistance:
    """Records legal assistance given to a victim and the rights explained (confidentiality,
    compensation, ...)."""
    if not can_record_assistance(actor, participant) or actor.agency is None:
        raise ValidationError(_("You cannot record legal assistance for this victim."))
    _require_victim(participant)
    rights = list(dict.fromkeys(data.rights))
    notes = (data.notes or "").strip()
    errors: Errors = {}
    check_day(errors, "given_on", data.given_on)
    for right in rights:
        if right not in RightExplained.values:
            add(errors, "rights", _("%(value)s is not a right of the list.") % {"value": right})
    if not data.assistance and not rights:
        add(errors, "rights", _("Tick the legal assistance given or at least one right explained."))
    check_text(errors, "notes", notes)
    raise_if(errors)
    assert data.given_on is not None  # noqa: S101
    entry = LegalAssistance.objects.create(
        participant=participant,
        given_on=data.given_on,
        agency=actor.agency,
        given_by=actor.user,
        assistance=data.assistance,
        rights_explained=rights,
        notes=notes,
    )
    record(
        "justice.legal_assistance_recorded",
        actor=actor,
        obj=entry,
        purpose="legal assistance to a victim",
        data={
            "participant": participant.pk,
            "given_on": data.given_on.isoformat(),
            "assistance": data.assistance,
            "rights": rights,
        },
    )
    return entry

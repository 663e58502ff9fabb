"""Organisations involved in trafficking (Art. 29-30; Council of Ministers Regulation No. 427).

Each step of the lifecycle is dated, names its document and stores the legal basis it rests on.
A step whose previous step is missing is refused with a message naming that step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.registries.models import (
    DOCUMENT_LENGTH,
    NAME_LENGTH,
    NUMBER_LENGTH,
    InvolvedOrganisation,
    OrganisationStep,
)
from palermo.registries.rules import basis, organisation_procedure, rules
from palermo.registries.services.common import (
    Errors,
    clean_block,
    clean_line,
    require_manager,
    save_new,
)
from palermo.registries.vocab import (
    OrganisationKind,
    OrganisationStage,
    OrganisationStepKind,
)

# The stage an organisation reaches with each step (the office ban changes no stage).
STAGE_AFTER_STEP: dict[str, str] = {
    OrganisationStepKind.COURT_REQUESTED: OrganisationStage.COURT_REQUESTED,
    OrganisationStepKind.RECOGNISED: OrganisationStage.RECOGNISED,
    OrganisationStepKind.REJECTED: OrganisationStage.REJECTED,
    OrganisationStepKind.LISTED: OrganisationStage.LISTED,
    OrganisationStepKind.LIQUIDATED: OrganisationStage.LIQUIDATED,
}
DATE_FIELD_OF_STEP: dict[str, str] = {
    OrganisationStepKind.SUSPENDED: "suspended_on",
    OrganisationStepKind.COURT_REQUESTED: "court_requested_on",
    OrganisationStepKind.RECOGNISED: "ruling_on",
    OrganisationStepKind.REJECTED: "ruling_on",
    OrganisationStepKind.LISTED: "listed_on",
    OrganisationStepKind.LIQUIDATED: "liquidated_on",
    OrganisationStepKind.OFFICE_BAN: "office_ban_on",
}


def step_basis_key(step: str) -> str:
    return rules().organisation_step_bases[step]


@dataclass
class OrganisationInput:
    name: str = ""
    registration_number: str = ""
    country: str = ""
    kind: str = ""
    suspended_on: date | None = None
    document_reference: str = ""
    note: str = ""

    def cleaned(self) -> OrganisationInput:
        self.name = clean_line(self.name)
        self.registration_number = clean_line(self.registration_number).replace(" ", "")
        self.country = clean_line(self.country).upper()
        self.document_reference = clean_line(self.document_reference)
        self.note = clean_block(self.note)
        return self


def validate_organisation(
    data: OrganisationInput, *, today: date | None = None
) -> dict[str, list[str]]:
    errors = Errors()
    errors.required_text("name", data.name, _("Enter the organisation's name."), NAME_LENGTH)
    if data.kind not in OrganisationKind.values:
        errors.add(
            "kind", _("Choose whether the organisation is domestic, foreign or international.")
        )
    errors.country("country", data.country, _("Choose the country of the organisation."))
    if data.kind == OrganisationKind.DOMESTIC:
        # A domestic organisation has a taxpayer number in the jurisdiction's format.
        errors.taxpayer_number("registration_number", data.registration_number)
    else:
        errors.optional_text("registration_number", data.registration_number, NUMBER_LENGTH)
    if (
        data.registration_number
        and InvolvedOrganisation.objects.filter(
            registration_number=data.registration_number
        ).exists()
    ):
        errors.add(
            "registration_number",
            _("An organisation with the registration number %(number)s is already recorded.")
            % {"number": data.registration_number},
        )
    errors.past_date(
        "suspended_on",
        data.suspended_on,
        _("Enter the date of the Prosecutor General's suspension."),
        today,
    )
    errors.required_text(
        "document_reference",
        data.document_reference,
        _("Enter the number and date of the Prosecutor General's decision."),
        DOCUMENT_LENGTH,
    )
    errors.optional_text("note", data.note, 5000)
    return errors.by_field


@transaction.atomic
def do_record_suspension(*, actor: Actor, data: OrganisationInput) -> InvolvedOrganisation:
    """First step: the Prosecutor General suspends the organisation's operation (Art. 29)."""
    require_manager(actor)
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_organisation(data)
    errors.raise_if_any()
    assert data.suspended_on is not None  # noqa: S101  (validated)
    organisation = InvolvedOrganisation(
        name=data.name,
        registration_number=data.registration_number,
        country=data.country,
        kind=data.kind,
        stage=OrganisationStage.SUSPENDED,
        suspended_on=data.suspended_on,
        created_by=actor.user,
    )
    save_new(
        organisation,
        field="registration_number",
        message=_("An organisation with the registration number %(number)s is already recorded.")
        % {"number": data.registration_number},
    )
    key = step_basis_key(OrganisationStepKind.SUSPENDED)
    OrganisationStep.objects.create(
        organisation=organisation,
        step=OrganisationStepKind.SUSPENDED,
        occurred_on=data.suspended_on,
        document_reference=data.document_reference,
        legal_basis_key=key,
        legal_basis=basis(key).citation,
        note=data.note,
        recorded_by=actor.user,
    )
    record(
        "registries.organisation_suspended",
        actor=actor,
        obj=organisation,
        purpose="organisations list",
        data={
            "step": OrganisationStepKind.SUSPENDED,
            "date": data.suspended_on.isoformat(),
            "document": data.document_reference,
            "legal_basis": basis(key).citation,
        },
    )
    return organisation


@dataclass
class StepInput:
    step: str = ""
    occurred_on: date | None = None
    document_reference: str = ""
    note: str = ""
    confiscated_amount: Decimal | None = None
    confiscated_currency: str = ""

    def cleaned(self) -> StepInput:
        self.document_reference = clean_line(self.document_reference)
        self.note = clean_block(self.note)
        self.confiscated_currency = clean_line(self.confiscated_currency).upper()
        return self


def _previous_step_message(step: str) -> str:
    required = organisation_procedure()[step].first
    return _("Record the step “%(required)s” first: “%(step)s” follows it.") % {
        "required": OrganisationStepKind(required).label,
        "step": OrganisationStepKind(step).label,
    }


def _last_step_date(organisation: InvolvedOrganisation) -> date:
    dates = [
        getattr(organisation, name)
        for name in DATE_FIELD_OF_STEP.values()
        if getattr(organisation, name) is not None
    ]
    return max(dates)


def validate_step(
    organisation: InvolvedOrganisation, data: StepInput, *, today: date | None = None
) -> dict[str, list[str]]:
    errors = Errors()
    procedure = organisation_procedure()
    if data.step not in procedure:
        errors.add("step", _("Choose the step to record."))
        return errors.by_field
    step = data.step
    allowed = procedure[step].after
    if step == OrganisationStepKind.OFFICE_BAN:
        if not organisation.is_foreign:
            errors.add(
                "step",
                _(
                    "The ban on opening offices applies to foreign and international organisations only."
                ),
            )
        elif organisation.office_ban_on is not None:
            errors.add("step", _("The ban on opening offices is already recorded."))
        elif organisation.stage not in allowed:
            errors.add("step", _previous_step_message(step))
    elif organisation.stage not in allowed:
        if organisation.stage == OrganisationStage.REJECTED:
            errors.add(
                "step",
                _("The Supreme Court rejected the request: no further step can follow."),
            )
        elif getattr(organisation, DATE_FIELD_OF_STEP[step]) is not None:
            errors.add(
                "step",
                _("The step “%(step)s” is already recorded.")
                % {"step": OrganisationStepKind(step).label},
            )
        else:
            errors.add("step", _previous_step_message(step))
    errors.past_date("occurred_on", data.occurred_on, _("Enter the date of this step."), today)
    if data.occurred_on and not errors.by_field.get("step"):
        last = _last_step_date(organisation)
        if step != OrganisationStepKind.OFFICE_BAN and data.occurred_on < last:
            errors.add(
                "occurred_on",
                _("This step cannot be dated before the previous one (%(date)s).")
                % {"date": last.isoformat()},
            )
        if (
            step == OrganisationStepKind.OFFICE_BAN
            and organisation.ruling_on
            and data.occurred_on < organisation.ruling_on
        ):
            errors.add("occurred_on", _("The ban cannot be dated before the ruling."))
    errors.required_text(
        "document_reference",
        data.document_reference,
        _("Enter the number and date of the document of this step."),
        DOCUMENT_LENGTH,
    )
    errors.optional_text("note", data.note, 5000)
    if step == OrganisationStepKind.LIQUIDATED:
        if data.confiscated_amount is not None:
            if data.confiscated_amount < 0:
                errors.add("confiscated_amount", _("The amount cannot be negative."))
            if len(data.confiscated_currency) != 3 or not data.confiscated_currency.isalpha():
                errors.add(
                    "confiscated_currency",
                    _("Enter the currency as a three-letter ISO 4217 code, e.g. BYN."),
                )
        elif data.confiscated_currency:
            errors.add("confiscated_amount", _("Enter the amount, or leave the currency empty."))
    elif data.confiscated_amount is not None or data.confiscated_currency:
        errors.add(
            "confiscated_amount",
            _("Confiscated property is recorded with the liquidation step only."),
        )
    return errors.by_field


@transaction.atomic
def do_record_organisation_step(
    *,
    actor: Actor,
    organisation: InvolvedOrganisation,
    data: StepInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> InvolvedOrganisation:
    """Records the next step of the lifecycle; refuses steps out of order."""
    require_manager(actor)
    data = data.cleaned()
    locked = InvolvedOrganisation.objects.select_for_update().get(pk=organisation.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else recorded a step of this organisation in the meantime. Reload it and try again."
            )
        )
    errors = Errors()
    errors.by_field = validate_step(locked, data, today=today)
    errors.raise_if_any()
    assert data.occurred_on is not None  # noqa: S101  (validated)
    key = step_basis_key(data.step)
    citation = basis(key).citation
    OrganisationStep.objects.create(
        organisation=locked,
        step=data.step,
        occurred_on=data.occurred_on,
        document_reference=data.document_reference,
        legal_basis_key=key,
        legal_basis=citation,
        note=data.note,
        recorded_by=actor.user,
    )
    setattr(locked, DATE_FIELD_OF_STEP[data.step], data.occurred_on)
    if data.step in STAGE_AFTER_STEP:
        locked.stage = STAGE_AFTER_STEP[data.step]
    if data.step == OrganisationStepKind.LIQUIDATED:
        locked.confiscated_amount = data.confiscated_amount
        locked.confiscated_currency = data.confiscated_currency
    locked.version += 1
    locked.save()
    audit_data: dict[str, object] = {
        "step": data.step,
        "date": data.occurred_on.isoformat(),
        "document": data.document_reference,
        "legal_basis": citation,
    }
    if data.confiscated_amount is not None:
        audit_data["confiscated"] = f"{data.confiscated_amount} {data.confiscated_currency}"
    record(
        "registries.organisation_step_recorded",
        actor=actor,
        obj=locked,
        purpose="organisations list",
        data=audit_data,
    )
    return locked


@dataclass(frozen=True)
class PublishedOrganisation:
    """What Regulation No. 427 publishes about an organisation involved in trafficking."""

    name: str
    registration_number: str
    country: str
    ruling_on: date
    listed_on: date


def published_queryset() -> QuerySet[InvolvedOrganisation]:
    return InvolvedOrganisation.objects.filter(
        stage__in=[OrganisationStage.LISTED, OrganisationStage.LIQUIDATED],
        ruling_on__isnull=False,
        listed_on__isnull=False,
        steps__step=OrganisationStepKind.RECOGNISED,
    )


def published_organisations() -> list[PublishedOrganisation]:
    """Only organisations the Supreme Court recognised AND that were included in the list."""
    result = []
    for org in published_queryset().order_by("name", "id"):
        result.append(
            PublishedOrganisation(
                name=org.name,
                registration_number=org.registration_number,
                country=str(org.country),
                ruling_on=org.ruling_on,  # type: ignore[arg-type]
                listed_on=org.listed_on,  # type: ignore[arg-type]
            )
        )
    return result

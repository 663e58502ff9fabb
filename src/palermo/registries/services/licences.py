"""Licences for placing citizens in jobs abroad and for marriage agencies (Art. 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.registries.models import (
    DOCUMENT_LENGTH,
    NAME_LENGTH,
    NUMBER_LENGTH,
    Licence,
    LicenceStatusChange,
)
from palermo.registries.rules import basis, rules
from palermo.registries.services.common import (
    Errors,
    clean_block,
    clean_line,
    require_manager,
    save_new,
)
from palermo.registries.vocab import LICENCE_TRANSITIONS, HolderType, LicenceKind, LicenceStatus

LICENCE_FIELDS = (
    "kind", "number", "holder_name", "holder_type", "taxpayer_number",
    "issued_on", "valid_from", "valid_until",
)  # fmt: skip


@dataclass
class LicenceInput:
    kind: str = ""
    number: str = ""
    holder_name: str = ""
    holder_type: str = ""
    taxpayer_number: str = ""
    issued_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def cleaned(self) -> LicenceInput:
        self.number = clean_line(self.number).upper()
        self.holder_name = clean_line(self.holder_name)
        self.taxpayer_number = clean_line(self.taxpayer_number).replace(" ", "")
        return self


def validate_licence(
    data: LicenceInput,
    *,
    existing: Licence | None = None,
    today: date | None = None,
    check_clash: bool = True,
) -> dict[str, list[str]]:
    """Field errors of ``data``. ``check_clash=False``: the caller looks for numbers already
    registered itself, for many licences in one query (an import)."""
    errors = Errors()
    if data.kind not in LicenceKind.values:
        errors.add("kind", _("Choose the kind of licensed activity."))
    # Lazy: these messages are built for every row of an import, and almost never shown.
    errors.required_text(
        "number", data.number, cast(str, gettext_lazy("Enter the licence number.")), NUMBER_LENGTH
    )
    errors.required_text(
        "holder_name",
        data.holder_name,
        cast(str, gettext_lazy("Enter the name of the licence holder.")),
        NAME_LENGTH,
    )
    if data.holder_type not in HolderType.values:
        errors.add("holder_type", _("Choose a legal person or an individual entrepreneur."))
    errors.taxpayer_number("taxpayer_number", data.taxpayer_number)
    errors.past_date(
        "issued_on",
        data.issued_on,
        cast(str, gettext_lazy("Enter the date the licence was issued.")),
        today,
    )
    if data.valid_from is None:
        errors.add("valid_from", _("Enter the date from which the licence is valid."))
    elif data.issued_on and data.valid_from < data.issued_on:
        errors.add("valid_from", _("A licence cannot be valid before it was issued."))
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        errors.add("valid_until", _("The validity cannot end before it begins."))
    if check_clash and data.kind in LicenceKind.values and data.number:
        clash = Licence.objects.filter(kind=data.kind, number=data.number)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            errors.add(
                "number",
                _("A licence of this kind with the number %(number)s is already registered.")
                % {"number": data.number},
            )
    return errors.by_field


@transaction.atomic
def do_register_licence(*, actor: Actor, data: LicenceInput) -> Licence:
    require_manager(actor)
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_licence(data)
    errors.raise_if_any()
    licence = Licence(
        status=LicenceStatus.ACTIVE,
        legal_basis=basis(rules().licence_basis).citation,
        created_by=actor.user,
    )
    for name in LICENCE_FIELDS:
        setattr(licence, name, getattr(data, name))
    save_new(
        licence,
        field="number",
        message=_("A licence of this kind with the number %(number)s is already registered.")
        % {"number": licence.number},
    )
    record(
        "registries.licence_registered",
        actor=actor,
        obj=licence,
        purpose="licence registry",
        data={
            "kind": licence.kind,
            "number": licence.number,
            "taxpayer_number": licence.taxpayer_number,
        },
    )
    return licence


class RowsInvalid(ValidationError):
    """Field errors of some rows of a bulk registration: ``by_row[index][field]``."""

    def __init__(self, by_row: dict[int, dict[str, list[str]]]) -> None:
        self.by_row = by_row
        first = by_row[min(by_row)]
        super().__init__(first)


def validate_licence_rows(rows: list[LicenceInput]) -> dict[int, dict[str, list[str]]]:
    """The field errors of each row (by index) of a bulk registration, without the database
    (numbers already registered are looked up for all rows at once by the caller)."""
    found: dict[int, dict[str, list[str]]] = {}
    for index, row in enumerate(rows):
        problems = validate_licence(row.cleaned(), check_clash=False)
        if problems:
            found[index] = problems
    return found


@transaction.atomic
def do_import_licences(*, actor: Actor, rows: list[LicenceInput]) -> list[Licence]:
    """Registers many licences at once (a file import): every row validated, the numbers already
    registered looked up in one query, the licences inserted in bulk and one audit event naming
    them. All or nothing: any bad row raises ValidationError and nothing is saved."""
    require_manager(actor)
    rows = [row.cleaned() for row in rows]
    problems = validate_licence_rows(rows)
    if problems:
        raise RowsInvalid(problems)
    taken = set(
        Licence.objects.filter(number__in={row.number for row in rows}).values_list(
            "kind", "number"
        )
    )
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.kind, row.number)
        if key in taken or key in seen:
            raise ValidationError(
                {
                    "number": [
                        _(
                            "A licence of this kind with the number %(number)s is already registered."
                        )
                        % {"number": row.number}
                    ]
                }
            )
        seen.add(key)
    legal_basis = basis(rules().licence_basis).citation
    licences = []
    for row in rows:
        licence = Licence(
            status=LicenceStatus.ACTIVE, legal_basis=legal_basis, created_by=actor.user
        )
        for name in LICENCE_FIELDS:
            setattr(licence, name, getattr(row, name))
        licence.set_name_key()
        licences.append(licence)
    try:
        with transaction.atomic():
            created = Licence.objects.bulk_create(licences)
    except IntegrityError:
        # A number registered by a concurrent transaction after the look-up above: name it.
        clash = (
            Licence.objects.filter(number__in={row.number for row in rows})
            .values_list("number", flat=True)
            .first()
        )
        raise ValidationError(
            {
                "number": [
                    _("A licence of this kind with the number %(number)s is already registered.")
                    % {"number": clash or ""}
                ]
            }
        ) from None
    record(
        "registries.import_completed",
        actor=actor,
        object_type="registries.licences",
        purpose="bulk import",
        data={
            "registry": "licences",
            "created": len(created),
            "rows": len(rows),
            "keys": [[licence.kind, licence.number] for licence in created],
        },
    )
    return created


@transaction.atomic
def do_update_licence(
    *, actor: Actor, licence: Licence, expected_version: int, data: LicenceInput
) -> Licence:
    """Corrects a licence's details. Refuses (ConflictError) if someone saved in between."""
    require_manager(actor)
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_licence(data, existing=licence)
    errors.raise_if_any()
    locked = Licence.objects.select_for_update().get(pk=licence.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _(
                "Someone else saved this licence while you were editing it. Reload it and apply your changes again."
            )
        )
    changed = [n for n in LICENCE_FIELDS if getattr(locked, n) != getattr(data, n)]
    if changed:
        for name in changed:
            setattr(locked, name, getattr(data, name))
        locked.version += 1
        locked.save()
        record(
            "registries.licence_updated",
            actor=actor,
            obj=locked,
            purpose="licence registry",
            data={"fields": changed},
        )
    return locked


@transaction.atomic
def do_change_licence_status(
    *,
    actor: Actor,
    licence: Licence,
    expected_version: int,
    to_status: str,
    decided_on: date | None,
    document_reference: str,
    reason: str = "",
    today: date | None = None,
) -> Licence:
    """Suspends, resumes or revokes a licence; the decision's document is required."""
    require_manager(actor)
    document_reference = clean_line(document_reference)
    reason = clean_block(reason)
    locked = Licence.objects.select_for_update().get(pk=licence.pk)
    errors = Errors()
    if to_status not in LicenceStatus.values:
        errors.add("to_status", _("Choose the new status."))
    elif to_status not in LICENCE_TRANSITIONS[locked.status]:
        if locked.status == LicenceStatus.REVOKED:
            errors.add("to_status", _("A revoked licence cannot change its status."))
        else:
            errors.add(
                "to_status",
                _("A licence that is %(current)s cannot become %(new)s.")
                % {
                    "current": LicenceStatus(locked.status).label,
                    "new": LicenceStatus(to_status).label,
                },
            )
    errors.past_date("decided_on", decided_on, _("Enter the date of the decision."), today)
    if decided_on and decided_on < locked.issued_on:
        errors.add("decided_on", _("The decision cannot be dated before the licence was issued."))
    errors.required_text(
        "document_reference",
        document_reference,
        _("Enter the number and date of the document that decided this."),
        DOCUMENT_LENGTH,
    )
    errors.optional_text("reason", reason, 5000)
    errors.raise_if_any()
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this licence in the meantime. Reload it and try again.")
        )
    assert decided_on is not None  # noqa: S101  (checked above; for the type checker)
    change = LicenceStatusChange.objects.create(
        licence=locked,
        from_status=locked.status,
        to_status=to_status,
        decided_on=decided_on,
        document_reference=document_reference,
        reason=reason,
        legal_basis=basis(rules().licence_basis).citation,
        recorded_by=actor.user,
    )
    locked.status = to_status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    record(
        "registries.licence_status_changed",
        actor=actor,
        obj=locked,
        purpose="licence registry",
        data={
            "from": change.from_status,
            "to": change.to_status,
            "decided_on": decided_on.isoformat(),
            "document": document_reference,
        },
    )
    return locked


@dataclass(frozen=True)
class PublishedLicence:
    """What the Ministry publishes about an employment-abroad licence (Art. 16 p.3)."""

    holder_name: str
    taxpayer_number: str
    number: str
    kind: str
    valid_from: date
    valid_until: date | None
    status: str  # active, suspended, revoked or expired


def published_licences(*, today: date | None = None) -> list[PublishedLicence]:
    """Every employment-abroad licence, with only the fields that may be published."""
    today = today or timezone.localdate()
    return [
        PublishedLicence(
            holder_name=lic.holder_name,
            taxpayer_number=lic.taxpayer_number,
            number=lic.number,
            kind=lic.kind,
            valid_from=lic.valid_from,
            valid_until=lic.valid_until,
            status=lic.effective_status(today),
        )
        for lic in Licence.objects.filter(kind=LicenceKind.EMPLOYMENT_ABROAD).order_by(
            "holder_name", "number"
        )
    ]

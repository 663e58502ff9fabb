"""Students sent abroad during the academic year (Art. 17 p.2-3): the sending organisation's
notice, with the head's written permission (required) and when the citizenship and migration
authorities were informed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.registries.models import NAME_LENGTH, NUMBER_LENGTH, StudentNotice
from palermo.registries.rules import basis, rules
from palermo.registries.services.common import Errors, clean_line, require_manager, save_new
from palermo.registries.vocab import TravelPurpose

NOTICE_FIELDS = (
    "notice_number", "sender_name", "sender_taxpayer_number", "institution_name",
    "family_name", "given_name", "patronymic", "date_of_birth", "destination_country",
    "purpose", "departs_on", "returns_on", "permission_date", "permission_number",
    "migration_informed_on",
)  # fmt: skip


@dataclass
class StudentNoticeInput:
    notice_number: str = ""
    sender_name: str = ""
    sender_taxpayer_number: str = ""
    institution_name: str = ""
    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    date_of_birth: date | None = None
    destination_country: str = ""
    purpose: str = ""
    departs_on: date | None = None
    returns_on: date | None = None
    permission_date: date | None = None
    permission_number: str = ""
    migration_informed_on: date | None = None

    def cleaned(self) -> StudentNoticeInput:
        for name in (
            "notice_number", "sender_name", "institution_name", "family_name", "given_name",
            "patronymic", "permission_number",
        ):  # fmt: skip
            setattr(self, name, clean_line(getattr(self, name)))
        self.sender_taxpayer_number = clean_line(self.sender_taxpayer_number).replace(" ", "")
        self.destination_country = clean_line(self.destination_country).upper()
        return self


def validate_student_notice(
    data: StudentNoticeInput, *, today: date | None = None
) -> dict[str, list[str]]:
    errors = Errors()
    errors.required_text(
        "notice_number", data.notice_number, _("Enter the number of the notice."), NUMBER_LENGTH
    )
    errors.required_text(
        "sender_name", data.sender_name, _("Enter the sending organisation."), NAME_LENGTH
    )
    errors.taxpayer_number("sender_taxpayer_number", data.sender_taxpayer_number)
    errors.required_text(
        "institution_name",
        data.institution_name,
        _("Enter the educational institution where the student studies."),
        NAME_LENGTH,
    )
    errors.required_text("family_name", data.family_name, _("Enter the family name."), 200)
    errors.optional_text("given_name", data.given_name, 200)
    errors.optional_text("patronymic", data.patronymic, 200)
    errors.past_date("date_of_birth", data.date_of_birth, None, today)
    errors.country(
        "destination_country", data.destination_country, _("Choose the destination country.")
    )
    if data.purpose not in TravelPurpose.values:
        errors.add("purpose", _("Choose the purpose of the travel."))
    if data.departs_on is None:
        errors.add("departs_on", _("Enter the departure date."))
    if data.returns_on is None:
        errors.add("returns_on", _("Enter the return date."))
    elif data.departs_on and data.returns_on < data.departs_on:
        errors.add("returns_on", _("The return cannot be before the departure."))
    # Art. 17 p.2: no travel without the head's written permission.
    errors.past_date(
        "permission_date",
        data.permission_date,
        _(
            "Enter the date of the head's written permission: the student may not travel without it."
        ),
        today,
    )
    if data.permission_date and data.departs_on and data.permission_date > data.departs_on:
        errors.add("permission_date", _("The permission must be given before the departure."))
    errors.required_text(
        "permission_number",
        data.permission_number,
        _("Enter the number of the head's written permission."),
        NUMBER_LENGTH,
    )
    errors.past_date("migration_informed_on", data.migration_informed_on, None, today)
    if (
        data.notice_number
        and data.sender_taxpayer_number
        and StudentNotice.objects.filter(
            sender_taxpayer_number=data.sender_taxpayer_number, notice_number=data.notice_number
        ).exists()
    ):
        errors.add(
            "notice_number",
            _("This organisation's notice %(number)s is already registered.")
            % {"number": data.notice_number},
        )
    return errors.by_field


@transaction.atomic
def do_register_student_notice(*, actor: Actor, data: StudentNoticeInput) -> StudentNotice:
    require_manager(actor)
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_student_notice(data)
    errors.raise_if_any()
    notice = StudentNotice(legal_basis=basis(rules().student_basis).citation, created_by=actor.user)
    for name in NOTICE_FIELDS:
        setattr(notice, name, getattr(data, name))
    save_new(
        notice,
        field="notice_number",
        message=_("This organisation's notice %(number)s is already registered.")
        % {"number": notice.notice_number},
    )
    record(
        "registries.student_notice_registered",
        actor=actor,
        obj=notice,
        purpose="student travel notices",
        data={
            "notice_number": notice.notice_number,
            "sender_taxpayer_number": notice.sender_taxpayer_number,
            "destination_country": str(notice.destination_country),
            "purpose": notice.purpose,
        },
    )
    return notice


@transaction.atomic
def do_record_migration_informed(
    *,
    actor: Actor,
    notice: StudentNotice,
    informed_on: date | None,
    expected_version: int,
    today: date | None = None,
) -> StudentNotice:
    """Records the date the citizenship and migration authorities were informed."""
    require_manager(actor)
    errors = Errors()
    errors.past_date(
        "migration_informed_on",
        informed_on,
        _("Enter the date the citizenship and migration authorities were informed."),
        today,
    )
    errors.raise_if_any()
    locked = StudentNotice.objects.select_for_update().get(pk=notice.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("Someone else changed this notice in the meantime. Reload it and try again.")
        )
    locked.migration_informed_on = informed_on
    locked.version += 1
    locked.save(update_fields=["migration_informed_on", "version", "updated_at"])
    record(
        "registries.student_notice_migration_informed",
        actor=actor,
        obj=locked,
        purpose="student travel notices",
        data={"informed_on": informed_on.isoformat() if informed_on else None},
    )
    return locked

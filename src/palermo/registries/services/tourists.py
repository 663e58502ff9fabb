"""Reports of tourists who did not return from an organised group tour (Art. 15 p.3).

A tourist agency reports within the pack's deadline ``tourist_non_return_report`` (Belarus: 5
working days after the group's return). A late report is kept and marked late by the number of
working days. A CT officer can open an at-risk case for a reported person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, do_register_case
from palermo.cases.vocab import ExploitationForm, IdentificationMethod
from palermo.core.audit import record
from palermo.core.datakeys import give_data_keys
from palermo.jurisdictions.calendar import (
    DeadlineShift,
    WorkingCalendar,
    current_calendar,
    recompute_window_start,
)
from palermo.jurisdictions.pack import get_pack
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender
from palermo.registries.access import access_reported_tourist
from palermo.registries.models import NAME_LENGTH, NUMBER_LENGTH, ReportedTourist, TouristReport
from palermo.registries.rules import rules
from palermo.registries.services.common import Errors, clean_line, require_manager, save_new

REPORT_FIELDS = (
    "report_number", "agency_name", "agency_taxpayer_number", "agency_licence_number",
    "region", "destination_country", "departed_on", "returned_on", "reported_on",
)  # fmt: skip
MAX_TOURISTS = 500


@dataclass
class TouristInput:
    family_name: str = ""
    given_name: str = ""
    patronymic: str = ""
    date_of_birth: date | None = None
    gender: str = Gender.UNKNOWN
    citizenship: str = ""

    def cleaned(self) -> TouristInput:
        self.family_name = clean_line(self.family_name)
        self.given_name = clean_line(self.given_name)
        self.patronymic = clean_line(self.patronymic)
        self.citizenship = (clean_line(self.citizenship) or get_pack().country).upper()
        return self


@dataclass
class TouristReportInput:
    report_number: str = ""
    agency_name: str = ""
    agency_taxpayer_number: str = ""
    agency_licence_number: str = ""
    region: str = ""
    destination_country: str = ""
    departed_on: date | None = None
    returned_on: date | None = None
    reported_on: date | None = None
    tourists: list[TouristInput] = field(default_factory=list)

    def cleaned(self) -> TouristReportInput:
        self.report_number = clean_line(self.report_number)
        self.agency_name = clean_line(self.agency_name)
        self.agency_taxpayer_number = clean_line(self.agency_taxpayer_number).replace(" ", "")
        self.agency_licence_number = clean_line(self.agency_licence_number).upper()
        self.destination_country = clean_line(self.destination_country).upper()
        self.tourists = [t.cleaned() for t in self.tourists]
        return self


@dataclass(frozen=True)
class Timeliness:
    due_on: date
    late_by_working_days: int  # 0: on time


def timeliness(returned_on: date, reported_on: date) -> Timeliness:
    """When the report was due and how many working days late it came (pack deadline)."""
    return timeliness_in(current_calendar(), returned_on, reported_on)


def timeliness_in(calendar: WorkingCalendar, returned_on: date, reported_on: date) -> Timeliness:
    """:func:`timeliness` in a given calendar (before and after a recorded transfer)."""
    days = get_pack().deadline(rules().tourist_deadline).working_days
    due = calendar.add_working_days(returned_on, days)
    late = 0
    if reported_on > due:
        # A report on the weekend after the due Friday is late too: at least one day.
        late = max(1, calendar.working_days_between(due, reported_on))
    return Timeliness(due_on=due, late_by_working_days=late)


def deadline_citation() -> str:
    return get_pack().deadline(rules().tourist_deadline).legal_basis.citation


def validate_tourist_report(
    data: TouristReportInput, *, today: date | None = None
) -> dict[str, list[str]]:
    errors = Errors()
    errors.required_text(
        "report_number",
        data.report_number,
        _("Enter the number of the agency's report."),
        NUMBER_LENGTH,
    )
    errors.required_text(
        "agency_name", data.agency_name, _("Enter the name of the tourist agency."), NAME_LENGTH
    )
    errors.taxpayer_number("agency_taxpayer_number", data.agency_taxpayer_number)
    errors.optional_text("agency_licence_number", data.agency_licence_number, NUMBER_LENGTH)
    if data.region not in {r.code for r in get_pack().regions}:
        errors.add("region", _("Choose a region of this jurisdiction."))
    errors.country(
        "destination_country", data.destination_country, _("Choose the country of the tour.")
    )
    errors.past_date("departed_on", data.departed_on, _("Enter the group's departure date."), today)
    errors.past_date("returned_on", data.returned_on, _("Enter the group's return date."), today)
    if data.departed_on and data.returned_on and data.returned_on < data.departed_on:
        errors.add("returned_on", _("The group cannot return before it departed."))
    errors.past_date("reported_on", data.reported_on, _("Enter the date of the report."), today)
    if data.returned_on and data.reported_on and data.reported_on < data.returned_on:
        errors.add(
            "reported_on",
            _("The report is about the group's return: it cannot be dated before it."),
        )
    if not data.tourists:
        errors.add("tourists", _("Name at least one person who did not return."))
    elif len(data.tourists) > MAX_TOURISTS:
        errors.add("tourists", _("A report can name at most %(n)d persons.") % {"n": MAX_TOURISTS})
    for index, tourist in enumerate(data.tourists):
        prefix = f"tourists.{index}."
        errors.required_text(
            prefix + "family_name", tourist.family_name, _("Enter the family name."), 200
        )
        errors.optional_text(prefix + "given_name", tourist.given_name, 200)
        errors.optional_text(prefix + "patronymic", tourist.patronymic, 200)
        if tourist.date_of_birth and data.departed_on and tourist.date_of_birth > data.departed_on:
            errors.add(prefix + "date_of_birth", _("The date of birth is after the departure."))
        elif tourist.date_of_birth and tourist.date_of_birth.year < 1900:
            errors.add(
                prefix + "date_of_birth", _("The date of birth is before 1900; check the year.")
            )
        if tourist.gender not in Gender.values:
            errors.add(prefix + "gender", _("Choose the sex / gender, or Unknown."))
        errors.country(prefix + "citizenship", tourist.citizenship, _("Choose the citizenship."))
    if (
        data.report_number
        and data.agency_taxpayer_number
        and TouristReport.objects.filter(
            agency_taxpayer_number=data.agency_taxpayer_number, report_number=data.report_number
        ).exists()
    ):
        errors.add(
            "report_number",
            _("This agency's report %(number)s is already registered.")
            % {"number": data.report_number},
        )
    return errors.by_field


@transaction.atomic
def do_register_tourist_report(*, actor: Actor, data: TouristReportInput) -> TouristReport:
    require_manager(actor)
    data = data.cleaned()
    errors = Errors()
    errors.by_field = validate_tourist_report(data)
    errors.raise_if_any()
    assert data.returned_on is not None and data.reported_on is not None  # noqa: S101
    when = timeliness(data.returned_on, data.reported_on)
    report = TouristReport(
        due_on=when.due_on,
        late_by_working_days=when.late_by_working_days,
        legal_basis=deadline_citation(),
        created_by=actor.user,
    )
    for name in REPORT_FIELDS:
        setattr(report, name, getattr(data, name))
    save_new(
        report,
        field="report_number",
        message=_("This agency's report %(number)s is already registered.")
        % {"number": report.report_number},
    )
    tourists = [
        ReportedTourist(
            report=report,
            family_name=t.family_name,
            given_name=t.given_name,
            patronymic=t.patronymic,
            date_of_birth=t.date_of_birth,  # type: ignore[misc]
            gender=t.gender,
            citizenship=t.citizenship,
        )
        for t in data.tourists
    ]
    give_data_keys(tourists)  # a bulk insert does not go through save()
    ReportedTourist.objects.bulk_create(tourists)
    record(
        "registries.tourist_report_registered",
        actor=actor,
        obj=report,
        purpose="tourist non-return reports",
        data={
            "report_number": report.report_number,
            "agency_taxpayer_number": report.agency_taxpayer_number,
            "persons": len(data.tourists),
            "destination_country": str(report.destination_country),
            "due_on": when.due_on.isoformat(),
            "late_by_working_days": when.late_by_working_days,
        },
    )
    return report


def can_open_case(actor: Actor) -> bool:
    return actor.can(Cap.CASE_REGISTER) and actor.agency is not None


@transaction.atomic
def do_open_case_for_tourist(
    *,
    actor: Actor,
    tourist: ReportedTourist,
    region: str = "",
    exploitation_forms: list[str] | None = None,
    identified_on: date | None = None,
) -> Case:
    """Registers an at-risk case (a presumed victim) from a reported person and links it.

    The case is registered by the cases app's own service (it writes its own audit event);
    this service writes the link event.
    """
    if not can_open_case(actor):
        raise ValidationError(_("Your role cannot register cases."))
    # Re-check the scope and lock the row: two officers cannot open two cases for one person.
    access_reported_tourist(actor, tourist.pk)
    locked = ReportedTourist.objects.select_for_update().select_related("report").get(pk=tourist.pk)
    if locked.case_id is not None:
        raise ValidationError({"case": [_("A case was already opened for this person.")]})
    report = locked.report
    person = PersonInput(
        family_name=locked.family_name,
        given_name=locked.given_name,
        patronymic=locked.patronymic,
        date_of_birth=locked.date_of_birth,  # type: ignore[arg-type]
        gender=locked.gender or Gender.UNKNOWN,
        citizenship_status=CitizenshipStatus.CITIZEN,
        citizenship=str(locked.citizenship),
    )
    case = do_register_case(
        actor=actor,
        person=person,
        case=CaseInput(
            identification_method=IdentificationMethod.OTHER,
            region=region or report.region,
            country_of_exploitation=str(report.destination_country),
            identified_on=identified_on or timezone.localdate(),
            exploitation_forms=exploitation_forms or [ExploitationForm.OTHER],
            narrative=_(
                "At risk: reported by the tourist agency %(agency)s (report %(number)s of "
                "%(date)s) as not returned from an organised tour to %(country)s."
            )
            % {
                "agency": report.agency_name,
                "number": report.report_number,
                "date": report.reported_on.isoformat(),
                "country": countries.name(str(report.destination_country)),
            },
        ),
    )
    locked.case = case
    locked.save(update_fields=["case"])
    record(
        "registries.tourist_case_opened",
        actor=actor,
        obj=locked,
        purpose="at-risk case from a tourist non-return report",
        data={"report": report.pk, "case": case.reference},
    )
    return case


def recompute_tourist_deadlines(
    before: WorkingCalendar, after: WorkingCalendar, first: date, last: date
) -> list[DeadlineShift]:
    """Due dates and lateness of reports whose deadline a transfer of working days moved.

    Called inside the transfer's service (its one audit event counts the reports moved).
    """
    del before  # the stored due date is the "before"
    days = get_pack().deadline(rules().tourist_deadline).working_days
    shifts: list[DeadlineShift] = []
    reports = TouristReport.objects.select_for_update().filter(
        returned_on__gte=recompute_window_start(first, days), returned_on__lte=last
    )
    for report in reports.order_by("pk"):
        new = timeliness_in(after, report.returned_on, report.reported_on)
        if (new.due_on, new.late_by_working_days) == (report.due_on, report.late_by_working_days):
            continue
        note = ""
        if report.late_by_working_days and not new.late_by_working_days:
            note = "no_longer_late"
        elif new.late_by_working_days and not report.late_by_working_days:
            note = "now_late"
        shifts.append(
            DeadlineShift(
                object_type="registries.touristreport", object_id=report.pk,
                label=report.report_number, old_due=report.due_on, new_due=new.due_on, note=note,
            )
        )  # fmt: skip
        report.due_on = new.due_on
        report.late_by_working_days = new.late_by_working_days
        report.save(update_fields=["due_on", "late_by_working_days", "updated_at"])
    return shifts

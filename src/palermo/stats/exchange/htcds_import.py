"""Importing an NGO's HTCDS file (CSV or XLSX) as persons, cases and services of its agency.

One row per case and service: the first row of a partner's case (``cas_Id``) carries the person
(prs_), the victim context (vic_) and the case (cas_); further rows with the same ``cas_Id`` add
services (spl_) and must leave the other columns empty or equal. Every row goes through the same
services as the forms (registration, the duplicate check, service delivery), inside one
transaction: if any row is wrong, nothing is written, and every bad row is reported with its line
number and column. A person who may already be known is flagged, never merged: the report lists
the matches the importing agency may see and "possibly known to agency X" for the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import CaseInput, do_register_case
from palermo.cases.vocab import ExploitationForm, IdentificationMethod
from palermo.people.services import PersonInput, do_check_duplicates
from palermo.people.vocab import HTCDS_GENDER, CitizenshipStatus, Gender
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.services import DeliveryInput, do_record_service_delivery
from palermo.registries.tabular import RowError, TableError, read_table

PERSON_COLUMNS = (
    "prs_FirstName", "prs_MiddleName", "prs_SecondName", "prs_FirstNameLatin",
    "prs_SecondNameLatin", "prs_Birthdate", "prs_Gender", "prs_Nationality",
)  # fmt: skip
CASE_COLUMNS = (
    "vic_TypeOfExploitation", "vic_CountryOfRecruitment", "vic_CountryOfExploitation",
    "cas_IdentificationDate", "cas_Region", "cas_IdentificationMethod",
)  # fmt: skip
SERVICE_COLUMNS = ("spl_Type", "spl_Date")
COLUMNS = ("cas_Id", *PERSON_COLUMNS, *CASE_COLUMNS, *SERVICE_COLUMNS)
REQUIRED = (
    "cas_Id",
    "prs_Gender",
    "vic_TypeOfExploitation",
    "cas_IdentificationDate",
    "cas_Region",
)
DATE_COLUMNS = ("prs_Birthdate", "cas_IdentificationDate", "spl_Date")
# Service field -> column, so a service's refusal names the file's column.
FIELD_COLUMNS = {
    "family_name": "prs_SecondName", "given_name": "prs_FirstName",
    "patronymic": "prs_MiddleName", "family_name_latin": "prs_SecondNameLatin",
    "given_name_latin": "prs_FirstNameLatin", "date_of_birth": "prs_Birthdate",
    "gender": "prs_Gender", "citizenship": "prs_Nationality",
    "citizenship_status": "prs_Nationality", "exploitation_forms": "vic_TypeOfExploitation",
    "country_of_recruitment": "vic_CountryOfRecruitment",
    "country_of_exploitation": "vic_CountryOfExploitation",
    "identified_on": "cas_IdentificationDate", "region": "cas_Region",
    "identification_method": "cas_IdentificationMethod", "service_type": "spl_Type",
    "delivered_on": "spl_Date",
}  # fmt: skip
# HTCDS TypeOfExploitation value names (and CTDC's) -> the form recorded here.
HTCDS_FORMS = {
    "sexualexploitation": ExploitationForm.SEXUAL_EXPLOITATION,
    "forcedlabour": ExploitationForm.FORCED_LABOUR,
    "forcedmarriage": ExploitationForm.FORCED_MARRIAGE,
    "organremoval": ExploitationForm.ORGAN_REMOVAL,
    "slaveryandpractices": ExploitationForm.SLAVE_LABOUR,
    "other": ExploitationForm.OTHER,
}
HTCDS_FORMS_NAMES = (
    "SexualExploitation", "ForcedLabour", "ForcedMarriage", "OrganRemoval", "SlaveryAndPractices",
    "Other",
)  # fmt: skip
_GENDERS = {v.lower(): k for k, v in HTCDS_GENDER.items()}
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")

Row = dict[str, Any]


@dataclass
class Flag:
    line: int
    case_reference: str
    visible: list[str]
    elsewhere: list[str]


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    persons: int = 0
    cases: int = 0
    services: int = 0
    case_map: dict[str, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(Exception):
    """Raised inside the import's transaction so that nothing is kept."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("import refused")
        self.result = result


def _canonical(header: list[str]) -> list[str]:
    # read_table lower-cases the header; the standard's names are matched without case.
    names = {c.lower(): c for c in COLUMNS}
    return [names.get(h, h) for h in header]


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    return date.fromisoformat(text)


def _parse(line: int, cells: dict[str, Any], errors: list[RowError]) -> Row:
    row: Row = {c: ("" if cells.get(c) is None else cells.get(c)) for c in COLUMNS}
    for name in COLUMNS:
        if isinstance(row[name], str):
            row[name] = row[name].strip()
    for name in DATE_COLUMNS:
        try:
            row[name] = _date(row[name])
        except ValueError:
            errors.append(
                RowError(
                    line,
                    name,
                    _("“%(value)s” is not a date: write YYYY-MM-DD or DD.MM.YYYY.")
                    % {"value": row[name]},
                )
            )
            row[name] = None
    return row


def _forms(text: str) -> list[str]:
    forms = []
    for part in re.split(r"[;,|]", text):
        value = part.strip()
        if not value:
            continue
        forms.append(HTCDS_FORMS.get(value.lower().replace(" ", ""), value.lower()))
    return forms


def _person(row: Row) -> PersonInput:
    gender = str(row["prs_Gender"])
    nationality = str(row["prs_Nationality"]).upper()
    return PersonInput(
        family_name=row["prs_SecondName"],
        given_name=row["prs_FirstName"],
        patronymic=row["prs_MiddleName"],
        family_name_latin=row["prs_SecondNameLatin"],
        given_name_latin=row["prs_FirstNameLatin"],
        date_of_birth=row["prs_Birthdate"],
        gender=_GENDERS.get(gender.lower(), gender.lower()),
        citizenship_status=CitizenshipStatus.CITIZEN if nationality else CitizenshipStatus.UNKNOWN,
        citizenship=nationality,
    )


def _case(row: Row) -> CaseInput:
    return CaseInput(
        identification_method=row["cas_IdentificationMethod"] or IdentificationMethod.OTHER,
        region=str(row["cas_Region"]).upper(),
        country_of_recruitment=str(row["vic_CountryOfRecruitment"]),
        country_of_exploitation=str(row["vic_CountryOfExploitation"]),
        identified_on=row["cas_IdentificationDate"],
        exploitation_forms=_forms(str(row["vic_TypeOfExploitation"])),
    )


def _service_code(text: str) -> str:
    """A catalogue code, or an HTCDS support type name ("SocialCare") for the built-in type."""
    catalogue = get_catalogue()
    if catalogue.get(text) is not None:
        return text
    for kind in catalogue.types:
        if kind.builtin and kind.htcds_name.lower() == text.lower():
            return kind.code
    return text


def _refusal(exc: ValidationError, line: int) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [
            RowError(line, FIELD_COLUMNS.get(name, ""), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(line, "", message) for message in exc.messages]


def read_rows(filename: str, content: bytes) -> tuple[list[tuple[int, Row]], list[RowError]]:
    """The file's rows, parsed, and every problem with its header and cells."""
    try:
        table = read_table(filename, content)
    except TableError as exc:
        return [], exc.errors
    header = _canonical(table.header)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            RowError(1, c, _("The file has no column “%(column)s”.") % {"column": c})
            for c in missing
        ]
    errors: list[RowError] = []
    rows = [
        (line, _parse(line, dict(zip(header, cells, strict=False)), errors))
        for line, cells in table.rows
    ]
    if not rows:
        errors.append(RowError(2, "", _("The file has a header but no rows.")))
    return rows, errors


def _check_continuation(line: int, row: Row, first: Row, errors: list[RowError]) -> None:
    for name in (*PERSON_COLUMNS, *CASE_COLUMNS):
        if row[name] not in ("", None) and row[name] != first[name]:
            errors.append(
                RowError(
                    line,
                    name,
                    _(
                        "This row continues case “%(case)s” (for a service) but gives a "
                        "different value; leave it empty or repeat the first row's value."
                    )
                    % {"case": row["cas_Id"]},
                )
            )


def import_rows(*, actor: Actor, rows: list[tuple[int, Row]], result: ImportResult) -> None:
    """Registers every case and service (the caller's transaction makes it all or nothing)."""
    firsts: dict[str, Row] = {}
    cases: dict[str, Case] = {}
    for line, row in rows:
        case_id = str(row["cas_Id"])
        if not case_id:
            result.errors.append(RowError(line, "cas_Id", _("Give the case's id in your system.")))
            continue
        if case_id in firsts:
            _check_continuation(line, row, firsts[case_id], result.errors)
        else:
            firsts[case_id] = row
            person = _person(row)
            try:
                matches = do_check_duplicates(actor=actor, data=person)
                case = do_register_case(actor=actor, person=person, case=_case(row))
            except ValidationError as exc:
                result.errors.extend(_refusal(exc, line))
                continue
            cases[case_id] = case
            result.persons += 1
            result.cases += 1
            result.case_map[case_id] = case.reference
            if matches.count:
                result.flags.append(
                    Flag(
                        line=line,
                        case_reference=case.reference,
                        visible=[r for m in matches.visible for r in m.case_references]
                        or [m.person.reference for m in matches.visible],
                        elsewhere=[hint.agency.name for hint in matches.elsewhere],
                    )
                )
        if row["spl_Type"] or row["spl_Date"]:
            served = cases.get(case_id)
            if served is None:
                continue  # the case's own row was refused and is reported
            try:
                do_record_service_delivery(
                    actor=actor,
                    case=served,
                    data=DeliveryInput(
                        service_type=_service_code(str(row["spl_Type"])),
                        delivered_on=row["spl_Date"],
                    ),
                )
            except ValidationError as exc:
                result.errors.extend(_refusal(exc, line))
                continue
            result.services += 1


def known_values() -> dict[str, list[str]]:
    """The values the file may use, for the import page."""
    return {
        "prs_Gender": [HTCDS_GENDER[Gender(g)] for g in Gender.values],
        "vic_TypeOfExploitation": sorted({*HTCDS_FORMS_NAMES, *ExploitationForm.values}),
        "cas_IdentificationMethod": list(IdentificationMethod.values),
    }

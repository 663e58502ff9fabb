"""Bulk import of each registry from CSV or XLSX: all or nothing per file.

Every bad row is reported with its line number and column (bad encoding, missing columns,
duplicate numbers within the file or with the database, bad dates, bad taxpayer numbers, and
every rule of the services). Rows are created through the same services as the forms, so an
import can break no rule a form keeps; if anything is wrong, nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.actions.refusals import WHOLE, Refusal
from palermo.core.audit import record
from palermo.registries.models import (
    Advert,
    InvolvedOrganisation,
    Licence,
    StudentNotice,
    TouristReport,
)
from palermo.registries.services import (
    AdvertInput,
    LicenceInput,
    OrganisationInput,
    RowsInvalid,
    StepInput,
    StudentNoticeInput,
    TouristInput,
    TouristReportInput,
    do_import_licences,
    do_record_organisation_step,
    do_record_suspension,
    do_register_advert,
    do_register_licence,
    do_register_student_notice,
    do_register_tourist_report,
    validate_licence_rows,
)
from palermo.registries.services.common import require_manager
from palermo.registries.tabular import RowError, TableError, read_table
from palermo.registries.vocab import OrganisationStepKind

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, decimal
    required: bool = True  # the column must be in the header (its cells may still be empty)


@dataclass
class ImportReport:
    registry: str
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _DMY.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date: write YYYY-MM-DD or DD.MM.YYYY.") % {"value": text}
        ) from None


def parse_decimal(value: object) -> Decimal | None:
    text = str(value).strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None


class Spec:
    """What one registry's file looks like and how its rows become service calls."""

    registry: str
    columns: tuple[Column, ...]
    key_columns: tuple[str, ...]
    # service field name -> column (for the services' error messages)
    field_columns: dict[str, str] = {}

    def key(self, row: Row) -> tuple[str, ...] | None:
        values = tuple(
            str(row.get(c) or "").strip().upper().replace(" ", "") for c in self.key_columns
        )
        return values if all(values) else None

    def existing(self, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        raise NotImplementedError

    def groups(self, rows: list[tuple[int, Row]]) -> list[list[tuple[int, Row]]]:
        return [[row] for row in rows]

    def create(self, actor: Actor, group: list[tuple[int, Row]]) -> list[RowError]:
        raise NotImplementedError

    # Registries whose rows are single entries may instead save them all in one bulk service
    # call (``create_all``, which checks every row), or only check them (``check_all``, when
    # other rows already failed and nothing will be saved).
    bulk = False

    def check_all(self, rows: list[tuple[int, Row]]) -> list[RowError]:
        raise NotImplementedError

    def create_all(self, actor: Actor, rows: list[tuple[int, Row]]) -> list[RowError]:
        raise NotImplementedError

    def column_of(self, name: str) -> str:
        return self.field_columns.get(name, name if name in {c.name for c in self.columns} else "")


def service_errors(
    exc: ValidationError, line: int, column_of: Callable[[str], str]
) -> list[RowError]:
    return [
        RowError(line, "" if name == WHOLE else column_of(name), message)
        for name, messages in Refusal.of(exc).by_field.items()
        for message in messages
    ]


def _text(row: Row, name: str) -> str:
    return str(row.get(name) or "")


# --- the registries ---------------------------------------------------------------------------


class LicenceSpec(Spec):
    registry = "licences"
    columns = (
        Column("kind"), Column("number"), Column("holder_name"), Column("holder_type"),
        Column("taxpayer_number"), Column("issued_on", "date"), Column("valid_from", "date"),
        Column("valid_until", "date", required=False),
    )  # fmt: skip
    key_columns = ("kind", "number")

    def existing(self, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        numbers = {k[1] for k in keys}
        found = Licence.objects.filter(number__in=numbers).values_list("kind", "number")
        return {(kind.upper(), number.upper()) for kind, number in found}

    bulk = True

    @staticmethod
    def data(row: Row) -> LicenceInput:
        return LicenceInput(
            kind=_text(row, "kind"), number=_text(row, "number"),
            holder_name=_text(row, "holder_name"), holder_type=_text(row, "holder_type"),
            taxpayer_number=_text(row, "taxpayer_number"), issued_on=row.get("issued_on"),
            valid_from=row.get("valid_from"), valid_until=row.get("valid_until"),
        )  # fmt: skip

    def create(self, actor: Actor, group: list[tuple[int, Row]]) -> list[RowError]:
        line, row = group[0]
        try:
            do_register_licence(actor=actor, data=self.data(row))
        except ValidationError as exc:
            return service_errors(exc, line, self.column_of)
        return []

    def check_all(self, rows: list[tuple[int, Row]]) -> list[RowError]:
        problems = validate_licence_rows([self.data(row) for _line, row in rows])
        return self._row_errors(rows, problems)

    def create_all(self, actor: Actor, rows: list[tuple[int, Row]]) -> list[RowError]:
        try:
            do_import_licences(actor=actor, rows=[self.data(row) for _line, row in rows])
        except RowsInvalid as exc:
            return self._row_errors(rows, exc.by_row)
        except ValidationError as exc:
            return service_errors(exc, rows[0][0], self.column_of)
        return []

    def _row_errors(
        self, rows: list[tuple[int, Row]], problems: dict[int, dict[str, list[str]]]
    ) -> list[RowError]:
        return [
            RowError(rows[index][0], self.column_of(name), message)
            for index, by_field in problems.items()
            for name, messages in by_field.items()
            for message in messages
        ]


ORG_STEP_COLUMNS = (
    # step, date column, document column
    (OrganisationStepKind.COURT_REQUESTED, "court_requested_on", "court_request_document"),
    ("ruling", "ruling_on", "ruling_document"),
    (OrganisationStepKind.LISTED, "listed_on", "listing_document"),
    (OrganisationStepKind.LIQUIDATED, "liquidated_on", "liquidation_document"),
    (OrganisationStepKind.OFFICE_BAN, "office_ban_on", "office_ban_document"),
)


class OrganisationSpec(Spec):
    registry = "organisations"
    columns = (
        Column("name"), Column("registration_number"), Column("country"), Column("kind"),
        Column("suspended_on", "date"), Column("suspension_document"),
        Column("court_requested_on", "date", False), Column("court_request_document", required=False),
        Column("ruling_on", "date", False), Column("ruling_outcome", required=False),
        Column("ruling_document", required=False),
        Column("listed_on", "date", False), Column("listing_document", required=False),
        Column("liquidated_on", "date", False), Column("liquidation_document", required=False),
        Column("confiscated_amount", "decimal", False), Column("confiscated_currency", required=False),
        Column("office_ban_on", "date", False), Column("office_ban_document", required=False),
        Column("note", required=False),
    )  # fmt: skip
    key_columns = ("registration_number",)
    field_columns = {"document_reference": "suspension_document"}

    def existing(self, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        numbers = {k[0] for k in keys}
        found = InvolvedOrganisation.objects.filter(registration_number__in=numbers)
        return {(n.upper(),) for n in found.values_list("registration_number", flat=True)}

    def create(self, actor: Actor, group: list[tuple[int, Row]]) -> list[RowError]:
        line, row = group[0]
        try:
            organisation = do_record_suspension(
                actor=actor,
                data=OrganisationInput(
                    name=_text(row, "name"), registration_number=_text(row, "registration_number"),
                    country=_text(row, "country"), kind=_text(row, "kind"),
                    suspended_on=row.get("suspended_on"),
                    document_reference=_text(row, "suspension_document"), note=_text(row, "note"),
                ),
            )  # fmt: skip
        except ValidationError as exc:
            return service_errors(exc, line, self.column_of)
        for step, date_column, document_column in ORG_STEP_COLUMNS:
            if not row.get(date_column) and not row.get(document_column):
                continue
            if step == "ruling":
                outcome = _text(row, "ruling_outcome").lower()
                if outcome not in (OrganisationStepKind.RECOGNISED, OrganisationStepKind.REJECTED):
                    return [
                        RowError(
                            line,
                            "ruling_outcome",
                            _("Write “recognised” or “rejected”."),
                        )
                    ]
                step = outcome
            liquidation = step == OrganisationStepKind.LIQUIDATED
            columns = {
                "step": date_column,
                "occurred_on": date_column,
                "document_reference": document_column,
                "confiscated_amount": "confiscated_amount",
                "confiscated_currency": "confiscated_currency",
            }
            try:
                organisation = do_record_organisation_step(
                    actor=actor,
                    organisation=organisation,
                    data=StepInput(
                        step=step,
                        occurred_on=row.get(date_column),
                        document_reference=_text(row, document_column),
                        confiscated_amount=row.get("confiscated_amount") if liquidation else None,
                        confiscated_currency=_text(row, "confiscated_currency")
                        if liquidation
                        else "",
                    ),
                )
            except ValidationError as exc:
                return service_errors(exc, line, lambda n, c=columns: c.get(n, ""))  # type: ignore[misc]
        if not row.get("liquidated_on") and (
            row.get("confiscated_amount") or row.get("confiscated_currency")
        ):
            return [
                RowError(
                    line,
                    "confiscated_amount",
                    _("Confiscated property is recorded with the liquidation step only."),
                )
            ]
        return []


TOURIST_REPORT_COLUMNS = (
    "report_number", "agency_name", "agency_taxpayer_number", "agency_licence_number", "region",
    "destination_country", "departed_on", "returned_on", "reported_on",
)  # fmt: skip
TOURIST_PERSON_COLUMNS = (
    "family_name", "given_name", "patronymic", "date_of_birth", "gender", "citizenship",
)  # fmt: skip


class TouristReportSpec(Spec):
    """One row per person; rows with the same agency and report number form one report."""

    registry = "tourist_reports"
    columns = (
        Column("report_number"), Column("agency_name"), Column("agency_taxpayer_number"),
        Column("agency_licence_number", required=False), Column("region"),
        Column("destination_country"), Column("departed_on", "date"),
        Column("returned_on", "date"), Column("reported_on", "date"),
        Column("family_name"), Column("given_name", required=False),
        Column("patronymic", required=False), Column("date_of_birth", "date", False),
        Column("gender", required=False), Column("citizenship", required=False),
    )  # fmt: skip
    key_columns = ("agency_taxpayer_number", "report_number")

    def existing(self, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        numbers = {k[1] for k in keys}
        found = TouristReport.objects.filter(report_number__in=numbers).values_list(
            "agency_taxpayer_number", "report_number"
        )
        return {(a.upper(), n.upper()) for a, n in found}

    def groups(self, rows: list[tuple[int, Row]]) -> list[list[tuple[int, Row]]]:
        grouped: dict[tuple[str, ...] | int, list[tuple[int, Row]]] = {}
        for line, row in rows:
            grouped.setdefault(self.key(row) or line, []).append((line, row))
        return list(grouped.values())

    def create(self, actor: Actor, group: list[tuple[int, Row]]) -> list[RowError]:
        first_line, first = group[0]
        problems = [
            RowError(
                line,
                column,
                _("Differs from line %(line)d, which starts the same report.")
                % {"line": first_line},
            )
            for line, row in group[1:]
            for column in TOURIST_REPORT_COLUMNS
            if (row.get(column) or "") != (first.get(column) or "")
        ]
        if problems:
            return problems
        header: dict[str, Any] = {
            c: (first.get(c) if c.endswith("_on") else _text(first, c))
            for c in TOURIST_REPORT_COLUMNS
        }
        data = TouristReportInput(
            **header,
            tourists=[
                TouristInput(
                    family_name=_text(row, "family_name"),
                    given_name=_text(row, "given_name"),
                    patronymic=_text(row, "patronymic"),
                    date_of_birth=row.get("date_of_birth"),
                    gender=_text(row, "gender").lower(),
                    citizenship=_text(row, "citizenship"),
                )
                for _line, row in group
            ],
        )
        try:
            do_register_tourist_report(actor=actor, data=data)
        except ValidationError as exc:
            errors: list[RowError] = []
            for name, messages in exc.message_dict.items():
                match = re.fullmatch(r"tourists\.(\d+)\.(\w+)", name)
                line, column = (
                    (group[int(match[1])][0], match[2])
                    if match
                    else (first_line, self.column_of(name))
                )
                errors.extend(RowError(line, column, m) for m in messages)
            return errors
        return []


class AdvertSpec(Spec):
    registry = "adverts"
    columns = (
        Column("submission_number"), Column("advertiser_name"),
        Column("advertiser_taxpayer_number"), Column("kind"), Column("media"), Column("text"),
        Column("submitted_on", "date"),
    )  # fmt: skip
    key_columns = ("submission_number",)

    def existing(self, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        found = Advert.objects.filter(submission_number__in={k[0] for k in keys})
        return {(n.upper(),) for n in found.values_list("submission_number", flat=True)}

    def create(self, actor: Actor, group: list[tuple[int, Row]]) -> list[RowError]:
        line, row = group[0]
        values: dict[str, Any] = {
            c.name: (row.get(c.name) if c.kind == "date" else _text(row, c.name))
            for c in self.columns
        }
        data = AdvertInput(**values)
        try:
            do_register_advert(actor=actor, data=data)
        except ValidationError as exc:
            return service_errors(exc, line, self.column_of)
        return []


class StudentNoticeSpec(Spec):
    registry = "student_notices"
    columns = (
        Column("notice_number"), Column("sender_name"), Column("sender_taxpayer_number"),
        Column("institution_name"), Column("family_name"), Column("given_name", required=False),
        Column("patronymic", required=False), Column("date_of_birth", "date", False),
        Column("destination_country"), Column("purpose"), Column("departs_on", "date"),
        Column("returns_on", "date"), Column("permission_date", "date"),
        Column("permission_number"), Column("migration_informed_on", "date", False),
    )  # fmt: skip
    key_columns = ("sender_taxpayer_number", "notice_number")

    def existing(self, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        found = StudentNotice.objects.filter(notice_number__in={k[1] for k in keys}).values_list(
            "sender_taxpayer_number", "notice_number"
        )
        return {(a.upper(), n.upper()) for a, n in found}

    def create(self, actor: Actor, group: list[tuple[int, Row]]) -> list[RowError]:
        line, row = group[0]
        values: dict[str, Any] = {
            c.name: (row.get(c.name) if c.kind == "date" else _text(row, c.name))
            for c in self.columns
        }
        data = StudentNoticeInput(**values)
        try:
            do_register_student_notice(actor=actor, data=data)
        except ValidationError as exc:
            return service_errors(exc, line, self.column_of)
        return []


SPECS: dict[str, Spec] = {
    spec.registry: spec
    for spec in (
        LicenceSpec(),
        OrganisationSpec(),
        TouristReportSpec(),
        AdvertSpec(),
        StudentNoticeSpec(),
    )
}


# --- the run ------------------------------------------------------------------------------------


def _parse_rows(
    spec: Spec, header: list[str], raw: list[tuple[int, list[Any]]]
) -> tuple[list[tuple[int, Row]], list[RowError]]:
    errors: list[RowError] = []
    known = {c.name: c for c in spec.columns}
    positions = {name: header.index(name) for name in known if name in header}
    for name in header:
        if name and header.count(name) > 1 and name in known:
            errors.append(RowError(1, name, _("This column appears more than once.")))
    for column in spec.columns:
        if column.required and column.name not in positions:
            errors.append(RowError(1, column.name, _("This column is missing from the header.")))
    if errors:
        return [], errors
    rows: list[tuple[int, Row]] = []
    for line, cells in raw:
        row: Row = {}
        for name, index in positions.items():
            value = cells[index] if index < len(cells) else ""
            try:
                if known[name].kind == "date":
                    row[name] = parse_date(value)
                elif known[name].kind == "decimal":
                    row[name] = parse_decimal(value)
                else:
                    row[name] = value.isoformat() if isinstance(value, date) else str(value).strip()
            except ValueError as exc:
                errors.append(RowError(line, name, str(exc)))
                row[name] = None
        rows.append((line, row))
    return rows, errors


def _duplicates(spec: Spec, rows: list[tuple[int, Row]]) -> list[RowError]:
    errors: list[RowError] = []
    first_line: dict[tuple[str, ...], int] = {}
    group_key = isinstance(spec, TouristReportSpec)  # its key names a report of several rows
    for line, row in rows:
        key = spec.key(row)
        if key is None:
            continue
        if key in first_line and not group_key:
            errors.append(
                RowError(
                    line,
                    spec.key_columns[-1],
                    _("The same number as on line %(line)d.") % {"line": first_line[key]},
                )
            )
        first_line.setdefault(key, line)
    in_db = spec.existing(set(first_line))
    for key, line in first_line.items():
        if key in in_db:
            errors.append(
                RowError(line, spec.key_columns[-1], _("This number is already registered."))
            )
    return errors


def run_import(*, actor: Actor, registry: str, filename: str, content: bytes) -> ImportReport:
    """Imports one file into ``registry``: everything, or (on any error) nothing."""
    require_manager(actor)
    spec = SPECS[registry]
    report = ImportReport(registry=registry)
    try:
        table = read_table(filename, content)
    except TableError as exc:
        report.errors = exc.errors
        return report
    rows, errors = _parse_rows(spec, table.header, table.rows)
    if not rows:
        # A bad header, or no rows at all: there is nothing to check row by row.
        report.errors = errors or [RowError(2, "", _("The file has a header but no rows."))]
        return report
    errors.extend(_duplicates(spec, rows))
    bad_lines = {e.line for e in errors}
    if spec.bulk:
        return _run_bulk(actor, spec, rows, errors, report)
    try:
        with transaction.atomic():
            for group in spec.groups(rows):
                if any(line in bad_lines for line, _row in group):
                    continue  # already reported; its other rows are still checked below
                problems = spec.create(actor, group)
                if problems:
                    errors.extend(problems)
                else:
                    report.created += 1
            if errors:
                raise _Rollback
            record(
                "registries.import_completed",
                actor=actor,
                object_type=f"registries.{registry}",
                purpose="bulk import",
                data={"registry": registry, "created": report.created, "rows": len(rows)},
            )
    except _Rollback:
        report.created = 0
        report.errors = sorted(errors, key=lambda e: (e.line, e.column))
    return report


def _run_bulk(
    actor: Actor,
    spec: Spec,
    rows: list[tuple[int, Row]],
    errors: list[RowError],
    report: ImportReport,
) -> ImportReport:
    """All rows saved by one service call (every row checked, one bulk insert, one audit event
    naming the entries), or, on any error, every bad row reported with its line."""
    bad_lines = {e.line for e in errors}
    if errors:
        # Nothing will be saved: every other row is still checked, to report all at once.
        errors.extend(spec.check_all([(line, row) for line, row in rows if line not in bad_lines]))
    else:
        errors.extend(spec.create_all(actor, rows))
    if errors:
        report.created = 0
        report.errors = sorted(errors, key=lambda e: (e.line, e.column))
    else:
        report.created = len(rows)
    return report

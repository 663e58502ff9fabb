"""The case list as a spreadsheet: the rows the actor's list shows (its filters applied), each
column only where the actor may see it; identities only when asked for and allowed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.access import can_see_identity, identity_visible, load_visibility, owns_case
from palermo.cases.access import visible_parts as case_parts
from palermo.cases.models import Case
from palermo.cases.services import record_identity_view
from palermo.core.audit import record
from palermo.core.spreadsheet import SpreadsheetFile, spreadsheet

MAX_EXPORT_ROWS = 5000


def _header(identities: bool) -> list[str]:
    header = [
        _("Case number"),
        _("Person reference"),
        _("Trafficking status"),
        _("Case status"),
        _("Region"),
        _("Owning agency"),
        _("Identifying agency"),
        _("Date of identification"),
        _("Forms of exploitation"),
        _("Sex"),
        _("Minor at identification"),
        _("Age at identification"),
        _("Assigned case worker"),
    ]
    if identities:
        header += [_("Family name"), _("Given name"), _("Patronymic"), _("Date of birth")]
    return header


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return str(_("yes") if value else _("no"))


def _row(actor: Actor, case: Case, identities: bool) -> list[object]:
    parts = case_parts(actor, case)
    worker = case.assigned_worker if owns_case(actor, case) else None
    row: list[object] = [
        case.reference,
        case.person.reference,
        case.get_trafficking_status_display(),
        case.get_status_display(),
        case.region,
        str(case.owning_agency),
        str(case.identifying_agency or ""),
        case.identified_on,
        ", ".join(case.get_exploitation_forms_display()) if "exploitation" in parts else "",
        case.person.get_gender_display(),
        _yes_no(case.is_minor),
        case.age_at_identification,
        worker.get_full_name() if worker is not None else "",
    ]
    if identities:
        if identity_visible(actor, case):
            person = case.person
            birth = person.date_of_birth if "date_of_birth" in parts else None
            row += [person.family_name, person.given_name, person.patronymic, birth]
        else:
            row += ["", "", "", ""]
    return row


def export_cases(
    *,
    actor: Actor,
    cases: QuerySet[Case],
    fmt: str,
    identities: bool,
    filters: dict[str, str],
    searched: bool,
) -> SpreadsheetFile:
    """The cases (already scoped and filtered) as a file; the export is audited with its filters,
    and the identities it holds as an identity read. ``identities`` needs IDENTITY_VIEW (and the
    caller has asked for a fresh second factor)."""
    if identities and not can_see_identity(actor):
        raise ValidationError({"identities": [_("Your role may not export identities.")]})
    rows = list(cases.select_related("assigned_worker")[: MAX_EXPORT_ROWS + 1])
    if len(rows) > MAX_EXPORT_ROWS:
        raise ValidationError(
            {"__all__": [_("More than %(n)d cases: narrow the filters.") % {"n": MAX_EXPORT_ROWS}]}
        )
    load_visibility(actor, rows)
    table = [_row(actor, case, identities) for case in rows]
    stamp = timezone.localdate().isoformat()
    file = spreadsheet(f"cases-{stamp}", fmt, _header(identities), table)
    audit: dict[str, Any] = {
        "filters": filters,
        "name_search": searched,
        "format": fmt,
        "identities": identities,
        "rows": len(rows),
    }
    record("case.list_exported", actor=actor, object_type="cases.case", data=audit)
    if identities:
        shown = [c for c in rows if identity_visible(actor, c)]
        record_identity_view(actor=actor, cases=shown, purpose="case list export")
    return file


def content_disposition(file: SpreadsheetFile) -> str:
    return f'attachment; filename="{file.filename}"'


def export_header(identities: bool) -> Sequence[str]:
    return _header(identities)

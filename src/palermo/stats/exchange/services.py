"""Every change made through the data exchange (DESIGN.md rule 1): releasing the CTDC file,
exporting the HTCDS tables, importing an HTCDS file, writing bulk synthetic data.

Each is keyword-only, validates its input (a ValidationError naming the field), runs in one
transaction and writes exactly one audit event of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.access import cases_for
from palermo.cases.vocab import ConsentPurpose
from palermo.core.audit import record
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_ctdc import CtdcExportRules
from palermo.stats.exchange import ctdc
from palermo.stats.exchange.access import (
    can_export_ctdc,
    can_export_htcds,
    can_import_htcds,
    statistical_cases,
)
from palermo.stats.exchange.bulk import BulkResult, generate_bulk
from palermo.stats.exchange.files import ExportFile, many_tables, one_table
from palermo.stats.exchange.htcds_import import (
    ImportRefused,
    ImportResult,
    import_rows,
    read_rows,
)
from palermo.stats.exchange.htcds_tables import build_tables, year_range
from palermo.stats.exchange.models import (
    ExchangeRelease,
    FileFormat,
    ImportBatch,
    ReleaseKind,
    SyntheticRun,
)

FIRST_YEAR = 1990


@dataclass
class PeriodInput:
    year_from: int | None = None
    year_to: int | None = None
    file_format: str = FileFormat.CSV


def _validate_period(data: PeriodInput, errors: dict[str, list[str]]) -> None:
    this_year = timezone.localdate().year
    for name in ("year_from", "year_to"):
        value = getattr(data, name)
        if value is not None and not FIRST_YEAR <= value <= this_year:
            errors.setdefault(name, []).append(
                _("Give a year between %(low)d and %(high)d.")
                % {"low": FIRST_YEAR, "high": this_year}
            )
    if (
        data.year_from is not None
        and data.year_to is not None
        and data.year_to < data.year_from
        and "year_to" not in errors
    ):
        errors.setdefault("year_to", []).append(_("The last year cannot be before the first."))
    if data.file_format not in FileFormat.values:
        errors.setdefault("file_format", []).append(_("Choose CSV or XLSX."))


def ctdc_rules() -> CtdcExportRules:
    rules = get_pack().ctdc_export
    if rules is None:
        raise ValidationError(
            _("This jurisdiction's pack has no ctdc_export rule, so no CTDC file can be made.")
        )
    return rules


def _rule_record(rules: CtdcExportRules) -> dict[str, Any]:
    return {
        "k": rules.k,
        "missing_code": rules.missing_code,
        "source": rules.source_text("en"),
        "legal_basis": rules.legal_basis.cite("en") if rules.legal_basis else "",
        "quasi_identifiers": list(ctdc.QUASI_IDENTIFIERS),
    }


@transaction.atomic
def do_release_ctdc(*, actor: Actor, data: PeriodInput) -> ExchangeRelease:
    """Makes the k-anonymous CTDC-layout file and registers it as a release (file kept)."""
    if actor.agency is None or not can_export_ctdc(actor):
        raise ValidationError(_("Your role cannot export statistics."))
    errors: dict[str, list[str]] = {}
    _validate_period(data, errors)
    if errors:
        raise ValidationError(errors)
    rules = ctdc_rules()
    source = ctdc.source_rows(
        statistical_cases(actor),
        missing=rules.missing_code,
        year_from=data.year_from,
        year_to=data.year_to,
    )
    rows, report = ctdc.anonymous_rows(source, k=rules.k, missing=rules.missing_code)
    export = one_table("ctdc", data.file_format, ctdc.HEADER, ctdc.as_table(rows))
    filters = {"year_from": data.year_from, "year_to": data.year_to}
    release = ExchangeRelease.objects.create(
        kind=ReleaseKind.CTDC,
        created_by=actor.user,
        agency=actor.agency,
        file_format=data.file_format,
        filename=export.filename,
        sha256=export.sha256,
        rows=len(rows),
        rule=_rule_record(rules),
        filters=filters,
        report=report.as_dict(),
        content=export.content,
    )
    record(
        "stats.ctdc_released",
        actor=actor,
        obj=release,
        purpose="ctdc export",
        data={**filters, "k": rules.k, "rows": len(rows), "sha256": export.sha256},
    )
    return release


@dataclass
class HtcdsExportInput(PeriodInput):
    purpose: str = ConsentPurpose.SHARING_WITH_REFERRAL_AGENCIES
    include_identity: bool = False


@transaction.atomic
def do_export_htcds_tables(
    *, actor: Actor, data: HtcdsExportInput
) -> tuple[ExchangeRelease, ExportFile]:
    """The HTCDS 2.0 tables of the cases the actor may see. The file itself is never stored;
    the release records who, when, the filter, the consent purpose and the file's hash, and the
    audit event names every person whose identity went out."""
    if actor.agency is None or not can_export_htcds(actor):
        raise ValidationError(_("Your role cannot export HTCDS tables."))
    errors: dict[str, list[str]] = {}
    _validate_period(data, errors)
    if data.purpose not in ConsentPurpose.values:
        errors.setdefault("purpose", []).append(
            _("Choose the purpose the partner receives the data for.")
        )
    if errors:
        raise ValidationError(errors)
    cases = cases_for(actor).filter(**year_range(data.year_from, data.year_to))
    built = build_tables(cases, purpose=data.purpose, include_identity=data.include_identity)
    export = many_tables("htcds", data.file_format, built.tables)
    filters = {
        "year_from": data.year_from,
        "year_to": data.year_to,
        "purpose": data.purpose,
        "include_identity": data.include_identity,
    }
    release = ExchangeRelease.objects.create(
        kind=ReleaseKind.HTCDS_TABLES,
        created_by=actor.user,
        agency=actor.agency,
        file_format=data.file_format,
        filename=export.filename,
        sha256=export.sha256,
        rows=built.counts["cas_case"],
        rule={"consent_purpose": data.purpose},
        filters=filters,
        report={"tables": built.counts, "identities": len(built.identities)},
    )
    record(
        "stats.htcds_exported",
        actor=actor,
        obj=release,
        purpose="htcds export",
        data={**filters, "sha256": export.sha256, "identities_of": built.identities},
    )
    return release, export


@transaction.atomic
def do_import_htcds(*, actor: Actor, filename: str, content: bytes) -> ImportResult:
    """Imports an HTCDS file as the actor's agency's persons, cases and services: all rows, or
    (when any row is wrong) none, with every problem by line. Possible duplicates are flagged in
    the result and the import's record, never merged."""
    if not can_import_htcds(actor):
        raise ValidationError(_("Your role cannot import case files."))
    assert actor.agency is not None  # noqa: S101  (can_import_htcds needs an agency)
    rows, errors = read_rows(filename, content)
    result = ImportResult(errors=list(errors))
    if errors and not rows:
        return result
    try:
        with transaction.atomic():
            import_rows(actor=actor, rows=rows, result=result)
            if result.errors:
                raise ImportRefused(result)
            batch = ImportBatch.objects.create(
                agency=actor.agency,
                imported_by=actor.user,
                filename=filename[:200],
                sha256=hashlib.sha256(content).hexdigest(),
                persons=result.persons,
                cases=result.cases,
                services=result.services,
                case_map=result.case_map,
                flags=[asdict(f) for f in result.flags],
            )
            record(
                "stats.htcds_imported",
                actor=actor,
                obj=batch,
                purpose="htcds import",
                data={
                    "rows": len(rows),
                    "cases": result.cases,
                    "services": result.services,
                    "possible_duplicates": len(result.flags),
                    "sha256": batch.sha256,
                },
            )
    except ImportRefused:
        refused = ImportResult(errors=sorted(result.errors, key=lambda e: (e.line, e.column)))
        return refused
    result.batch_id = batch.pk
    return result


MAX_BULK_CASES = 5_000_000


def do_generate_bulk(
    *, cases: int, seed: int, started_by: str = "", progress: Callable[[int], None] | None = None
) -> BulkResult:
    """Writes a synthetic national history (bulk inserts, chunk by chunk) and records the run
    with one audit event. Not one transaction: each chunk commits on its own, so a million
    cases never sit in one transaction; the run's record says what was written."""
    errors: dict[str, list[str]] = {}
    if not 1 <= cases <= MAX_BULK_CASES:
        errors["cases"] = [
            _("Give a number of cases between 1 and %(max)d.") % {"max": MAX_BULK_CASES}
        ]
    if seed < 0:
        errors["seed"] = [_("The seed is a whole number, 0 or more.")]
    if errors:
        raise ValidationError(errors)
    run = SyntheticRun.objects.create(seed=seed, started_by=started_by[:150])
    result = generate_bulk(run=run, cases=cases, progress=progress)
    with transaction.atomic():
        run.save()
        record(
            "stats.synthetic_generated",
            obj=run,
            purpose="synthetic data",
            data={
                "seed": seed,
                "persons": result.persons,
                "cases": result.cases,
                "services": result.services,
                "referrals": result.referrals,
                "first_case_id": run.first_case_id,
                "last_case_id": run.last_case_id,
                "seconds": run.seconds,
            },
        )
    return result

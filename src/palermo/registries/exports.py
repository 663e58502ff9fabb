"""Export of each registry to CSV or XLSX: the import columns plus what the system computed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from palermo.accounts.actor import Actor
from palermo.registries.access import (
    adverts_for,
    licences_for,
    organisations_for,
    student_notices_for,
    tourist_reports_for,
)
from palermo.registries.importers import SPECS
from palermo.registries.models import Advert, InvolvedOrganisation, ReportedTourist
from palermo.registries.services.reads import record_identity_view
from palermo.registries.tabular import write_csv, write_xlsx
from palermo.registries.vocab import AdvertParty

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes


def _columns(registry: str) -> list[str]:
    return [c.name for c in SPECS[registry].columns]


def _licences(actor: Actor) -> tuple[list[str], Iterator[Sequence[object]]]:
    header = [*_columns("licences"), "status", "legal_basis"]
    rows = (
        [
            lic.kind,
            lic.number,
            lic.holder_name,
            lic.holder_type,
            lic.taxpayer_number,
            lic.issued_on,
            lic.valid_from,
            lic.valid_until,
            lic.effective_status(),
            lic.legal_basis,
        ]
        for lic in licences_for(actor).order_by("kind", "number")
    )
    return header, rows


def _organisations(actor: Actor) -> tuple[list[str], Iterator[Sequence[object]]]:
    header = [*_columns("organisations"), "stage"]

    def row(org: InvolvedOrganisation) -> list[object]:
        steps = {s.step: s for s in org.steps.all()}

        def doc(step: str) -> str:
            return steps[step].document_reference if step in steps else ""

        ruling = (
            "recognised" if "recognised" in steps else ("rejected" if "rejected" in steps else "")
        )
        o = org
        return [
            o.name,
            o.registration_number,
            str(o.country),
            o.kind,
            o.suspended_on,
            doc("suspended"),
            o.court_requested_on,
            doc("court_requested"),
            o.ruling_on,
            ruling,
            doc(ruling) if ruling else "",
            o.listed_on,
            doc("listed"),
            o.liquidated_on,
            doc("liquidated"),
            o.confiscated_amount,
            o.confiscated_currency,
            o.office_ban_on,
            doc("office_ban"),
            steps["suspended"].note if "suspended" in steps else "",
            o.stage,
        ]

    qs = organisations_for(actor).prefetch_related("steps").order_by("name", "id")
    return header, (row(org) for org in qs)


def _tourist_reports(actor: Actor) -> tuple[list[str], Iterator[Sequence[object]]]:
    header = [*_columns("tourist_reports"), "due_on", "late_by_working_days", "legal_basis", "case"]
    tourists = list(
        ReportedTourist.objects.filter(report__in=tourist_reports_for(actor))
        .select_related("report", "case")
        .order_by("report__reported_on", "report_id", "id")
    )
    record_identity_view(
        actor=actor,
        objects=[t.report for t in tourists],
        purpose="tourist reports export",
        object_type="registries.touristreport",
    )
    rows = (
        [
            r.report_number,
            r.agency_name,
            r.agency_taxpayer_number,
            r.agency_licence_number,
            r.region,
            str(r.destination_country),
            r.departed_on,
            r.returned_on,
            r.reported_on,
            t.family_name,
            t.given_name,
            t.patronymic,
            t.date_of_birth,
            t.gender,
            str(t.citizenship),
            r.due_on,
            r.late_by_working_days,
            r.legal_basis,
            t.case.reference if t.case else "",
        ]
        for t in tourists
        for r in [t.report]
    )
    return header, rows


def _adverts(actor: Actor) -> tuple[list[str], Iterator[Sequence[object]]]:
    header = [
        *_columns("adverts"),
        "status",
        "interior_decision",
        "education_decision",
        "legal_basis",
    ]

    def decision(advert: Advert, party: str) -> str:
        d = advert.decision_of(party)
        return f"{d.outcome} {d.decided_on.isoformat()}" if d else ""

    rows = (
        [
            a.submission_number,
            a.advertiser_name,
            a.advertiser_taxpayer_number,
            a.kind,
            a.media,
            a.text,
            a.submitted_on,
            a.status,
            decision(a, AdvertParty.INTERIOR),
            decision(a, AdvertParty.EDUCATION),
            a.legal_basis,
        ]
        for a in adverts_for(actor).prefetch_related("decisions").order_by("submitted_on", "id")
    )
    return header, rows


def _student_notices(actor: Actor) -> tuple[list[str], Iterator[Sequence[object]]]:
    header = [*_columns("student_notices"), "legal_basis"]
    notices = list(student_notices_for(actor).order_by("departs_on", "id"))
    record_identity_view(
        actor=actor,
        objects=list(notices),
        purpose="student notices export",
        object_type="registries.studentnotice",
    )
    rows = (
        [
            n.notice_number,
            n.sender_name,
            n.sender_taxpayer_number,
            n.institution_name,
            n.family_name,
            n.given_name,
            n.patronymic,
            n.date_of_birth,
            str(n.destination_country),
            n.purpose,
            n.departs_on,
            n.returns_on,
            n.permission_date,
            n.permission_number,
            n.migration_informed_on,
            n.legal_basis,
        ]
        for n in notices
    )
    return header, rows


BUILDERS = {
    "licences": _licences,
    "organisations": _organisations,
    "tourist_reports": _tourist_reports,
    "adverts": _adverts,
    "student_notices": _student_notices,
}


def export_registry(*, actor: Actor, registry: str, fmt: str) -> Export:
    """The registry as the actor may see it, as CSV or XLSX. Names read are audited."""
    header, rows = BUILDERS[registry](actor)
    if fmt == "xlsx":
        return Export(
            f"{registry}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            write_xlsx(registry, header, rows),
        )
    return Export(f"{registry}.csv", "text/csv; charset=utf-8", write_csv(header, rows))

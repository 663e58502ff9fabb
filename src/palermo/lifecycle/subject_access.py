"""A person's own file: everything Palermo holds about one person, across agencies.

Built on a person's request (subject access) by an authorised officer, as a machine-readable
document (JSON) and as a PDF. It reads other apps' tables directly and only reads: it is the one
place that must see all of them at once, and it is only ever called by an audited service.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from palermo.cases.models import Case, Consent, StatusDecision
from palermo.core.audit import AuditEvent
from palermo.core.fonts import DEJAVU_SANS
from palermo.justice.models import Participant
from palermo.lifecycle.models import CorrectionRequest
from palermo.people.models import Person
from palermo.referrals.models import Referral, ServiceDelivery

Section = list[dict[str, Any]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _identity(person: Person) -> dict[str, Any]:
    return {
        "reference": person.reference,
        "family_name": person.family_name,
        "given_name": person.given_name,
        "patronymic": person.patronymic,
        "family_name_latin": person.family_name_latin,
        "given_name_latin": person.given_name_latin,
        "date_of_birth": _plain(person.date_of_birth),
        "sex": person.get_gender_display(),
        "citizenship": str(getattr(person.citizenship, "name", "") or ""),
        "registered_by": str(person.registered_by),
        "registered_at": _plain(person.created_at),
        "identity_erased_at": _plain(person.identity_erased_at),
    }


def _cases(cases: list[Case]) -> Section:
    return [
        {
            "case": c.reference,
            "agency": str(c.owning_agency),
            "status": c.get_status_display(),
            "trafficking_status": c.get_trafficking_status_display(),
            "identified_on": _plain(c.identified_on),
            "closed_on": _plain(c.closed_on),
            "forms_of_exploitation": ", ".join(c.get_exploitation_forms_display()),
            "circumstances": c.narrative,
        }
        for c in cases
    ]


def _referrals(case_ids: list[int]) -> Section:
    rows = Referral.objects.filter(case_id__in=case_ids).select_related(
        "case", "from_agency", "to_agency"
    )
    return [
        {
            "referral": r.reference,
            "case": r.case.reference,
            "from": str(r.from_agency),
            "to": str(r.to_agency),
            "reason": r.get_reason_display(),
            "status": r.get_status_display(),
            "sent_on": _plain(r.sent_on),
        }
        for r in rows.order_by("sent_at", "pk")
    ]


def _services(case_ids: list[int]) -> Section:
    rows = ServiceDelivery.objects.filter(case_id__in=case_ids).select_related("case", "agency")
    return [
        {
            "case": s.case.reference,
            "service": s.service_type,
            "delivered_on": _plain(s.delivered_on),
            "agency": str(s.agency),
            "notes": s.notes,
        }
        for s in rows.order_by("delivered_on", "pk")
    ]


def _consents(case_ids: list[int]) -> Section:
    rows = Consent.objects.filter(case_id__in=case_ids).select_related("case")
    return [
        {
            "case": c.case.reference,
            "purpose": c.get_purpose_display(),
            "given_on": _plain(c.given_on),
            "withdrawn_on": _plain(c.withdrawn_on),
        }
        for c in rows.order_by("given_on", "pk")
    ]


def _decisions(case_ids: list[int]) -> Section:
    rows = StatusDecision.objects.filter(case_id__in=case_ids).select_related(
        "case", "deciding_agency"
    )
    return [
        {
            "case": d.case.reference,
            "decision": d.get_outcome_display(),
            "decided_on": _plain(d.decided_on),
            "agency": str(d.deciding_agency),
            "legal_basis": d.legal_basis_citation,
            "reasons": d.reasons,
        }
        for d in rows.order_by("decided_on", "pk")
    ]


def _proceedings(person: Person) -> Section:
    rows = Participant.objects.filter(person=person).select_related("proceedings")
    return [
        {
            "proceedings": p.proceedings.number,
            "role": p.get_role_display(),
            "linked_on": _plain(p.linked_on),
            "ended_on": _plain(p.ended_on),
        }
        for p in rows.order_by("linked_on", "pk")
    ]


def _access_log(person: Person, case_ids: list[int]) -> Section:
    """Who read or changed the file, when, for which agency and why (from the audit log)."""
    events = AuditEvent.objects.filter(
        Q(object_type="people.person", object_id=str(person.pk))
        | Q(object_type="cases.case", object_id__in=[str(pk) for pk in case_ids])
    ).order_by("seq")
    return [
        {
            "when": _plain(e.occurred_at),
            "who": e.actor_username or _("the system"),
            "agency": e.agency_name,
            "action": e.action,
            "purpose": e.purpose,
        }
        for e in events
    ]


def _corrections(person: Person) -> Section:
    return [
        {
            "received_on": _plain(c.received_on),
            "request": c.requested_change,
            "status": c.get_status_display(),
            "answer": c.answer,
        }
        for c in CorrectionRequest.objects.filter(person=person).order_by("received_on", "pk")
    ]


def build_subject_file(person: Person) -> dict[str, Any]:
    """The whole file as plain JSON-able data, sections in a fixed order."""
    cases = list(
        Case.objects.filter(person=person)
        .select_related("owning_agency")
        .prefetch_related("exploitation_forms")
        .order_by("identified_on", "pk")
    )
    case_ids = [c.pk for c in cases]
    return {
        "produced_at": _plain(timezone.now()),
        "identity": _identity(person),
        "cases": _cases(cases),
        "referrals": _referrals(case_ids),
        "services": _services(case_ids),
        "consents": _consents(case_ids),
        "decisions": _decisions(case_ids),
        "criminal_proceedings": _proceedings(person),
        "correction_requests": _corrections(person),
        "access_log": _access_log(person, case_ids),
    }


def section_titles() -> dict[str, str]:
    return {
        "identity": _("Identity"),
        "cases": _("Cases"),
        "referrals": _("Referrals"),
        "services": _("Services delivered"),
        "consents": _("Consents"),
        "decisions": _("Decisions on victim status"),
        "criminal_proceedings": _("Criminal proceedings"),
        "correction_requests": _("Correction requests"),
        "access_log": _("Who read or changed the file"),
    }


def _line(pdf: FPDF, height: int, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def render_pdf(document: dict[str, Any]) -> bytes:
    """The file as a PDF, in a font that has Cyrillic (DejaVu Sans, shipped with Palermo)."""
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", fname=str(DEJAVU_SANS))
    pdf.add_page()
    pdf.set_font("DejaVu", size=15)
    reference = document["identity"]["reference"]
    _line(pdf, 8, _("Personal file of %(ref)s") % {"ref": reference})
    pdf.set_font("DejaVu", size=9)
    _line(pdf, 5, _("Produced at %(when)s") % {"when": document["produced_at"]})
    for key, title in section_titles().items():
        content = document[key]
        pdf.ln(3)
        pdf.set_font("DejaVu", size=12)
        _line(pdf, 7, title)
        pdf.set_font("DejaVu", size=9)
        rows = [content] if isinstance(content, dict) else content
        if not rows:
            _line(pdf, 5, _("Nothing recorded."))
        for row in rows:
            for name, value in row.items():
                text = "" if value is None else str(value)
                _line(pdf, 5, f"{name.replace('_', ' ')}: {text}")
            pdf.ln(1)
    out = BytesIO()
    pdf.output(out)
    return out.getvalue()

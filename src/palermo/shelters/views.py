"""Shelter pages: the facility directory, a facility with its places, residents and waiting
list, admission (decided against the pack's rules), discharge, transfer, occupancy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import cases_for
from palermo.cases.services import record_identity_view
from palermo.cases.vocab import OPEN_STATUSES
from palermo.core.access import deny, get_or_404
from palermo.core.actions import Refusal, form_for, form_page, post_button
from palermo.core.actions.html import Guard
from palermo.core.errors import ConflictError
from palermo.core.params import parse_year
from palermo.jurisdictions.pack import get_pack
from palermo.referrals.access import accepted_referrals, can_refer
from palermo.shelters.access import (
    access_admission,
    access_facility,
    can_create_facility,
    can_manage_admission,
    can_manage_facility,
    can_see_address,
    can_see_residents,
    can_view_directory,
    can_view_occupancy,
    facilities_for,
    facilities_for_occupancy,
    shows_identity,
)
from palermo.shelters.actions import (
    DISCHARGE,
    PLACE,
    PRIORITY,
    REMOVE,
    PlaceInput,
    PriorityInput,
    RemoveInput,
)
from palermo.shelters.file_facts import value_label
from palermo.shelters.forms import (
    AdmissionForm,
    CaseChoiceForm,
    FacilityForm,
    TransferForm,
)
from palermo.shelters.models import Admission
from palermo.shelters.queries import (
    occupancy,
    placement_suggestions,
    places_by_facility,
    region_name,
    residents_of,
    waiting_list_of,
)
from palermo.shelters.rules import Facts, shelter_rules
from palermo.shelters.services import (
    do_add_to_waiting_list,
    do_admit,
    do_create_facility,
    do_transfer,
    do_update_facility,
    place_kind_name,
    record_resident_read,
)
from palermo.shelters.vocab import ABROAD, AdmissionStatus, Citizenship, Disease, Sex


def resident_label(actor: Actor, admission: Admission) -> str:
    """The real name for those on the case; the alias for everyone else (seed 004 §34)."""
    if shows_identity(actor, admission):
        return admission.case.person.display_name or admission.alias
    return _("Resident %(alias)s") % {"alias": admission.alias}


def _audit_names(actor: Actor, admissions: list[Admission], purpose: str) -> None:
    shown = [a.case for a in admissions if shows_identity(actor, a)]
    record_identity_view(actor=actor, cases=shown, purpose=purpose)


# --- facilities --------------------------------------------------------------------------------


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_view_directory(actor):
        raise deny()
    facilities = list(facilities_for(actor))
    places = places_by_facility(facilities)
    rules = shelter_rules()
    rows = [
        {
            "facility": f,
            "region": region_name(f.region),
            "places": places[f.pk],
            "free": sum(p.free for p in places[f.pk]),
            "address": f.address if can_see_address(actor, f) else None,
            "groups": [g.name() for g in rules.groups if g.code in f.admitted_groups]
            if rules
            else [],
        }
        for f in facilities
    ]
    return render(
        request,
        "shelters/facility_list.html",
        {
            "rows": rows,
            "can_create": can_create_facility(actor),
            "can_occupancy": can_view_occupancy(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def facility_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_create_facility(actor):
        raise deny()
    rules = shelter_rules()
    initial = {
        "admitted_groups": [g.code for g in rules.groups] if rules else [],
        "is_active": True,
    }
    if actor.agency is not None:
        initial["region"] = actor.agency.region
    form = FacilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facility = do_create_facility(actor=actor, data=form.facility_input())
        except ValidationError as exc:
            Refusal.of(exc).add_to_form(form)
        else:
            messages.success(request, _("Facility %(name)s registered.") % {"name": facility.name})
            return redirect("shelters:facility", facility_id=facility.pk)
    return render(request, "shelters/facility_form.html", {"form": form, "facility": None})


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request: HttpRequest, facility_id: int) -> HttpResponse:
    actor = request_actor(request)
    facility = access_facility(actor, facility_id, write=True)
    if request.method == "POST":
        form = FacilityForm(request.POST)
        if form.is_valid():
            try:
                do_update_facility(
                    actor=actor,
                    facility=facility,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.facility_input(),
                )
            except (ConflictError, ValidationError) as exc:
                Refusal.of(exc).add_to_form(form)
            else:
                messages.success(request, _("Facility saved."))
                return redirect("shelters:facility", facility_id=facility.pk)
    else:
        form = FacilityForm(initial=FacilityForm.initial_for(facility))
    return render(request, "shelters/facility_form.html", {"form": form, "facility": facility})


@login_required
def facility_detail(request: HttpRequest, facility_id: int) -> HttpResponse:
    actor = request_actor(request)
    facility = access_facility(actor, facility_id)
    places = places_by_facility([facility])[facility.pk]
    residents: list[Admission] = []
    waiting: list[Admission] = []
    if can_see_residents(actor, facility):
        residents = list(residents_of(facility))
        waiting = list(waiting_list_of(facility))
        _audit_names(actor, residents + waiting, "shelter residents")
    rules = shelter_rules()
    return render(
        request,
        "shelters/facility_detail.html",
        {
            "facility": facility,
            "region": region_name(facility.region),
            "places": places,
            "show_address": can_see_address(actor, facility),
            "show_residents": can_see_residents(actor, facility),
            "can_manage": can_manage_facility(actor, facility),
            "residents": [
                (a, resident_label(actor, a), place_kind_name(a.place_kind)) for a in residents
            ],
            "waiting": [
                (a, resident_label(actor, a), place_kind_name(a.place_kind)) for a in waiting
            ],
            "groups": [g.name() for g in rules.groups if g.code in facility.admitted_groups]
            if rules
            else [],
            "guard_basis": rules.basis if rules else None,
            "confidentiality_basis": rules.confidentiality_basis if rules else None,
        },
    )


# --- admission ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def admit(request: HttpRequest, facility_id: int) -> HttpResponse:
    """Step one (GET, no case): choose the case. Step two: the facts, then admit or wait."""
    actor = request_actor(request)
    facility = access_facility(actor, facility_id, write=True)
    cases = cases_for(actor).filter(status__in=OPEN_STATUSES).order_by("-identified_on", "-id")
    places = places_by_facility([facility])[facility.pk]
    full = False
    case_id = request.POST.get("case") if request.method == "POST" else request.GET.get("case")
    if not case_id:
        return render(
            request,
            "shelters/admit_choose.html",
            {"facility": facility, "form": CaseChoiceForm(cases=cases)},
        )
    case = get_or_404(cases, pk=case_id)
    if request.method == "POST":
        form = AdmissionForm(request.POST, places=places)
        if form.is_valid():
            service = do_add_to_waiting_list if request.POST.get("action") == "wait" else do_admit
            try:
                admission = service(
                    actor=actor, facility=facility, case=case, data=form.admission_input()
                )
            except ConflictError as exc:
                Refusal.of(exc).add_to_form(form)
                full = True
            except ValidationError as exc:
                Refusal.of(exc).add_to_form(form)
            else:
                if admission.status == AdmissionStatus.REFUSED:
                    messages.error(request, _("Admission refused: see the rule below."))
                elif admission.status == AdmissionStatus.WAITING:
                    messages.success(
                        request,
                        _("Added to the waiting list as %(alias)s.") % {"alias": admission.alias},
                    )
                else:
                    messages.success(
                        request, _("Admitted as resident %(alias)s.") % {"alias": admission.alias}
                    )
                return redirect("shelters:admission", admission_id=admission.pk)
    else:
        form = AdmissionForm(initial=AdmissionForm.initial_for(case), places=places)
    return render(
        request,
        "shelters/admit_form.html",
        {"facility": facility, "case": case, "form": form, "full": full},
    )


def _decision_view(admission: Admission) -> dict[str, Any]:
    rules = shelter_rules()
    pack = get_pack()

    def rule_rows(codes: list[str]) -> list[dict[str, Any]]:
        rows = []
        for code in codes:
            rule = rules.rule(code) if rules else None
            rows.append(
                {
                    "code": code,
                    "message": rule.message() if rule else code,
                    "bases": [b.label() for b in rule.legal_bases] if rule else [],
                }
            )
        return rows

    bases = []
    for key, citation in zip(admission.legal_bases, admission.citations, strict=False):
        basis = pack.legal_bases_by_key.get(key)
        bases.append(basis.label() if basis else citation)
    groups = []
    for code in admission.excluded_groups:
        group = rules.group(code) if rules else None
        groups.append(group.name() if group else code)
    admitted_rules = [c for c in admission.rules if c not in admission.refused_by]
    return {
        "refusing": rule_rows(admission.refused_by),
        "applied": rule_rows(admitted_rules),
        "excluded_groups": groups,
        "bases": bases,
    }


def _facts_view(admission: Admission) -> list[tuple[str, str]]:
    facts = Facts.from_json(admission.facts)
    yes, no = _("yes"), _("no")
    residence = (
        _("abroad") if facts.residence_region == ABROAD else region_name(facts.residence_region)
    )
    rows = [
        (_("Sex"), str(dict(Sex.choices).get(facts.sex, facts.sex))),
        (_("Age"), str(facts.age)),
        (_("With children"), yes if facts.with_children else no),
        (_("Pregnant"), yes if facts.pregnant else no),
        (_("Lives in"), residence),
        (
            _("Citizenship"),
            str(dict(Citizenship.choices).get(facts.citizenship, facts.citizenship)),
        ),
        (
            _("Diseases and infections"),
            str(dict(Disease.choices).get(facts.disease, facts.disease)),
        ),
    ]
    for name, value in facts.file_values.items():
        rows.append(
            (
                _("Differs from the case file"),
                _("%(fact)s: the file says %(value)s. Reason: %(reason)s")
                % {
                    "fact": {"sex": _("Sex"), "age": _("Age"), "citizenship": _("Citizenship")}.get(
                        name, name
                    ),
                    "value": value_label(name, value),
                    "reason": facts.override_reason,
                },
            )
        )
    if facts.minor:
        permission = (
            _("given on %(date)s") % {"date": facts.guardian_permission_on.isoformat()}
            if facts.guardian_permission_on
            else _("not recorded")
        )
        rows.append((_("Permission of a parent or guardian"), permission))
    return rows


@login_required
def admission_detail(request: HttpRequest, admission_id: int) -> HttpResponse:
    actor = request_actor(request)
    admission = access_admission(actor, admission_id)
    record_resident_read(actor=actor, admission=admission, purpose="shelter admission")
    rules = shelter_rules()
    manage = can_manage_admission(actor, admission)
    refused = admission.status == AdmissionStatus.REFUSED
    referral = None
    if refused and not can_refer(actor, admission.case) and actor.agency is not None:
        referral = accepted_referrals(admission.case, actor.agency).first()
    identity = shows_identity(actor, admission)
    return render(
        request,
        "shelters/admission_detail.html",
        {
            "admission": admission,
            "label": resident_label(actor, admission),
            "show_identity": identity,
            "guardian_name": admission.guardian_name if identity else "",
            "facility_region": region_name(admission.facility.region),
            "place_kind": place_kind_name(admission.place_kind),
            "facts": _facts_view(admission),
            "decision": _decision_view(admission),
            "confidentiality_basis": rules.confidentiality_basis if rules else None,
            "can_manage": manage,
            "can_open_case": cases_for(actor).filter(pk=admission.case_id).exists(),
            "refer_url": reverse("referrals:send", kwargs={"case_id": admission.case_id})
            if refused and can_refer(actor, admission.case)
            else "",
            "referral": referral,
            "suggestions": placement_suggestions(actor, admission) if refused else [],
            "place_form": form_for(PlaceInput, versioned=True)(
                initial={"version": admission.version, "admitted_on": timezone.localdate()}
            ),
            "priority_form": form_for(PriorityInput, versioned=True)(
                initial={"version": admission.version, "priority": admission.priority}
            ),
            "remove_form": form_for(RemoveInput, versioned=True)(
                initial={"version": admission.version}
            ),
        },
    )


def _only_residents(message: str) -> Guard[Admission]:
    def guard(request: HttpRequest, actor: Actor, admission: Admission) -> HttpResponse | None:
        if admission.status == AdmissionStatus.RESIDENT:
            return None
        messages.error(request, message)
        return redirect("shelters:admission", admission_id=admission.pk)

    return guard


def _admission_url(admission: Admission, *_result: object) -> str:
    return reverse("shelters:admission", kwargs={"admission_id": admission.pk})


discharge = form_page(
    DISCHARGE,
    template="shelters/discharge_form.html",
    guard=_only_residents(_("Only a resident can be discharged.")),
    initial=lambda actor, a: {"version": a.version, "discharged_on": timezone.localdate()},
    context=lambda actor, a: {"admission": a, "label": resident_label(actor, a)},
    done=lambda a, _r: _("Resident %(alias)s discharged.") % {"alias": a.alias},
    then=_admission_url,
)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, admission_id: int) -> HttpResponse:
    actor = request_actor(request)
    admission = access_admission(actor, admission_id, write=True)
    if admission.status != AdmissionStatus.RESIDENT:
        messages.error(request, _("Only a resident can be transferred."))
        return redirect("shelters:admission", admission_id=admission.pk)
    targets = [
        f
        for f in facilities_for(actor).filter(is_active=True)
        if f.pk != admission.facility_id and can_manage_facility(actor, f)
    ]
    places = places_by_facility(targets)
    form = TransferForm(
        request.POST or None,
        facilities=targets,
        places=places,
        initial={
            "version": admission.version,
            "transferred_on": timezone.localdate(),
            "place_kind": admission.place_kind,
        },
    )
    if request.method == "POST" and form.is_valid():
        to_facility = next(f for f in targets if f.pk == form.cleaned_data["to_facility"])
        try:
            new = do_transfer(
                actor=actor,
                admission=admission,
                expected_version=form.cleaned_data["version"],
                to_facility=to_facility,
                place_kind=form.cleaned_data["place_kind"],
                transferred_on=form.cleaned_data["transferred_on"],
            )
        except (ConflictError, ValidationError) as exc:
            Refusal.of(exc).add_to_form(form)
        else:
            messages.success(
                request,
                _("Transferred to %(facility)s as resident %(alias)s.")
                % {"facility": to_facility.name, "alias": new.alias},
            )
            return redirect("shelters:admission", admission_id=new.pk)
    return render(
        request,
        "shelters/transfer_form.html",
        {
            "admission": admission,
            "label": resident_label(actor, admission),
            "form": form,
            "targets": targets,
        },
    )


INCOMPLETE = gettext_lazy("The form was incomplete; reload the page and try again.")

place = post_button(
    PLACE,
    done=lambda a, _r: _("Resident %(alias)s has a place.") % {"alias": a.alias},
    then=_admission_url,
    invalid=INCOMPLETE,
)
priority = post_button(
    PRIORITY,
    done=lambda a, r: (
        _("Priority on the waiting list: %(priority)s.") % {"priority": r.get_priority_display()}
    ),
    then=_admission_url,
    invalid=INCOMPLETE,
)
remove = post_button(
    REMOVE,
    done=lambda a, _r: _("Removed from the waiting list."),
    then=_admission_url,
    invalid=INCOMPLETE,
)


# --- occupancy ---------------------------------------------------------------------------------


@login_required
def occupancy_report(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_view_occupancy(actor):
        raise deny()
    year = parse_year(request.GET.get("year"))
    today: date = timezone.localdate()
    report = occupancy(facilities_for_occupancy(actor), year, today)
    return render(
        request,
        "shelters/occupancy.html",
        {
            "report": report,
            "national_rows": [report.national],
            "year": year,
            "months": range(1, 13),
        },
    )

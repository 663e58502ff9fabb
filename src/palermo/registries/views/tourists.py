"""Pages of tourist non-return reports, and opening an at-risk case from a reported person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.actions import Refusal
from palermo.jurisdictions.pack import get_pack
from palermo.registries.access import (
    access_reported_tourist,
    access_tourist_report,
    can_view_tourist_reports,
    tourist_reports_for,
)
from palermo.registries.forms import OpenCaseForm, TouristFormSet, TouristReportForm
from palermo.registries.permissions import can_manage
from palermo.registries.rules import rules
from palermo.registries.search import text_search
from palermo.registries.services import (
    can_open_case,
    do_open_case_for_tourist,
    do_register_tourist_report,
    record_identity_view,
)
from palermo.registries.views.common import (
    legal_basis_label,
    list_response,
    page_of,
    require,
    require_manager,
)


def _deadline_context() -> dict[str, object]:
    deadline = get_pack().deadline(rules().tourist_deadline)
    return {"deadline": deadline, "deadline_basis": deadline.legal_basis.label()}


@login_required
def tourist_report_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_view_tourist_reports(actor))
    query = request.GET.get("q", "")
    late = request.GET.get("late", "")
    qs = text_search(
        tourist_reports_for(actor),
        query,
        exact=("agency_taxpayer_number", "report_number"),
    )
    if late == "yes":
        qs = qs.filter(late_by_working_days__gt=0)
    elif late == "no":
        qs = qs.filter(late_by_working_days=0)
    else:
        late = ""
    context = {
        "page": page_of(request, qs),
        "query": query,
        "late": late,
        "can_manage": can_manage(actor),
        **_deadline_context(),
    }
    return list_response(
        request,
        "registries/tourist_report_list.html",
        "registries/_tourist_report_table.html",
        context,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tourist_report_register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_manager(actor)
    form = TouristReportForm(request.POST or None)
    formset = TouristFormSet(request.POST or None, prefix="tourists")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        people = [f for f in formset.forms if f.cleaned_data and not f.is_blank()]
        try:
            report = do_register_tourist_report(
                actor=actor, data=form.to_input([f.to_input() for f in people])
            )
        except ValidationError as exc:
            for name, errors in Refusal.of(exc).by_field.items():
                parts = name.split(".")
                if len(parts) == 3 and parts[0] == "tourists":
                    person_form = people[int(parts[1])]
                    person_form.add_service_errors({parts[2]: errors})
                else:
                    form.add_service_errors({name: errors})
        else:
            if report.is_late:
                messages.warning(
                    request,
                    _("Report %(number)s registered. It came %(days)d working day(s) late.")
                    % {"number": report.report_number, "days": report.late_by_working_days},
                )
            else:
                messages.success(
                    request, _("Report %(number)s registered.") % {"number": report.report_number}
                )
            return redirect("registries:tourist_report", report_id=report.pk)
    return render(
        request,
        "registries/tourist_report_form.html",
        {"form": form, "formset": formset, **_deadline_context()},
    )


@login_required
def tourist_report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = request_actor(request)
    report = access_tourist_report(actor, report_id)
    tourists = list(report.tourists.select_related("case"))
    record_identity_view(
        actor=actor,
        objects=[report],
        purpose="tourist report",
        object_type="registries.touristreport",
    )
    return render(
        request,
        "registries/tourist_report_detail.html",
        {
            "report": report,
            "rows": [(t, OpenCaseForm(auto_id=f"t{t.pk}_%s")) for t in tourists],
            "legal_basis": legal_basis_label(report.legal_basis),
            "can_open_case": can_open_case(actor),
            **_deadline_context(),
        },
    )


@login_required
@require_POST
def tourist_open_case(request: HttpRequest, tourist_id: int) -> HttpResponse:
    actor = request_actor(request)
    tourist = access_reported_tourist(actor, tourist_id)
    require(can_open_case(actor))
    form = OpenCaseForm(request.POST)
    if form.is_valid():
        try:
            case = do_open_case_for_tourist(
                actor=actor,
                tourist=tourist,
                exploitation_forms=list(form.cleaned_data.get("exploitation_forms") or []),
            )
        except ValidationError as exc:
            Refusal.of(exc).flash(request)
        else:
            messages.success(request, _("At-risk case %(ref)s opened.") % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return redirect("registries:tourist_report", report_id=tourist.report_id)

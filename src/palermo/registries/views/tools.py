"""The registries' home page, the agency check, imports and exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import has_recent_second_factor, step_up_redirect
from palermo.registries.access import may_export
from palermo.registries.exports import FORMATS, export_registry
from palermo.registries.forms import ImportForm
from palermo.registries.importers import SPECS, ImportReport, run_import
from palermo.registries.permissions import can_manage, can_view
from palermo.registries.services import castings_enabled, check_agency
from palermo.registries.views.common import require

REGISTRY_TITLES = {
    "licences": gettext_lazy("Licences"),
    "organisations": gettext_lazy("Organisations involved in trafficking"),
    "tourist_reports": gettext_lazy("Tourists who did not return"),
    "adverts": gettext_lazy("Adverts for work or study abroad"),
    "student_notices": gettext_lazy("Students sent abroad"),
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    visible = [name for name in REGISTRY_TITLES if may_export(actor, name)]
    require(bool(visible))
    return render(
        request,
        "registries/index.html",
        {
            "registries": [(name, REGISTRY_TITLES[name]) for name in visible],
            "can_manage": can_manage(actor),
            "can_check": can_view(actor),
            "show_castings": can_view(actor) and castings_enabled(),
        },
    )


@login_required
def agency_check(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_view(actor))
    query = request.GET.get("q", "")
    results = check_agency(query) if query else None
    context = {"query": query, "results": results}
    template = "registries/_check_results.html" if request.htmx else "registries/check.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, registry: str) -> HttpResponse:
    actor = request_actor(request)
    require(can_manage(actor))
    if registry not in SPECS:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = run_import(
            actor=actor, registry=registry, filename=upload.name or "", content=upload.read()
        )
        status = 200 if report.ok else 400
    return render(
        request,
        "registries/import.html",
        {
            "form": form,
            "registry": registry,
            "title": REGISTRY_TITLES[registry],
            "columns": SPECS[registry].columns,
            "report": report,
        },
        status=status,
    )


@login_required
def export_file(request: HttpRequest, registry: str, fmt: str) -> HttpResponse:
    actor = request_actor(request)
    if registry not in SPECS or fmt not in FORMATS:
        raise Http404
    require(may_export(actor, registry))
    # Every registry names people (licence holders, tourists, students, advertisers).
    if not has_recent_second_factor(request):
        return step_up_redirect(request)
    export = export_registry(actor=actor, registry=registry, fmt=fmt)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response

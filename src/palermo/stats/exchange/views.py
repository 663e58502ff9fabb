"""Pages of the HTCDS / CTDC data exchange. Every page checks the capability first (404 when
missing, like "not found") and every change goes through services.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import has_recent_second_factor, step_up_redirect
from palermo.core.feedback import service_errors
from palermo.jurisdictions.pack import get_pack
from palermo.stats.exchange.access import (
    access_release,
    can_export_ctdc,
    can_export_htcds,
    can_import_htcds,
    can_use_exchange,
    imports_for,
    released_file,
    releases_for,
    require,
)
from palermo.stats.exchange.files import CSV_TYPE, XLSX_TYPE
from palermo.stats.exchange.forms import HtcdsExportForm, ImportForm, PeriodForm
from palermo.stats.exchange.htcds_import import COLUMNS, REQUIRED, ImportResult, known_values
from palermo.stats.exchange.services import (
    HtcdsExportInput,
    PeriodInput,
    do_export_htcds_tables,
    do_import_htcds,
    do_release_ctdc,
)


def _attach(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_use_exchange(actor))
    return render(
        request,
        "stats/exchange/index.html",
        {
            "can_ctdc": can_export_ctdc(actor),
            "can_htcds": can_export_htcds(actor),
            "can_import": can_import_htcds(actor),
            "releases": releases_for(actor)[:20],
            "rules": get_pack().ctdc_export,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ctdc_export(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_export_ctdc(actor))
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = do_release_ctdc(actor=actor, data=PeriodInput(**form.cleaned_data))
        except ValidationError as exc:
            for name, messages in service_errors(exc).items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            return redirect("stats_exchange:release", release_id=release.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "stats/exchange/ctdc_form.html",
        {"form": form, "rules": get_pack().ctdc_export},
        status=status,
    )


@login_required
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    release = access_release(request_actor(request), release_id)
    return render(request, "stats/exchange/release.html", {"release": release})


@login_required
def release_file(request: HttpRequest, release_id: int) -> HttpResponse:
    release = access_release(request_actor(request), release_id)
    content_type = XLSX_TYPE if release.file_format == "xlsx" else CSV_TYPE
    return _attach(
        HttpResponse(released_file(release), content_type=content_type), release.filename
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def htcds_export(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_export_htcds(actor))
    form = HtcdsExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("include_identity") and not has_recent_second_factor(request):
            return step_up_redirect(request)
        try:
            _release, export = do_export_htcds_tables(
                actor=actor, data=HtcdsExportInput(**form.cleaned_data)
            )
        except ValidationError as exc:
            for name, messages in service_errors(exc).items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            response = HttpResponse(export.content, content_type=export.content_type)
            return _attach(response, export.filename)
    status = 400 if form.errors else 200
    return render(request, "stats/exchange/htcds_form.html", {"form": form}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def htcds_import(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_import_htcds(actor))
    form = ImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = do_import_htcds(actor=actor, filename=upload.name or "", content=upload.read())
            status = 200 if result.ok else 400
        else:
            status = 400
    return render(
        request,
        "stats/exchange/import.html",
        {
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "required": REQUIRED,
            "values": known_values(),
            "imports": imports_for(actor)[:20],
        },
        status=status,
    )

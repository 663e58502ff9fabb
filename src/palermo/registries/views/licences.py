"""Licence registry pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.errors import ConflictError
from palermo.registries.access import access_licence, licences_for
from palermo.registries.forms import LicenceForm, LicenceStatusForm
from palermo.registries.permissions import can_manage, can_view
from palermo.registries.search import text_search
from palermo.registries.services import (
    do_change_licence_status,
    do_register_licence,
    do_update_licence,
)
from palermo.registries.views.common import (
    legal_basis_label,
    list_response,
    page_of,
    require,
    require_manager,
)
from palermo.registries.vocab import EXPIRED, EXPIRED_LABEL, LicenceKind, LicenceStatus


@login_required
def licence_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_view(actor))
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    today = timezone.localdate()
    qs = text_search(licences_for(actor), query, exact=("taxpayer_number", "number"))
    if kind in LicenceKind.values:
        qs = qs.filter(kind=kind)
    not_expired = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    if status == EXPIRED:
        qs = qs.exclude(status=LicenceStatus.REVOKED).filter(valid_until__lt=today)
    elif status == LicenceStatus.REVOKED:
        qs = qs.filter(status=status)
    elif status in LicenceStatus.values:
        qs = qs.filter(not_expired, status=status)
    else:
        status = ""
    context = {
        "page": page_of(request, qs),
        "query": query,
        "kind": kind,
        "status": status,
        "kinds": LicenceKind.choices,
        "statuses": [*LicenceStatus.choices, (EXPIRED, EXPIRED_LABEL)],
        "can_manage": can_manage(actor),
    }
    return list_response(
        request, "registries/licence_list.html", "registries/_licence_table.html", context
    )


@login_required
@require_http_methods(["GET", "POST"])
def licence_register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_manager(actor)
    form = LicenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            licence = do_register_licence(actor=actor, data=form.to_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request, _("Licence %(number)s registered.") % {"number": licence.number}
            )
            return redirect("registries:licence", licence_id=licence.pk)
    return render(request, "registries/form.html", {"form": form, "title": _("Register a licence")})


@login_required
@require_http_methods(["GET", "POST"])
def licence_edit(request: HttpRequest, licence_id: int) -> HttpResponse:
    actor = request_actor(request)
    licence = access_licence(actor, licence_id, write=True)
    if request.method == "POST":
        form = LicenceForm(request.POST)
        if form.is_valid():
            try:
                do_update_licence(
                    actor=actor,
                    licence=licence,
                    expected_version=form.cleaned_data.get("version") or 0,
                    data=form.to_input(),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_refusal(exc)
            else:
                messages.success(
                    request, _("Licence %(number)s saved.") % {"number": licence.number}
                )
                return redirect("registries:licence", licence_id=licence.pk)
    else:
        form = LicenceForm(initial=LicenceForm.initial_for(licence))
    return render(
        request,
        "registries/form.html",
        {"form": form, "title": _("Licence %(number)s") % {"number": licence.number}},
    )


def _status_context(
    request: HttpRequest, licence_id: int, form: LicenceStatusForm | None = None
) -> dict[str, object]:
    actor = request_actor(request)
    licence = access_licence(actor, licence_id)
    return {
        "licence": licence,
        "changes": licence.status_changes.all(),
        "can_manage": can_manage(actor),
        "status_form": form
        or LicenceStatusForm(initial={"version": licence.version}, current=licence.status),
        "legal_basis": legal_basis_label(licence.legal_basis),
    }


@login_required
def licence_detail(request: HttpRequest, licence_id: int) -> HttpResponse:
    return render(request, "registries/licence_detail.html", _status_context(request, licence_id))


@login_required
@require_POST
def licence_status(request: HttpRequest, licence_id: int) -> HttpResponse:
    actor = request_actor(request)
    licence = access_licence(actor, licence_id, write=True)
    form = LicenceStatusForm(request.POST)
    if form.is_valid():
        try:
            do_change_licence_status(
                actor=actor,
                licence=licence,
                expected_version=form.cleaned_data.get("version") or 0,
                to_status=form.value("to_status"),
                decided_on=form.cleaned_data.get("decided_on"),
                document_reference=form.value("document_reference"),
                reason=form.value("reason"),
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            notice = _("The licence's status was changed.")
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, notice)
                return redirect("registries:licence", licence_id=licence.pk)
            context = _status_context(request, licence_id)
            context["notice"] = notice
            return render(request, "registries/_licence_status.html", context)
    context = _status_context(request, licence_id, form)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "registries/_licence_status.html", context)
    return render(request, "registries/licence_detail.html", context)

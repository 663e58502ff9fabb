"""Pages of the list of organisations involved in trafficking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.errors import ConflictError
from palermo.registries.access import access_organisation, organisations_for
from palermo.registries.forms import OrganisationForm, StepForm
from palermo.registries.permissions import can_manage, can_view
from palermo.registries.search import text_search
from palermo.registries.services import do_record_organisation_step, do_record_suspension
from palermo.registries.views.common import (
    legal_basis_label,
    list_response,
    page_of,
    require,
    require_manager,
)
from palermo.registries.vocab import OrganisationKind, OrganisationStage


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_view(actor))
    query = request.GET.get("q", "")
    stage = request.GET.get("stage", "")
    kind = request.GET.get("kind", "")
    qs = text_search(organisations_for(actor), query, exact=("registration_number",))
    if stage in OrganisationStage.values:
        qs = qs.filter(stage=stage)
    else:
        stage = ""
    if kind in OrganisationKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    context = {
        "page": page_of(request, qs),
        "query": query,
        "stage": stage,
        "kind": kind,
        "stages": OrganisationStage.choices,
        "kinds": OrganisationKind.choices,
        "can_manage": can_manage(actor),
    }
    return list_response(
        request, "registries/organisation_list.html", "registries/_organisation_table.html", context
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_manager(actor)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = do_record_suspension(actor=actor, data=form.to_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request, _("Suspension of %(name)s recorded.") % {"name": organisation.name}
            )
            return redirect("registries:organisation", organisation_id=organisation.pk)
    return render(
        request,
        "registries/form.html",
        {"form": form, "title": _("Record the suspension of an organisation")},
    )


def _context(
    request: HttpRequest, organisation_id: int, form: StepForm | None = None
) -> dict[str, object]:
    actor = request_actor(request)
    organisation = access_organisation(actor, organisation_id)
    steps = [
        {"step": step, "legal_basis": legal_basis_label(step.legal_basis)}
        for step in organisation.steps.all()
    ]
    return {
        "organisation": organisation,
        "steps": steps,
        "can_manage": can_manage(actor),
        "step_form": form
        or StepForm(initial={"version": organisation.version}, organisation=organisation),
    }


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return render(
        request, "registries/organisation_detail.html", _context(request, organisation_id)
    )


@login_required
@require_POST
def organisation_step(request: HttpRequest, organisation_id: int) -> HttpResponse:
    actor = request_actor(request)
    organisation = access_organisation(actor, organisation_id, write=True)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            do_record_organisation_step(
                actor=actor,
                organisation=organisation,
                data=form.to_input(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            notice = _("The step was recorded.")
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, notice)
                return redirect("registries:organisation", organisation_id=organisation.pk)
            context = _context(request, organisation_id)
            context["notice"] = notice
            return render(request, "registries/_organisation_steps.html", context)
    context = _context(request, organisation_id, form)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "registries/_organisation_steps.html", context)
    return render(request, "registries/organisation_detail.html", context)

"""Pages of castings for advertising projects or jobs (Law No. 350-Z, Art. 15 p.1-2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.core.errors import ConflictError
from palermo.registries.access import access_casting, castings_for
from palermo.registries.forms import CastingCheckForm, CastingForm
from palermo.registries.models import Casting
from palermo.registries.permissions import can_manage, can_view
from palermo.registries.search import text_search
from palermo.registries.services import (
    can_check_castings,
    castings_enabled,
    do_record_casting_check,
    do_register_casting,
)
from palermo.registries.views.common import (
    legal_basis_label,
    list_response,
    page_of,
    require,
    require_manager,
)
from palermo.registries.vocab import CastingCheckOutcome, CastingPurpose


def _require_castings(actor: Actor) -> None:
    if not castings_enabled():
        raise Http404
    require(can_view(actor))


@login_required
def casting_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _require_castings(actor)
    query = request.GET.get("q", "")
    purpose = request.GET.get("purpose", "")
    checked = request.GET.get("checked", "")
    qs = text_search(
        castings_for(actor), query, exact=("organiser_taxpayer_number", "registration_number")
    )
    if purpose in CastingPurpose.values:
        qs = qs.filter(purpose=purpose)
    else:
        purpose = ""
    if checked in CastingCheckOutcome.values:
        qs = qs.filter(last_check_outcome=checked)
    elif checked == "never":
        qs = qs.filter(last_check_outcome="")
    else:
        checked = ""
    context = {
        "page": page_of(request, qs),
        "query": query,
        "purpose": purpose,
        "purposes": CastingPurpose.choices,
        "checked": checked,
        "outcomes": CastingCheckOutcome.choices,
        "can_manage": can_manage(actor),
    }
    return list_response(
        request, "registries/casting_list.html", "registries/_casting_table.html", context
    )


@login_required
@require_http_methods(["GET", "POST"])
def casting_register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _require_castings(actor)
    require_manager(actor)
    form = CastingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            casting = do_register_casting(actor=actor, data=form.to_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request,
                _("Casting %(number)s registered.") % {"number": casting.registration_number},
            )
            return redirect("registries:casting", casting_id=casting.pk)
    return render(request, "registries/form.html", {"form": form, "title": _("Register a casting")})


def _context(actor: Actor, casting: Casting, form: CastingCheckForm | None = None) -> dict:
    may_check = can_check_castings(actor)
    return {
        "casting": casting,
        "checks": list(casting.checks.all()),
        "legal_basis": legal_basis_label(casting.legal_basis),
        "check_form": (form or CastingCheckForm(initial={"version": casting.version}))
        if may_check
        else None,
    }


@login_required
def casting_detail(request: HttpRequest, casting_id: int) -> HttpResponse:
    actor = request_actor(request)
    _require_castings(actor)
    casting = access_casting(actor, casting_id)
    return render(request, "registries/casting_detail.html", _context(actor, casting))


@login_required
@require_POST
def casting_check(request: HttpRequest, casting_id: int) -> HttpResponse:
    actor = request_actor(request)
    _require_castings(actor)
    casting = access_casting(actor, casting_id)
    require(can_check_castings(actor))
    form = CastingCheckForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            do_record_casting_check(
                actor=actor,
                casting=casting,
                checked_on=d.get("checked_on"),
                outcome=d.get("outcome") or "",
                findings=d.get("findings") or "",
                offence_report=d.get("offence_report") or "",
                expected_version=d.get("version"),
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The check was recorded."))
            return redirect("registries:casting", casting_id=casting.pk)
    casting = access_casting(actor, casting_id)
    return render(request, "registries/casting_detail.html", _context(actor, casting, form))

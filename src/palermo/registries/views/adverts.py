"""Pages of adverts for work or study abroad and their agreement by two ministries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.registries.access import access_advert, adverts_for, can_view_adverts
from palermo.registries.forms import AdvertDecisionForm, AdvertForm
from palermo.registries.permissions import can_manage
from palermo.registries.search import text_search
from palermo.registries.services import do_decide_advert, do_register_advert, party_of
from palermo.registries.views.common import (
    legal_basis_label,
    list_response,
    page_of,
    require,
    require_manager,
)
from palermo.registries.vocab import AdvertKind, AdvertParty, AdvertStatus


@login_required
def advert_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(can_view_adverts(actor))
    query = request.GET.get("q", "")
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    qs = text_search(
        adverts_for(actor),
        query,
        exact=("advertiser_taxpayer_number", "submission_number"),
    )
    if status in AdvertStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    if kind in AdvertKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    context = {
        "page": page_of(request, qs),
        "query": query,
        "status": status,
        "kind": kind,
        "statuses": AdvertStatus.choices,
        "kinds": AdvertKind.choices,
        "can_manage": can_manage(actor),
    }
    return list_response(
        request, "registries/advert_list.html", "registries/_advert_table.html", context
    )


@login_required
@require_http_methods(["GET", "POST"])
def advert_register(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_manager(actor)
    form = AdvertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advert = do_register_advert(actor=actor, data=form.to_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request, _("Advert %(number)s registered.") % {"number": advert.submission_number}
            )
            return redirect("registries:advert", advert_id=advert.pk)
    return render(request, "registries/form.html", {"form": form, "title": _("Register an advert")})


def _context(
    request: HttpRequest, advert_id: int, form: AdvertDecisionForm | None = None
) -> dict[str, object]:
    actor = request_actor(request)
    advert = access_advert(actor, advert_id)
    party = party_of(actor)
    decisions = [
        {"party": label, "decision": advert.decision_of(code)}
        for code, label in AdvertParty.choices
    ]
    may_decide = (
        party is not None
        and advert.decision_of(party) is None
        and advert.status == AdvertStatus.PENDING
    )
    return {
        "advert": advert,
        "decisions": decisions,
        "party_label": AdvertParty(party).label if party else "",
        "may_decide": may_decide,
        "decision_form": form or AdvertDecisionForm(),
        "legal_basis": legal_basis_label(advert.legal_basis),
    }


@login_required
def advert_detail(request: HttpRequest, advert_id: int) -> HttpResponse:
    return render(request, "registries/advert_detail.html", _context(request, advert_id))


@login_required
@require_POST
def advert_decide(request: HttpRequest, advert_id: int) -> HttpResponse:
    actor = request_actor(request)
    advert = access_advert(actor, advert_id)
    if party_of(actor) is None:
        raise deny()
    form = AdvertDecisionForm(request.POST)
    if form.is_valid():
        try:
            do_decide_advert(
                actor=actor,
                advert=advert,
                outcome=form.value("outcome"),
                reason=form.value("reason"),
                decided_on=form.cleaned_data.get("decided_on"),
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            notice = _("Your ministry's decision was recorded.")
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, notice)
                return redirect("registries:advert", advert_id=advert.pk)
            context = _context(request, advert_id)
            context["notice"] = notice
            return render(request, "registries/_advert_decisions.html", context)
    context = _context(request, advert_id, form)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "registries/_advert_decisions.html", context)
    return render(request, "registries/advert_detail.html", context)

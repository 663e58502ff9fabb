"""Screening pages: screen a person, see the result live, open a screening, list them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.access_parts import (
    access_screening,
    can_screen,
    can_screen_for_case,
    can_use_screening,
    screenings_for,
)
from palermo.cases.forms import ScreeningForm
from palermo.cases.forms.parts import STRENGTH_LABELS
from palermo.cases.models import Case
from palermo.cases.services import do_record_screening, record_screening_view
from palermo.cases.vocab import AgeGroup
from palermo.core.access import deny
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.screening import CriterionResult

PAGE_SIZE = 25


def _case_for_screening(request: HttpRequest) -> Case | None:
    actor = request_actor(request)
    case_id = request.POST.get("case") or request.GET.get("case")
    if not case_id:
        return None
    case = access_case(actor, case_id)
    if not can_screen_for_case(actor, case):
        raise deny()
    return case


@login_required
@require_http_methods(["GET", "POST"])
def screening_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_screen(actor):
        raise deny()
    case = _case_for_screening(request)
    form = ScreeningForm(
        request.POST or None,
        for_case=case is not None,
        initial={"screened_on": timezone.localdate(), "age_group": _default_age_group(case)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = do_record_screening(actor=actor, data=form.screening_input(), case=case)
        except ValidationError as exc:
            form.add_service_errors(
                exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            )
        else:
            messages.success(request, _("Screening saved."))
            return redirect("cases:screening", screening_id=screening.pk)
    context = {"form": form, "case": case, **_preview_context(form)}
    return render(request, "cases/screening_form.html", context)


def _default_age_group(case: Case | None) -> str:
    if case is not None and case.is_minor is not None:
        return AgeGroup.CHILD if case.is_minor else AgeGroup.ADULT
    return ""


def _preview_context(form: ScreeningForm) -> dict[str, Any]:
    """The live result for what the form holds so far (nothing is saved)."""
    data = form.data if form.is_bound else {}
    age_group = data.get("age_group") or form.initial.get("age_group") or ""
    codes = data.getlist("indicators") if hasattr(data, "getlist") else []
    scheme = get_pack().screening
    if scheme is None or age_group not in AgeGroup.values:
        return {"result": None}
    outcome = scheme.evaluate(age_group, codes)
    return {
        "result": {
            "presumed": outcome.presumed_victim,
            "decisive": [_label(i.code, age_group) for i in outcome.decisive_indicators],
            "criteria": outcome.criteria,
            "basis": outcome.rule.legal_basis.label(),
            "age_group": age_group,
        }
    }


def _label(code: str, age_group: str) -> str:
    """An indicator's name and its strength for the age group; a code the pack no longer has is
    shown as it is."""
    scheme = get_pack().screening
    indicator = scheme.indicator(code) if scheme else None
    if indicator is None:
        return code
    strength = indicator.strength(age_group)
    return f"{indicator.name()} ({STRENGTH_LABELS[strength]})" if strength else indicator.name()


@login_required
@require_POST
def screening_preview(request: HttpRequest) -> HttpResponse:
    """htmx: the result box for the indicators ticked so far."""
    if not can_screen(request_actor(request)):
        raise deny()
    form = ScreeningForm(request.POST)
    return render(request, "cases/_screening_result.html", _preview_context(form))


@login_required
def screening_detail(request: HttpRequest, screening_id: int) -> HttpResponse:
    actor = request_actor(request)
    screening = access_screening(actor, screening_id)
    show_identity = can_see_identity(actor)
    if show_identity:
        record_screening_view(actor=actor, screening=screening, purpose="screening")
    pack = get_pack()
    criteria: tuple[CriterionResult, ...] = ()
    if pack.screening is not None and screening.pack == pack.code:
        criteria = pack.screening.evaluate(screening.age_group, screening.indicators).criteria
    basis = pack.legal_bases_by_key.get(screening.legal_basis_key)
    context = {
        "screening": screening,
        "show_identity": show_identity,
        "present": [_label(c, screening.age_group) for c in screening.indicators],
        "result": {
            "presumed": screening.presumed_victim,
            "decisive": [_label(c, screening.age_group) for c in screening.decisive_indicators],
            "criteria": criteria,
            # The citation stored with the screening; the title from the pack when it still has it.
            "basis": f"{screening.legal_basis_citation} — {basis.title()}"
            if basis
            else screening.legal_basis_citation,
            "age_group": screening.age_group,
        },
        "can_register": can_use_screening(actor, screening),
    }
    return render(request, "cases/screening_detail.html", context)


@login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not (can_screen(actor) or actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL)):
        raise deny()
    qs = screenings_for(actor)
    if request.GET.get("unregistered"):
        qs = qs.filter(case__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/screening_list.html",
        {
            "page": page,
            "can_screen": can_screen(actor),
            "unregistered": bool(request.GET.get("unregistered")),
        },
    )

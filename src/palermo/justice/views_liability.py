"""Pages for the liability of persons and organisations involved in trafficking (seed 000 §3.2):
the Art. 30 decisions on foreign nationals and the administrative offences."""

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
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny
from palermo.core.feedback import service_errors
from palermo.justice.access import (
    can_see_consequences,
    can_see_offences,
    consequences_for,
    offences_for,
    proceedings_for,
)
from palermo.justice.forms_liability import ConsequenceForm, OffenceForm
from palermo.justice.models import AdministrativeOffence, ForeignNationalConsequence
from palermo.justice.rules import basis_citation, justice_rules
from palermo.justice.services import (
    do_record_consequence,
    do_record_offence,
    record_liability_read,
)
from palermo.justice.vocab import PenaltyUnit

PAGE_SIZE = 25
MAX_PROCEEDINGS_CHOICES = 200


def _proceedings_choices(actor: Actor) -> list[tuple[int, str]]:
    rows = proceedings_for(actor).values_list("pk", "number")[:MAX_PROCEEDINGS_CHOICES]
    return [(pk, number) for pk, number in rows]


def consequence_row(c: ForeignNationalConsequence) -> dict[str, Any]:
    rules = justice_rules().foreign_nationals
    kind = rules.kind(c.kind) if rules else None
    return {
        "obj": c,
        "kind": kind.name() if kind else c.kind,
        "basis": basis_citation(c.legal_basis),
    }


def offence_row(o: AdministrativeOffence) -> dict[str, Any]:
    rules = justice_rules().offences
    penalty = rules.penalty(o.penalty) if rules else None
    amount = ""
    if o.penalty_amount is not None:
        unit = dict(PenaltyUnit.choices).get(o.penalty_unit, o.penalty_unit)
        amount = f"{o.penalty_amount.normalize():f} {unit}"
    return {
        "obj": o,
        "article": basis_citation(o.article),
        "penalty": penalty.name() if penalty else o.penalty,
        "amount": amount,
    }


@login_required
def consequence_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_see_consequences(actor):
        raise deny()
    page = Paginator(consequences_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [consequence_row(c) for c in page]
    record_liability_read(
        actor=actor,
        what="consequences",
        ids=[r["obj"].pk for r in rows],
        purpose="list of Art. 30 decisions",
    )
    return render(
        request,
        "justice/consequence_list.html",
        {
            "page": page,
            "rows": rows,
            "can_record": actor.can(Cap.FOREIGN_NATIONAL_RECORD) and actor.agency is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consequence_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can(Cap.FOREIGN_NATIONAL_RECORD) or actor.agency is None:
        raise deny()
    form = ConsequenceForm(
        request.POST or None,
        initial={"decided_on": timezone.localdate()},
        proceedings=_proceedings_choices(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_record_consequence(actor=actor, data=form.consequence_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("justice:consequences")
    return render(request, "justice/consequence_form.html", {"form": form})


@login_required
def offence_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_see_offences(actor):
        raise deny()
    qs = offences_for(actor)
    rules = justice_rules().offences
    article = request.GET.get("article", "")
    if article:
        qs = qs.filter(article=article)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [offence_row(o) for o in page]
    record_liability_read(
        actor=actor,
        what="offences",
        ids=[r["obj"].pk for r in rows if r["obj"].offender_kind == "person"],
        purpose="list of administrative offences",
    )
    return render(
        request,
        "justice/offence_list.html",
        {
            "page": page,
            "rows": rows,
            "articles": rules.articles if rules else (),
            "article": article,
            "can_record": actor.can(Cap.OFFENCE_RECORD) and actor.agency is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offence_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can(Cap.OFFENCE_RECORD) or actor.agency is None:
        raise deny()
    form = OffenceForm(
        request.POST or None,
        initial={"decided_on": timezone.localdate()},
        proceedings=_proceedings_choices(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_record_offence(actor=actor, data=form.offence_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            messages.success(request, _("Administrative offence recorded."))
            return redirect("justice:offences")
    return render(request, "justice/offence_form.html", {"form": form})

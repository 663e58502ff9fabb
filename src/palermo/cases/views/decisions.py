"""Deciding victim status, and the list of decisions that are overdue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import access_case
from palermo.cases.access_parts import can_decide_status
from palermo.cases.forms import DecisionForm
from palermo.cases.services import do_decide_status, overdue_decisions
from palermo.cases.views.parts import decision_context
from palermo.core.access import deny
from palermo.core.errors import ConflictError


@login_required
@require_http_methods(["GET", "POST"])
def decide_status(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    if not can_decide_status(actor, case):
        raise deny()
    form = DecisionForm(
        request.POST or None, case=case, initial={"expected_status": case.trafficking_status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = do_decide_status(
                actor=actor,
                case=case,
                data=form.decision_input(),
                expected_status=form.cleaned_data["expected_status"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(
                exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            )
        else:
            messages.success(
                request,
                _("Decision recorded: %(outcome)s.") % {"outcome": decision.get_outcome_display()},
            )
            return redirect("cases:detail", case_id=case.pk)
    context = {"case": case, "form": form, **decision_context(actor, case)}
    return render(request, "cases/decision_form.html", context)


@login_required
def overdue_decision_list(request: HttpRequest) -> HttpResponse:
    """The overdue decisions of the actor's cases (the dashboard includes the same partial)."""
    actor = request_actor(request)
    if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
        raise deny()
    return render(
        request, "cases/overdue_decisions.html", {"overdue_cases": overdue_decisions(actor)}
    )

"""Closing and reopening a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.cases.access import access_case
from palermo.cases.access_parts import can_change_case_status
from palermo.cases.forms import CloseCaseForm, ReopenCaseForm
from palermo.cases.services import do_close_case, do_reopen_case
from palermo.core.access import deny
from palermo.core.errors import ConflictError


def _status_page(request: HttpRequest, case_id: int, *, closing: bool) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    if not can_change_case_status(actor, case) or case.is_open != closing:
        raise deny()
    form_class = CloseCaseForm if closing else ReopenCaseForm
    form = form_class(request.POST or None, case=case, initial={"expected_status": case.status})
    if request.method == "POST" and form.is_valid():
        service = do_close_case if closing else do_reopen_case
        try:
            service(
                actor=actor,
                case=case,
                data=form.status_input(),
                expected_status=form.cleaned_data["expected_status"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(
                exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            )
        else:
            done = _("Case %(ref)s closed.") if closing else _("Case %(ref)s reopened.")
            messages.success(request, done % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/case_status_form.html", {"case": case, "form": form, "closing": closing}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    return _status_page(request, case_id, closing=True)


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    return _status_page(request, case_id, closing=False)

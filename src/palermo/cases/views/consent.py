"""Recording and withdrawing consent from the case page (htmx, or plain posts without JS)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.actor import request_actor
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.access_parts import access_consent, can_manage_consent
from palermo.cases.forms import ConsentForm, WithdrawConsentForm
from palermo.cases.models import Case
from palermo.cases.services import (
    do_record_consent,
    do_withdraw_consent,
    record_identity_view,
)
from palermo.cases.views.cases import render_case_page
from palermo.cases.views.parts import consent_context
from palermo.core.access import deny
from palermo.core.feedback import service_errors


def _answer(
    request: HttpRequest, case: Case, *, ok: bool, message: str = "", **forms: Any
) -> HttpResponse:
    """htmx: the consent section again; without JS: back to the case page (or, on an error, the
    case page with the form and its errors)."""
    actor = request_actor(request)
    if request.htmx:  # type: ignore[attr-defined]
        show_identity = can_see_identity(actor)
        if show_identity:
            record_identity_view(actor=actor, cases=[case], purpose="consent")
        context = {
            "case": case,
            "show_identity": show_identity,
            "consent_message": message if ok else "",
            **consent_context(actor, case, **forms),
        }
        return render(request, "cases/_consents.html", context)
    if ok:
        messages.success(request, message)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#consent")
    return render_case_page(request, actor, case, **forms)


@login_required
@require_POST
def consent_record(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    if not can_manage_consent(actor, case):
        raise deny()
    form = ConsentForm(request.POST, case=case)
    if form.is_valid():
        try:
            consent = do_record_consent(actor=actor, case=case, data=form.consent_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            message = _("Consent recorded: %(purpose)s.") % {
                "purpose": consent.get_purpose_display()
            }
            return _answer(request, case, ok=True, message=message)
    return _answer(request, case, ok=False, form=form)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id)
    consent = access_consent(actor, case, consent_id, write=True)
    form = WithdrawConsentForm(request.POST, consent=consent)
    if form.is_valid():
        try:
            do_withdraw_consent(
                actor=actor,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            message = _("Consent withdrawn: %(purpose)s. It no longer covers this use.") % {
                "purpose": consent.get_purpose_display()
            }
            return _answer(request, case, ok=True, message=message)
    return _answer(request, case, ok=False, withdraw_forms={consent.pk: form})

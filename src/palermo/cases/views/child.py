"""Recording the notification of the child-protection authority from the case page."""

from __future__ import annotations

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
from palermo.cases.forms import ChildProtectionForm
from palermo.cases.services import concerns_a_child, do_record_child_protection_notice
from palermo.cases.views.cases import render_case_page
from palermo.cases.views.parts import child_protection_context
from palermo.core.feedback import service_errors


@login_required
@require_POST
def child_protection_record(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor, case_id, write=True)
    if not concerns_a_child(case):
        return redirect("cases:detail", case_id=case.pk)
    form = ChildProtectionForm(request.POST, case=case)
    ok = False
    if form.is_valid():
        try:
            do_record_child_protection_notice(actor=actor, case=case, data=form.notice_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            ok = True
    message = _("The notification of the child-protection authority was recorded.")
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "case": case,
            "show_identity": can_see_identity(actor),
            "child_message": message if ok else "",
            **child_protection_context(actor, case, form=None if ok else form),
        }
        return render(request, "cases/_child_protection.html", context)
    if ok:
        messages.success(request, message)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#child-protection")
    return render_case_page(request, actor, case, child_form=form)

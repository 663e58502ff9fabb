"""A page with the dashboard panels (the lead's agency dashboard includes the same panels)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny
from palermo.referrals.sections import dashboard as dashboard_context


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
        raise deny()
    return render(request, "referrals/dashboard.html", dashboard_context(actor))

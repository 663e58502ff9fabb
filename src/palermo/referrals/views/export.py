"""The referral list's export (CSV or XLSX), with the inbox's filters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.accounts.second_factor import has_recent_second_factor, step_up_redirect
from palermo.core.access import deny
from palermo.core.spreadsheet import FORMATS
from palermo.referrals.access import referrals_for, shared_parts_annotations
from palermo.referrals.exports import export_referrals
from palermo.referrals.queries import BOXES, can_use_referrals, filter_box
from palermo.referrals.vocab import ReferralStatus


@login_required
@require_GET
def referral_export(request: HttpRequest) -> HttpResponse:
    """``?box=&status=&format=csv|xlsx&identities=1``. A GET (no names in it), so that after
    confirming a fresh second factor the user comes straight back to the download."""
    actor = request_actor(request)
    if not can_use_referrals(actor):
        raise deny()
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        raise Http404
    identities = request.GET.get("identities") in ("on", "1", "true")
    if identities and not actor.can(Cap.IDENTITY_VIEW):
        raise deny()
    if identities and not has_recent_second_factor(request):
        return step_up_redirect(request)
    default_box = "incoming" if actor.can(Cap.CASE_VIEW_AGENCY) else "all"
    box = request.GET.get("box", default_box)
    box = box if box in BOXES else default_box
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    qs = filter_box(actor, referrals_for(actor), box, status).annotate(
        **shared_parts_annotations(actor, "case_id")
    )
    try:
        file = export_referrals(
            actor=actor,
            referrals=qs,
            fmt=fmt,
            identities=identities,
            filters={"box": box, "status": status},
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("referrals:inbox")
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


__all__ = ["referral_export"]

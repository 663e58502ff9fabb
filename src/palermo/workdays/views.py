"""The page of transfers of working days: those of the pack, those recorded, and the form."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.access import deny
from palermo.core.feedback import flash_errors, service_errors
from palermo.jurisdictions.pack import get_pack
from palermo.workdays.access import (
    access_transfer,
    can_manage_transfers,
    can_view_transfers,
    transfers_for,
)
from palermo.workdays.forms import TransferForm
from palermo.workdays.services import (
    do_record_transfer,
    do_withdraw_transfer,
    year_without_transfers,
)


def pack_transfers() -> list[tuple[date, str]]:
    """The pack's one-off days (off and worked) with their reasons, in date order."""
    calendar = get_pack().calendar
    days = {**calendar.extra_days_off, **calendar.extra_working_days}
    return [(day, days[day].get()) for day in sorted(days)]


@login_required
@require_http_methods(["GET", "POST"])
def transfer_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_view_transfers(actor):
        raise deny()
    manage = can_manage_transfers(actor)
    form = TransferForm(request.POST or None) if manage else None
    if request.method == "POST":
        if form is None:
            raise deny()
        if form.is_valid():
            try:
                transfer = do_record_transfer(actor=actor, data=form.transfer_input())
            except ValidationError as exc:
                form.add_service_errors(service_errors(exc))
            else:
                moved = transfer.deadline_changes.count()
                messages.success(
                    request,
                    _("Transfer recorded; %(n)d due dates were recomputed.") % {"n": moved},
                )
                return redirect("workdays:list")
    context = {
        "transfers": transfers_for(actor),
        "pack_transfers": pack_transfers(),
        "form": form,
        "can_manage": manage,
        "missing_year": year_without_transfers() if manage else None,
    }
    return render(request, "workdays/transfers.html", context)


@login_required
@require_POST
def transfer_withdraw(request: HttpRequest, transfer_id: int) -> HttpResponse:
    actor = request_actor(request)
    transfer = access_transfer(actor, transfer_id, write=True)
    try:
        do_withdraw_transfer(actor=actor, transfer=transfer)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Transfer withdrawn; the due dates were recomputed."))
    return redirect("workdays:list")

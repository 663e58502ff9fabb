"""Pages of the data lifecycle: shredding lists for the national administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import has_recent_second_factor, step_up_url
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.core.feedback import flash_errors
from palermo.lifecycle.access import access_shred_batch, can_review_shredding, shred_batches_for
from palermo.lifecycle.forms import VersionForm
from palermo.lifecycle.models import ShredBatch, ShredItem
from palermo.lifecycle.retention import rules
from palermo.lifecycle.services import (
    do_approve_shred_batch,
    do_carry_out_shredding,
    do_reject_shred_batch,
    do_scan_retention,
)

HOLD_LABELS = {
    "open_proceedings": gettext_lazy("criminal proceedings are open"),
    "pending_compensation": gettext_lazy("a compensation claim is pending"),
    "minor": gettext_lazy("the person is a minor (and for some years after)"),
}


@login_required
def shredding_lists(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_review_shredding(actor):
        raise deny()
    setup = rules()
    return render(
        request,
        "lifecycle/shredding_lists.html",
        {
            "batches": shred_batches_for(actor)[:100],
            "rules": [
                (rule, [str(HOLD_LABELS.get(h, h)) for h in rule.holds])
                for rule in (setup.rules if setup else ())
            ],
        },
    )


@login_required
def shredding_list(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = request_actor(request)
    batch = access_shred_batch(actor, batch_id)
    items = batch.items.order_by("kind", "due_on", "pk")
    return render(
        request,
        "lifecycle/shredding_list.html",
        {
            "batch": batch,
            "items": items,
            "pending": items.filter(status=ShredItem.Status.PENDING).count(),
            "form": VersionForm(initial={"version": batch.version}),
            "proposed": batch.status == ShredBatch.Status.PROPOSED,
            "approved": batch.status == ShredBatch.Status.APPROVED,
        },
    )


def _decide(request: HttpRequest, batch_id: int, *, approve: bool) -> HttpResponse:
    actor = request_actor(request)
    batch = access_shred_batch(actor, batch_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Reload the page."))
        return redirect("lifecycle:list", batch_id=batch.pk)
    if approve and not has_recent_second_factor(request):
        # Approving destruction asks for a fresh code; the administrator then approves again.
        messages.info(request, _("Confirm your second factor, then approve the list again."))
        return redirect(step_up_url(reverse("lifecycle:list", args=[batch.pk])))
    service = do_approve_shred_batch if approve else do_reject_shred_batch
    try:
        service(actor=actor, batch=batch, version=form.cleaned_data["version"])
    except (ValidationError, ConflictError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("List approved: the records will be destroyed.")
            if approve
            else _("List rejected: nothing on it will be destroyed."),
        )
    return redirect("lifecycle:list", batch_id=batch.pk)


@login_required
@require_POST
def approve(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _decide(request, batch_id, approve=True)


@login_required
@require_POST
def reject(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _decide(request, batch_id, approve=False)


@login_required
@require_POST
def carry_out(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = request_actor(request)
    batch = access_shred_batch(actor, batch_id)
    try:
        handled = do_carry_out_shredding(actor=actor, batch=batch)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("%(n)d records handled.") % {"n": handled})
    return redirect("lifecycle:list", batch_id=batch.pk)


@login_required
@require_POST
def scan(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_review_shredding(actor):
        raise deny()
    batch = do_scan_retention()
    if batch is None:
        messages.info(request, _("Nothing is due for destruction today."))
        return redirect("lifecycle:lists")
    return redirect("lifecycle:list", batch_id=batch.pk)

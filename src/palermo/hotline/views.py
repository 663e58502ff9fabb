"""Hotline pages: calls, the agency check during a call, tips and the queue, statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.core.access import deny
from palermo.core.actions import Refusal
from palermo.core.errors import ConflictError
from palermo.core.params import parse_year
from palermo.hotline.access import (
    access_call,
    access_tip,
    calls_for,
    calls_for_stats,
    can_edit_call,
    can_triage_tip,
    can_view_call_stats,
    tips_for,
    tips_for_stats,
)
from palermo.hotline.caps import HOTLINE_WORK, has_cap
from palermo.hotline.forms import (
    AgencyCheckForm,
    CallForm,
    CallTipForm,
    HandoverForm,
    TipCloseForm,
    TipForwardForm,
)
from palermo.hotline.services import (
    call_initial,
    do_check_agency,
    do_close_tip,
    do_create_tip_from_call,
    do_forward_tip,
    do_hand_over_call,
    do_log_call,
    do_update_call,
    record_call_read,
    record_tip_read,
)
from palermo.hotline.stats import call_statistics
from palermo.hotline.vocab import TipStatus
from palermo.jurisdictions.pack import get_pack

PAGE_SIZE = 25


def region_name(code: str) -> str:
    region = get_pack().region(code) if code else None
    return region.name() if region else (code or "—")


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    calls = calls_for(actor)
    if calls.query.is_empty():  # a role that sees no call at all: the page does not exist for it
        raise deny()
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    new_tips = tips_for(actor).filter(status=TipStatus.NEW).count() if can_triage_tip(actor) else 0
    return render(
        request,
        "hotline/call_list.html",
        {
            "page": page,
            "can_log": has_cap(actor, HOTLINE_WORK),
            "new_tips": new_tips,
            "can_stats": can_view_call_stats(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not has_cap(actor, HOTLINE_WORK) or actor.agency is None:
        raise deny()
    form = CallForm(request.POST or None, initial={"outcome": "open"})
    if request.method == "POST" and form.is_valid():
        try:
            call = do_log_call(actor=actor, data=form.call_input())
        except ValidationError as exc:
            Refusal.of(exc).add_to_form(form)
        else:
            messages.success(request, _("Call %(ref)s logged.") % {"ref": call.reference})
            return redirect("hotline:call", call_id=call.pk)
    return render(request, "hotline/call_form.html", {"form": form, "call": None})


@login_required
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = request_actor(request)
    call = access_call(actor, call_id)
    record_call_read(actor=actor, call=call, purpose="hotline call")
    editable = can_edit_call(actor, call)
    return render(
        request,
        "hotline/call_detail.html",
        {
            "call": call,
            "region_name": region_name(call.region),
            "can_edit": editable,
            "checks": call.agency_checks.all(),
            "check_form": AgencyCheckForm(),
            "tip_form": CallTipForm(initial={"version": call.version}),
            "tips": call.tips.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = request_actor(request)
    call = access_call(actor, call_id, write=True)
    if request.method == "POST":
        form = CallForm(request.POST)
        if form.is_valid():
            try:
                do_update_call(
                    actor=actor,
                    call=call,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.call_input(),
                )
            except (ConflictError, ValidationError) as exc:
                Refusal.of(exc).add_to_form(form)
            else:
                messages.success(request, _("Call %(ref)s saved.") % {"ref": call.reference})
                return redirect("hotline:call", call_id=call.pk)
    else:
        record_call_read(actor=actor, call=call, purpose="hotline call edit")
        form = CallForm(initial=call_initial(call))
    return render(request, "hotline/call_form.html", {"form": form, "call": call})


@login_required
@require_POST
def call_check_agency(request: HttpRequest, call_id: int) -> HttpResponse:
    """The one search box during a call: checks an agency and attaches the answer to the call.

    With htmx only the results panel is replaced; without JavaScript the call page reloads."""
    actor = request_actor(request)
    call = access_call(actor, call_id, write=True)
    form = AgencyCheckForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            do_check_agency(actor=actor, call=call, query=form.cleaned_data["query"])
        except ValidationError as exc:
            error = " ".join(Refusal.of(exc).texts)
    else:
        error = _("Enter a name, taxpayer number or licence number.")
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "hotline/_agency_checks.html",
            {"call": call, "checks": call.agency_checks.all(), "check_error": error},
        )
    if error:
        messages.error(request, error)
    return redirect("hotline:call", call_id=call.pk)


@login_required
@require_POST
def call_make_tip(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = request_actor(request)
    call = access_call(actor, call_id, write=True)
    form = CallTipForm(request.POST)
    if form.is_valid():
        try:
            tip = do_create_tip_from_call(
                actor=actor,
                call=call,
                expected_version=form.cleaned_data["version"],
                what_happened=form.cleaned_data["what_happened"],
                include_contact=form.cleaned_data["include_contact"],
            )
        except (ConflictError, ValidationError) as exc:
            Refusal.of(exc).flash(request)
        else:
            messages.success(
                request,
                _("Tip %(ref)s forwarded to %(unit)s.")
                % {"ref": tip.reference, "unit": tip.forwarded_to},
            )
    else:
        messages.error(request, _("The form was incomplete; reload the call and try again."))
    return redirect("hotline:call", call_id=call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def call_handover(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = request_actor(request)
    call = access_call(actor, call_id, write=True)
    if request.method == "POST":
        form = HandoverForm(request.POST)
        if form.is_valid():
            try:
                updated = do_hand_over_call(
                    actor=actor,
                    call=call,
                    expected_version=form.cleaned_data["version"],
                    data=form.handover_input(),
                )
            except (ConflictError, ValidationError) as exc:
                Refusal.of(exc).add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Case %(case)s registered and referred to %(unit)s.")
                    % {"case": updated.case, "unit": updated.referral_target},
                )
                return redirect("hotline:call", call_id=call.pk)
    else:
        form = HandoverForm(initial={"version": call.version})
    return render(
        request,
        "hotline/handover_form.html",
        {"form": form, "call": call, "region_name": region_name(call.region)},
    )


@login_required
def tip_queue(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tips = tips_for(actor)
    if tips.query.is_empty():
        raise deny()
    status = request.GET.get("status", TipStatus.NEW if can_triage_tip(actor) else "")
    if status and status in TipStatus.values:
        tips = tips.filter(status=status)
    else:
        status = ""
    page = Paginator(tips, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each tip with its region's name in the user's language (the pack's, not the bare code).
    rows = [(tip, region_name(tip.region)) for tip in page]
    return render(
        request,
        "hotline/tip_queue.html",
        {"page": page, "rows": rows, "status": status, "statuses": TipStatus.choices},
    )


@login_required
def tip_detail(request: HttpRequest, tip_id: int) -> HttpResponse:
    actor = request_actor(request)
    tip = access_tip(actor, tip_id)
    record_tip_read(actor=actor, tip=tip, purpose="tip")
    can_triage = can_triage_tip(actor) and tip.status == TipStatus.NEW
    return render(
        request,
        "hotline/tip_detail.html",
        {
            "tip": tip,
            "region_name": region_name(tip.region),
            "can_triage": can_triage,
            "forward_form": TipForwardForm(initial={"version": tip.version, "region": tip.region}),
            "close_form": TipCloseForm(initial={"version": tip.version}),
        },
    )


@login_required
@require_POST
def tip_forward(request: HttpRequest, tip_id: int) -> HttpResponse:
    actor = request_actor(request)
    tip = access_tip(actor, tip_id, write=True)
    form = TipForwardForm(request.POST)
    if form.is_valid():
        try:
            tip = do_forward_tip(
                actor=actor,
                tip=tip,
                expected_version=form.cleaned_data["version"],
                region=form.cleaned_data["region"],
            )
        except (ConflictError, ValidationError) as exc:
            Refusal.of(exc).flash(request)
        else:
            messages.success(request, _("Tip forwarded to %(unit)s.") % {"unit": tip.forwarded_to})
    return redirect("hotline:tip", tip_id=tip.pk)


@login_required
@require_POST
def tip_close(request: HttpRequest, tip_id: int) -> HttpResponse:
    actor = request_actor(request)
    tip = access_tip(actor, tip_id, write=True)
    form = TipCloseForm(request.POST)
    if form.is_valid():
        try:
            tip = do_close_tip(
                actor=actor,
                tip=tip,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except (ConflictError, ValidationError) as exc:
            Refusal.of(exc).flash(request)
        else:
            messages.success(request, _("Tip closed."))
    else:
        messages.error(request, _("Choose why the tip is closed."))
    return redirect("hotline:tip", tip_id=tip.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_view_call_stats(actor):
        raise deny()
    year = parse_year(request.GET.get("year"))
    stats = call_statistics(calls_for_stats(actor), tips_for_stats(actor), year)
    return render(
        request,
        "hotline/statistics.html",
        {"stats": stats, "year": year, "months": range(1, 13)},
    )

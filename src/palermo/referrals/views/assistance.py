"""A case's referrals and assistance: services delivered, the reintegration plan, follow-ups and
assisted voluntary return."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.models import Case
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.referrals.access import (
    accepted_referrals,
    access_assisted_case,
    access_goal,
    assisted_return_of,
    can_see_notes,
    visible_parts,
)
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.forms import (
    AvrForm,
    AvrOpenForm,
    CounsellingForm,
    DeliveryForm,
    FollowUpForm,
    GoalForm,
)
from palermo.referrals.sections import case_section
from palermo.referrals.services import (
    AvrInput,
    DeliveryInput,
    FollowUpInput,
    GoalInput,
    do_add_avr_counselling,
    do_add_goal,
    do_open_assisted_return,
    do_record_follow_up,
    do_record_service_delivery,
    do_update_assisted_return,
    do_update_goal,
    record_shared_view,
)
from palermo.referrals.views._util import error_dict, error_text, region_name


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case as the referral mechanism shows it (also to agencies it was referred to)."""
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id)
    context = case_section(actor, case)
    record_shared_view(actor=actor, case=case, parts=context["parts"], purpose="referral case file")
    context["region_name"] = region_name(case.region)
    return render(request, "referrals/case.html", context)


def _form_page(
    request: HttpRequest, case: Case, form: Any, title: str, *, intro: str = ""
) -> HttpResponse:
    return render(
        request, "referrals/form.html", {"form": form, "case": case, "title": title, "intro": intro}
    )


def _back(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("referrals:case", case_id=case.pk)


def delivery_services(actor: Actor, case: Case) -> list[tuple[str, str]]:
    """The services the actor may record: any for the owning agency, otherwise those its
    accepted referrals ask for."""
    catalogue = get_catalogue()
    if case.owning_agency_id == getattr(actor.agency, "pk", None):
        return catalogue.choices()
    codes = sorted(
        {
            code
            for referral in accepted_referrals(case, actor.agency).prefetch_related("services")
            for code in referral.service_codes
        }
    )
    return [(code, catalogue.label(code)) for code in codes]


@login_required
@require_http_methods(["GET", "POST"])
def delivery_new(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id, write=True)
    form = DeliveryForm(request.POST or None, services=delivery_services(actor, case))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            do_record_service_delivery(
                actor=actor,
                case=case,
                data=DeliveryInput(
                    service_type=d.get("service_type", ""),
                    delivered_on=d.get("delivered_on"),
                    notes=d.get("notes", ""),
                ),
            )
        except ValidationError as exc:
            form.add_service_errors(error_dict(exc))
        else:
            return _back(request, case, _("Service recorded."))
    return _form_page(request, case, form, _("Record a service delivered"))


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id, write=True)
    form = GoalForm(request.POST or None)
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        try:
            do_add_goal(actor=actor, case=case, data=_goal_input(form.cleaned_data))
        except ValidationError as exc:
            form.add_service_errors(error_dict(exc))
        else:
            return _back(request, case, _("Goal added to the reintegration plan."))
    return _form_page(request, case, form, _("Add a goal to the reintegration plan"))


def _goal_input(d: dict[str, Any]) -> GoalInput:
    return GoalInput(
        support_type=d.get("support_type", ""),
        description=d.get("description", ""),
        target_on=d.get("target_on"),
        status=d.get("status", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = request_actor(request)
    goal = access_goal(actor, goal_id, write=True)
    case = goal.case
    if not can_see_notes(actor, case):
        raise deny()  # editing a goal shows its description: free text about the person
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                do_update_goal(
                    actor=actor,
                    goal=goal,
                    data=_goal_input(form.cleaned_data),
                    expected_version=form.cleaned_data.get("version"),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(error_dict(exc))
            else:
                return _back(request, case, _("Goal saved."))
    else:
        form = GoalForm(
            initial={
                "support_type": goal.support_type,
                "description": goal.description,
                "target_on": goal.target_on,
                "status": goal.status,
                "version": goal.version,
            }
        )
    return _form_page(request, case, form, _("Edit a goal of the reintegration plan"))


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_new(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id, write=True)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            do_record_follow_up(
                actor=actor,
                case=case,
                data=FollowUpInput(
                    followed_up_on=d.get("followed_up_on"),
                    note=d.get("note", ""),
                    next_follow_up_on=d.get("next_follow_up_on"),
                ),
            )
        except ValidationError as exc:
            form.add_service_errors(error_dict(exc))
        else:
            return _back(request, case, _("Follow-up recorded."))
    return _form_page(request, case, form, _("Record a follow-up"))


@login_required
@require_http_methods(["GET", "POST"])
def assisted_return(request: HttpRequest, case_id: int) -> HttpResponse:
    """Opens the case's assisted return (first counselling) or updates it."""
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id, write=True)
    avr = assisted_return_of(actor, case)
    if avr is None:
        form: Any = AvrOpenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                do_open_assisted_return(
                    actor=actor,
                    case=case,
                    counselled_on=d.get("counselled_on"),
                    destination_country=d.get("destination_country", ""),
                    notes=d.get("notes", ""),
                )
            except ValidationError as exc:
                form.add_service_errors(error_dict(exc))
            else:
                return _back(request, case, _("Assisted return opened."))
        return _form_page(request, case, form, _("Open an assisted voluntary return"))
    show_notes = can_see_notes(actor, case)
    if request.method == "POST":
        form = AvrForm(request.POST)
        if not show_notes:
            del form.fields["notes"]
        if form.is_valid():
            d = form.cleaned_data
            try:
                do_update_assisted_return(
                    actor=actor,
                    assisted_return=avr,
                    expected_version=d.get("version"),
                    data=AvrInput(
                        status=d.get("status", ""),
                        decided_on=d.get("decided_on"),
                        destination_country=d.get("destination_country", ""),
                        departure_on=d.get("departure_on"),
                        travel_documents=d.get("travel_documents", False),
                        ticket=d.get("ticket", False),
                        escort=d.get("escort", False),
                        reintegration_grant=d.get("reintegration_grant", False),
                        notes=d.get("notes", "") if show_notes else avr.notes,
                    ),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(error_dict(exc))
            else:
                return _back(request, case, _("Assisted return saved."))
    else:
        form = AvrForm(
            initial={
                "status": avr.status,
                "decided_on": avr.decided_on,
                "destination_country": str(avr.destination_country or ""),
                "departure_on": avr.departure_on,
                "travel_documents": avr.travel_documents,
                "ticket": avr.ticket,
                "escort": avr.escort,
                "reintegration_grant": avr.reintegration_grant,
                "notes": avr.notes if show_notes else "",
                "version": avr.version,
            }
        )
        if not show_notes:
            del form.fields["notes"]
        record_shared_view(
            actor=actor, case=case, parts=visible_parts(actor, case), purpose="assisted return edit"
        )
    return render(
        request,
        "referrals/form.html",
        {
            "form": form,
            "case": case,
            "title": _("Assisted voluntary return"),
            "counselling_form": CounsellingForm(),
            "assisted_return": avr,
        },
    )


@login_required
@require_POST
def avr_counselling(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id, write=True)
    avr = assisted_return_of(actor, case)
    if avr is None:
        messages.error(request, _("Open the assisted return first."))
        return redirect("referrals:avr", case_id=case.pk)
    form = CounsellingForm(request.POST)
    form.is_valid()
    try:
        do_add_avr_counselling(
            actor=actor,
            assisted_return=avr,
            counselled_on=(getattr(form, "cleaned_data", {}) or {}).get("counselled_on"),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("referrals:avr", case_id=case.pk)
    return _back(request, case, _("Counselling session recorded."))

"""Prevention pages: the list of activities, recording and editing, the yearly summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.core.feedback import service_errors
from palermo.core.params import parse_year
from palermo.jurisdictions.pack import get_pack
from palermo.prevention.access import (
    access_activity,
    activities_for,
    can_edit_activity,
    can_record,
    can_view_summary,
)
from palermo.prevention.forms import ActivityForm
from palermo.prevention.services import do_record_activity, do_update_activity
from palermo.prevention.summary import prevention_summary
from palermo.prevention.vocab import ActivityType

PAGE_SIZE = 25


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    activities = activities_for(actor)
    if activities.query.is_empty():
        raise deny()
    kind = request.GET.get("type", "")
    if kind in ActivityType.values:
        activities = activities.filter(activity_type=kind)
    else:
        kind = ""
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    regions = {r.code: r.name() for r in get_pack().regions}
    context = {
        "page": page,
        "type": kind,
        "types": ActivityType.choices,
        "regions": regions,
        "can_record": can_record(actor),
        "can_summary": can_view_summary(actor),
    }
    partial = bool(getattr(request, "htmx", False))
    template = "prevention/_activity_table.html" if partial else "prevention/activity_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_record(actor):
        raise deny()
    national = actor.can(Cap.CASE_EDIT_NATIONAL)
    initial = {"region": actor.agency.region if actor.agency else "", "items": 1, "reach": 0}
    form = ActivityForm(request.POST or None, initial=initial, can_choose_organiser=national)
    if request.method == "POST" and form.is_valid():
        try:
            activity = do_record_activity(actor=actor, data=form.activity_input())
        except ValidationError as exc:
            form.add_service_errors(service_errors(exc))
        else:
            messages.success(
                request, _("Activity “%(title)s” recorded.") % {"title": activity.title}
            )
            return redirect("prevention:detail", activity_id=activity.pk)
    return render(request, "prevention/activity_form.html", {"form": form, "activity": None})


@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    actor = request_actor(request)
    activity = access_activity(actor, activity_id)
    region = get_pack().region(activity.region) if activity.region else None
    return render(
        request,
        "prevention/activity_detail.html",
        {
            "activity": activity,
            "region_name": region.name() if region else _("National"),
            "can_edit": can_edit_activity(actor, activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    actor = request_actor(request)
    activity = access_activity(actor, activity_id, write=True)
    national = actor.can(Cap.CASE_EDIT_NATIONAL)
    if request.method == "POST":
        form = ActivityForm(request.POST, can_choose_organiser=national)
        if form.is_valid():
            try:
                do_update_activity(
                    actor=actor,
                    activity=activity,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.activity_input(),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(service_errors(exc))
            else:
                messages.success(request, _("Activity saved."))
                return redirect("prevention:detail", activity_id=activity.pk)
    else:
        form = ActivityForm(
            initial=ActivityForm.initial_for(activity), can_choose_organiser=national
        )
    return render(request, "prevention/activity_form.html", {"form": form, "activity": activity})


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_view_summary(actor):
        raise deny()
    year = parse_year(request.GET.get("year"))
    return render(
        request,
        "prevention/summary.html",
        {"summary": prevention_summary(activities_for(actor), year), "year": year},
    )

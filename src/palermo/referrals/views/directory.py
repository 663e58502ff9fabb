"""The service directory: find an agency by service and region; managers keep it up to date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.models import Agency
from palermo.accounts.second_factor import require_recent_second_factor
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack
from palermo.referrals.access import access_offering, can_manage_offerings
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.forms import OfferingForm, region_choices, service_choices
from palermo.referrals.permissions import REFERRAL_MANAGE_NATIONAL, can
from palermo.referrals.queries import directory as directory_query
from palermo.referrals.services import OfferingInput, do_create_offering, do_update_offering
from palermo.referrals.views._util import error_dict, is_htmx

PAGE_SIZE = 50


def manageable_agencies(actor: Actor) -> QuerySet[Agency]:
    if can(actor, REFERRAL_MANAGE_NATIONAL):
        return Agency.objects.filter(is_active=True).order_by("name")
    if actor.agency is not None and can_manage_offerings(actor, actor.agency):
        return Agency.objects.filter(pk=actor.agency.pk)
    return Agency.objects.none()


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor.agency is None:
        raise deny()
    catalogue = get_catalogue()
    service = request.GET.get("service", "")
    if catalogue.get(service) is None:
        service = ""
    region = request.GET.get("region", "")
    if get_pack().region(region) is None:
        region = ""
    page = Paginator(directory_query(actor, service=service, region=region), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "service": service,
        "region": region,
        "service_choices": service_choices(blank=False),
        "region_choices": region_choices(None),
        "can_add": manageable_agencies(actor).exists(),
        "manageable": set(manageable_agencies(actor).values_list("pk", flat=True)),
    }
    template = "referrals/_directory_table.html" if is_htmx(request) else "referrals/directory.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_second_factor  # an administrative change (step-up)
def offering_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    agencies = manageable_agencies(actor)
    if not agencies.exists():
        raise deny()
    form = OfferingForm(request.POST or None, agencies=agencies, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency = d.get("agency") or (agencies.first() if agencies.count() == 1 else None)
        if agency is None:
            form.add_error("agency", _("Choose the agency that offers the service."))
        else:
            try:
                offering = do_create_offering(
                    actor=actor,
                    agency=agency,
                    data=OfferingInput(
                        service_type=d.get("service_type", ""),
                        regions=list(d.get("regions") or []),
                        notes=d.get("notes", ""),
                        is_active=bool(d.get("is_active")),
                    ),
                )
            except ValidationError as exc:
                form.add_service_errors(error_dict(exc))
            else:
                messages.success(
                    request,
                    _("%(agency)s now lists %(service)s.")
                    % {
                        "agency": offering.agency.display_name,
                        "service": get_catalogue().label(offering.service_type),
                    },
                )
                return redirect("referrals:directory")
    return render(
        request,
        "referrals/form.html",
        {"form": form, "title": _("Add a service to the directory"), "cancel": "directory"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_second_factor  # an administrative change (step-up)
def offering_edit(request: HttpRequest, offering_id: int) -> HttpResponse:
    actor = request_actor(request)
    offering = access_offering(actor, offering_id, write=True)
    if request.method == "POST":
        form = OfferingForm(
            request.POST, editing=True, initial={"service_type": offering.service_type}
        )
        if form.is_valid():
            d = form.cleaned_data
            try:
                do_update_offering(
                    actor=actor,
                    offering=offering,
                    expected_version=d.get("version"),
                    data=OfferingInput(
                        service_type=offering.service_type,
                        regions=list(d.get("regions") or []),
                        notes=d.get("notes", ""),
                        is_active=bool(d.get("is_active")),
                    ),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(error_dict(exc))
            else:
                messages.success(request, _("Directory entry saved."))
                return redirect("referrals:directory")
    else:
        form = OfferingForm(
            editing=True,
            initial={
                "service_type": offering.service_type,
                "regions": offering.region_codes,
                "notes": offering.notes,
                "is_active": offering.is_active,
                "version": offering.version,
            },
        )
    title = _("Directory entry: %(service)s, %(agency)s") % {
        "service": get_catalogue().label(offering.service_type),
        "agency": offering.agency.display_name,
    }
    return render(
        request, "referrals/form.html", {"form": form, "title": title, "cancel": "directory"}
    )

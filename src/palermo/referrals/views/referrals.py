"""Referral pages: the inbox, a referral, its answer (htmx, no page reload), sending one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.referrals.access import (
    access_assisted_case,
    access_referral,
    can_answer,
    can_refer,
    can_revoke,
    can_withdraw,
    referral_parts,
    referrals_for,
)
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.consent import consent_covers
from palermo.referrals.forms import ReasonForm, ReferralForm, VersionForm
from palermo.referrals.models import Referral
from palermo.referrals.queries import BOXES, agencies_offering, can_use_referrals, filter_box
from palermo.referrals.services import (
    ReferralInput,
    do_accept_referral,
    do_complete_referral,
    do_decline_referral,
    do_revoke_referral,
    do_send_referral,
    do_withdraw_referral,
)
from palermo.referrals.services.reads import record_shared_view
from palermo.referrals.views._util import error_dict, error_text, is_htmx, region_name
from palermo.referrals.vocab import (
    CONSENT_PARTS,
    OPEN_STATUSES,
    ReferralStatus,
    SharePart,
)

PAGE_SIZE = 25


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_use_referrals(actor):
        raise deny()
    # Staff see what was referred to their agency first; an agency administrator (who revokes)
    # what their agency sent.
    default_box = "incoming" if actor.can(Cap.CASE_VIEW_AGENCY) else "all"
    box = request.GET.get("box", default_box)
    if box not in BOXES:
        box = default_box
    status = request.GET.get("status", "")
    qs = filter_box(actor, referrals_for(actor), box, status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "box": box,
        "status": status if status in ReferralStatus.values else "",
        "statuses": ReferralStatus.choices,
        "can_export_identities": actor.can(Cap.IDENTITY_VIEW),
    }
    template = "referrals/_referral_table.html" if is_htmx(request) else "referrals/inbox.html"
    return render(request, template, context)


def referral_context(actor: Actor, referral: Referral, **extra: Any) -> dict[str, Any]:
    parts = referral_parts(actor, referral)
    catalogue = get_catalogue()
    case = referral.case
    receiving = referral.to_agency_id == getattr(actor.agency, "pk", None)
    return {
        "referral": referral,
        "case": case,
        "person": case.person,
        "parts": parts,
        "show_identity": SharePart.IDENTITY in parts,
        "show_date_of_birth": SharePart.DATE_OF_BIRTH in parts,
        "show_narrative": SharePart.NARRATIVE in parts,
        "show_exploitation": SharePart.EXPLOITATION in parts,
        "services": [
            {
                "code": code,
                "label": catalogue.label(code),
                "basis": getattr(catalogue.get(code), "legal_basis", None),
            }
            for code in referral.service_codes
        ],
        # Where the services are needed (the receiving side), not the sender's region.
        "region_name": region_name(referral.region) if referral.region else _("Whole country"),
        "shared_labels": [
            SharePart(p).label for p in SharePart.values if p in referral.share_flags
        ],
        "deliveries": referral.deliveries.select_related("agency").all(),
        "can_accept": can_answer(actor, referral) and referral.status == ReferralStatus.SENT,
        "can_complete": can_answer(actor, referral) and referral.status == ReferralStatus.ACCEPTED,
        "can_withdraw": can_withdraw(actor, referral) and referral.status in OPEN_STATUSES,
        "can_revoke": can_revoke(actor, referral)
        and referral.status in (*OPEN_STATUSES, ReferralStatus.COMPLETED),
        "case_link": can_use_case_page(actor, case),
        "is_receiver": receiving,
        **extra,
    }


def can_use_case_page(actor: Actor, case: Case) -> bool:
    try:
        access_assisted_case(actor, case.pk)
    except Http404:
        return False
    return True


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = access_referral(actor, referral_id)
    context = referral_context(actor, referral)
    if context["parts"] & CONSENT_PARTS:
        record_shared_view(
            actor=actor, case=referral.case, parts=context["parts"], purpose="referral"
        )
    return render(request, "referrals/detail.html", context)


def _after_action(
    request: HttpRequest, actor: Actor, referral_id: int, *, done: str = "", error: str = ""
) -> HttpResponse:
    referral = access_referral(actor, referral_id)
    if is_htmx(request):
        context = referral_context(actor, referral, done=done, error=error)
        return render(request, "referrals/_referral_status.html", context)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect("referrals:detail", referral_id=referral.pk)


def _transition(
    request: HttpRequest,
    referral_id: int,
    *,
    allowed: Any,
    run: Any,
    done: str,
    form_class: type[VersionForm] | type[ReasonForm] = VersionForm,
) -> HttpResponse:
    actor = request_actor(request)
    referral = access_referral(actor, referral_id)
    if not allowed(actor, referral):
        raise deny()
    form = form_class(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        run(actor, referral, data.get("version"), data.get("reason", ""))
    except (ValidationError, ConflictError) as exc:
        return _after_action(request, actor, referral_id, error=error_text(exc))
    return _after_action(request, actor, referral_id, done=done)


@login_required
@require_POST
def referral_accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _transition(
        request,
        referral_id,
        allowed=can_answer,
        run=lambda a, r, v, _reason: do_accept_referral(actor=a, referral=r, expected_version=v),
        done=_("Referral accepted. The referring agency has been told."),
    )


@login_required
@require_POST
def referral_decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _transition(
        request,
        referral_id,
        allowed=can_answer,
        run=lambda a, r, v, reason: do_decline_referral(
            actor=a, referral=r, reason=reason, expected_version=v
        ),
        done=_("Referral declined. The referring agency has been told."),
        form_class=ReasonForm,
    )


@login_required
@require_POST
def referral_complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _transition(
        request,
        referral_id,
        allowed=can_answer,
        run=lambda a, r, v, _reason: do_complete_referral(actor=a, referral=r, expected_version=v),
        done=_("Referral completed. The referring agency has been told."),
    )


@login_required
@require_POST
def referral_withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _transition(
        request,
        referral_id,
        allowed=can_withdraw,
        run=lambda a, r, v, reason: do_withdraw_referral(
            actor=a, referral=r, reason=reason, expected_version=v
        ),
        done=_("Referral withdrawn. The receiving agency has been told."),
        form_class=ReasonForm,
    )


@login_required
@require_POST
def referral_revoke(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _transition(
        request,
        referral_id,
        allowed=can_revoke,
        run=lambda a, r, v, reason: do_revoke_referral(
            actor=a, referral=r, reason=reason, expected_version=v
        ),
        done=_("Referral revoked. The agencies concerned have been told."),
        form_class=ReasonForm,
    )


# --- sending ------------------------------------------------------------------------------------


def _send_choices(request: HttpRequest, case: Case) -> tuple[list[str], str, QuerySet[Agency]]:
    source = request.POST if request.method == "POST" else request.GET
    catalogue = get_catalogue()
    services = [code for code in source.getlist("services") if catalogue.get(code) is not None]
    region = source.get("region", case.region if request.method == "GET" else "")
    return services, region, agencies_offering(services, region, exclude=case.owning_agency_id)


@login_required
@require_http_methods(["GET", "POST"])
def referral_send(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id)
    if not can_refer(actor, case):
        raise deny()
    services, region, agencies = _send_choices(request, case)
    consent = consent_covers(case)
    form = ReferralForm(
        request.POST or None,
        initial={"region": case.region},
        agencies=Agency.objects.filter(is_active=True) if request.method == "POST" else agencies,
        consent=consent,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = ReferralInput(
            to_agency_id=d["to_agency"].pk if d.get("to_agency") else None,
            services=list(d.get("services") or []),
            reason=d.get("reason", ""),
            urgency=d.get("urgency", ""),
            details=d.get("details", ""),
            region=d.get("region", ""),
            share=list(d.get("share") or []),
        )
        try:
            referral = do_send_referral(actor=actor, case=case, data=data)
        except ValidationError as exc:
            form.add_service_errors(error_dict(exc))
        else:
            messages.success(
                request,
                _("Referral %(reference)s sent to %(agency)s; the answer is due by %(due)s.")
                % {
                    "reference": referral.reference,
                    "agency": referral.to_agency.display_name,
                    "due": referral.due_on.strftime("%d.%m.%Y"),
                },
            )
            return redirect("referrals:detail", referral_id=referral.pk)
    if request.method == "POST":
        # Keep the agency list of what was chosen, so that the page shows it again.
        form.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]
    return render(
        request,
        "referrals/send.html",
        {
            "form": form,
            "case": case,
            "consent": consent,
            "agencies": agencies,
            "chosen_services": services,
            "region": region,
            "offerings": _offerings_of(agencies, services),
        },
    )


def _offerings_of(agencies: QuerySet[Agency], services: list[str]) -> list[dict[str, Any]]:
    catalogue = get_catalogue()
    rows = []
    for agency in agencies.prefetch_related("service_offerings__region_rows")[:50]:
        offered = [o for o in agency.service_offerings.all() if o.is_active]
        rows.append(
            {
                "agency": agency,
                "services": [catalogue.label(o.service_type) for o in offered],
                "notes": [o.notes for o in offered if o.service_type in services and o.notes],
            }
        )
    return rows


@login_required
def referral_send_agencies(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx: the agencies of the directory matching the chosen services and region."""
    actor = request_actor(request)
    case = access_assisted_case(actor, case_id)
    if not can_refer(actor, case):
        raise deny()
    services, region, agencies = _send_choices(request, case)
    form = ReferralForm(initial={"region": region}, agencies=agencies)
    return render(
        request,
        "referrals/_agency_choices.html",
        {
            "form": form,
            "agencies": agencies,
            "chosen_services": services,
            "region": region,
            "offerings": _offerings_of(agencies, services),
        },
    )

"""Pages of compensation claims in criminal proceedings (CPC ch. 48): claims, court awards and
payments. Victims appear by their reference number only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.justice.access import proceedings_for
from palermo.justice.compensation.access import (
    access_claim,
    can_edit_claim,
    can_list_claims,
    can_manage_fund,
    claim_proceedings,
    claimable_victims,
    claims_for,
)
from palermo.justice.compensation.forms import AwardForm, ClaimForm, NewClaimForm, PaymentForm
from palermo.justice.compensation.models import Award
from palermo.justice.compensation.rules import basis, rules
from palermo.justice.compensation.services import (
    amounts,
    do_amend_claim,
    do_record_award,
    do_record_claim,
    do_record_offender_payment,
)
from palermo.justice.vocab import ParticipantRole

PAGE_SIZE = 25


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_list_claims(actor):
        raise deny()
    claims = claims_for(actor)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(claim, amounts(claim)) for claim in page]
    # Proceedings of the actor's own agency with a victim who has no claim yet.
    open_for_claims = []
    if actor.can(Cap.PROCEEDINGS_WORK) and actor.agency is not None:
        open_for_claims = list(
            proceedings_for(actor)
            .filter(
                investigating_agency=actor.agency,
                participants__role=ParticipantRole.VICTIM,
                participants__compensation_claim__isnull=True,
            )
            .distinct()
            .order_by("-opened_on")[:50]
        )
    return render(
        request,
        "compensation/claim_list.html",
        {
            "page": page,
            "rows": rows,
            "open_for_claims": open_for_claims,
            "basis": basis(rules().claim_basis),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest, proceedings_id: int) -> HttpResponse:
    actor = request_actor(request)
    proceedings = claim_proceedings(actor, proceedings_id)
    victims = claimable_victims(proceedings)
    form = NewClaimForm(
        request.POST or None, victims=victims, initial={"filed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = do_record_claim(
                actor=actor, participant=form.cleaned_data["participant"], data=form.claim_input()
            )
        except (ConflictError, ValidationError) as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Claim %(ref)s recorded.") % {"ref": claim.reference})
            return redirect("compensation:claim", claim_id=claim.pk)
    return render(
        request,
        "compensation/claim_form.html",
        {
            "form": form,
            "proceedings": proceedings,
            "claim": None,
            "basis": basis(rules().claim_basis),
        },
    )


@login_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access_claim(actor, claim_id)
    award = Award.objects.filter(claim=claim).first()
    editable = can_edit_claim(actor, claim)
    now = amounts(claim)
    return render(
        request,
        "compensation/claim_detail.html",
        {
            "claim": claim,
            "award": award,
            "amounts": now,
            "payments": claim.payments.select_related(
                "fund_transaction", "fund_transaction__reversed_by"
            ),
            "can_edit": editable and award is None,
            "can_award": editable and award is None,
            "can_record_payment": editable and award is not None and now.outstanding > 0,
            "can_pay_from_fund": can_manage_fund(actor)
            and award is not None
            and now.outstanding > 0,
            "basis": basis(claim.legal_basis_key),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access_claim(actor, claim_id, write=True)
    form = ClaimForm(
        request.POST or None,
        initial={
            "filed_on": claim.filed_on,
            "moral_claimed": claim.moral_claimed,
            "material_claimed": claim.material_claimed,
            "note": claim.note,
            "version": claim.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_amend_claim(
                actor=actor,
                claim=claim,
                data=form.claim_input(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except (ConflictError, ValidationError) as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Claim %(ref)s saved.") % {"ref": claim.reference})
            return redirect("compensation:claim", claim_id=claim.pk)
    return render(
        request,
        "compensation/claim_form.html",
        {
            "form": form,
            "proceedings": claim.proceedings,
            "claim": claim,
            "basis": basis(claim.legal_basis_key),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_new(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access_claim(actor, claim_id, write=True)
    form = AwardForm(
        request.POST or None,
        initial={
            "moral_awarded": claim.moral_claimed,
            "material_awarded": claim.material_claimed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_record_award(actor=actor, claim=claim, data=form.award_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The court's award is recorded."))
            return redirect("compensation:claim", claim_id=claim.pk)
    return render(request, "compensation/award_form.html", {"form": form, "claim": claim})


@login_required
@require_http_methods(["GET", "POST"])
def offender_payment_new(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access_claim(actor, claim_id, write=True)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            do_record_offender_payment(actor=actor, claim=claim, data=form.payment_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The offender's payment is recorded."))
            return redirect("compensation:claim", claim_id=claim.pk)
    return render(
        request,
        "compensation/offender_payment_form.html",
        {"form": form, "claim": claim, "amounts": amounts(claim)},
    )

"""Pages of the State Compensation Fund: the ledger, receipts, grants, reversals, statements and
the awards to pay."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import Actor, request_actor
from palermo.core.access import deny
from palermo.core.actions import Refusal
from palermo.core.errors import ConflictError
from palermo.justice.compensation.access import (
    access_award,
    access_transaction,
    awards_for,
    can_manage_fund,
    can_view_fund,
    transactions_for,
)
from palermo.justice.compensation.forms import (
    GrantForm,
    PaymentForm,
    PeriodForm,
    ReceiptForm,
    ReversalForm,
)
from palermo.justice.compensation.rules import basis, rules
from palermo.justice.compensation.services import (
    Statement,
    amounts,
    awards_to_pay,
    balance,
    default_period,
    do_pay_from_fund,
    do_record_grant,
    do_record_receipt,
    do_reverse_transaction,
    grantee_agencies,
    receivable_organisations,
    received_from,
    statement,
)

PAGE_SIZE = 25


def _viewer(request: HttpRequest) -> Actor:
    actor = request_actor(request)
    if not can_view_fund(actor):
        raise deny()
    return actor


def _manager(request: HttpRequest) -> Actor:
    actor = request_actor(request)
    if not can_manage_fund(actor):
        raise deny()
    return actor


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    actor = _viewer(request)
    page = Paginator(transactions_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    date_from, date_to = default_period()
    return render(
        request,
        "compensation/ledger.html",
        {
            "page": page,
            "balance": balance(),
            "currency": rules().currency,
            "year": statement(date_from=date_from, date_to=date_to),
            "can_manage": can_manage_fund(actor),
            "to_pay": awards_to_pay(awards_for(actor)).count(),
            "fund_basis": basis(rules().fund_basis),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def receipt_new(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    organisations = receivable_organisations()
    form = ReceiptForm(
        request.POST or None,
        organisations=organisations,
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            txn = do_record_receipt(actor=actor, data=form.receipt_input())
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Receipt %(ref)s recorded.") % {"ref": txn.reference})
            return redirect("compensation:transaction", transaction_id=txn.pk)
    received = [
        (org, received_from(org, rules().currency))
        for org in organisations
        if org.confiscated_currency == rules().currency
    ]
    return render(
        request,
        "compensation/receipt_form.html",
        {"form": form, "received": received, "currency": rules().currency},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_new(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = GrantForm(
        request.POST or None,
        agencies=grantee_agencies(),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            txn = do_record_grant(actor=actor, data=form.grant_input())
        except ConflictError as exc:
            form.add_error("amount", str(exc))
        except ValidationError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Grant %(ref)s recorded.") % {"ref": txn.reference})
            return redirect("compensation:transaction", transaction_id=txn.pk)
    return render(
        request,
        "compensation/grant_form.html",
        {"form": form, "balance": balance(), "currency": rules().currency},
    )


@login_required
def transaction_detail(request: HttpRequest, transaction_id: int) -> HttpResponse:
    actor = request_actor(request)
    txn = access_transaction(actor, transaction_id)
    reversal = txn.reversed_by if txn.is_reversed else None
    payment = getattr(txn, "victim_payment", None)
    original_payment = getattr(txn.reverses, "victim_payment", None) if txn.reverses else None
    return render(
        request,
        "compensation/transaction_detail.html",
        {
            "txn": txn,
            "entries": txn.entries.select_related("account"),
            "reversal": reversal,
            "payment": payment or original_payment,
            "can_reverse": can_manage_fund(actor) and reversal is None and txn.kind != "reversal",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transaction_reverse(request: HttpRequest, transaction_id: int) -> HttpResponse:
    actor = request_actor(request)
    txn = access_transaction(actor, transaction_id, write=True)
    form = ReversalForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reversal = do_reverse_transaction(actor=actor, original=txn, data=form.reversal_input())
        except (ConflictError, ValidationError) as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request,
                _("%(ref)s reversed by %(reversal)s.")
                % {"ref": txn.reference, "reversal": reversal.reference},
            )
            return redirect("compensation:transaction", transaction_id=reversal.pk)
    return render(request, "compensation/reversal_form.html", {"form": form, "txn": txn})


def _statement_for(request: HttpRequest) -> tuple[PeriodForm, Statement | None]:
    date_from, date_to = default_period()
    data = request.GET if "date_from" in request.GET or "date_to" in request.GET else None
    form = PeriodForm(data, initial={"date_from": date_from, "date_to": date_to})
    if data is None:
        return form, statement(date_from=date_from, date_to=date_to)
    if not form.is_valid():
        return form, None
    try:
        return form, statement(
            date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
        )
    except ValidationError as exc:
        Refusal.of(exc).add_to_form(form)
        return form, None


@login_required
def statement_view(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    form, result = _statement_for(request)
    return render(request, "compensation/statement.html", {"form": form, "statement": result})


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def statement_csv(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    form, result = _statement_for(request)
    if result is None:
        return render(
            request, "compensation/statement.html", {"form": form, "statement": None}, status=400
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="fund-statement-{result.date_from}-{result.date_to}.csv"'
    )
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Date"), _("Transaction"), _("Kind"), _("Counterparty"), _("Document"),
            _("Description"), _("Legal basis"), _("Money in"), _("Money out"), _("Balance"),
            _("Currency"),
        ]
    )  # fmt: skip
    writer.writerow(
        [result.date_from, "", _("Opening balance"), "", "", "", "", "", "", result.opening,
         result.currency]
    )  # fmt: skip
    for line in result.lines:
        txn = line.transaction
        counterparty = txn.organisation or txn.grantee or ""
        writer.writerow(
            [
                txn.occurred_on, txn.reference, txn.get_kind_display(), _cell(counterparty),
                _cell(txn.document_reference), _cell(txn.description), txn.legal_basis,
                line.money_in, line.money_out, line.balance, result.currency,
            ]
        )  # fmt: skip
    writer.writerow(
        [result.date_to, "", _("Closing balance"), "", "", "", "", result.total_in,
         result.total_out, result.closing, result.currency]
    )  # fmt: skip
    return response


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    """The fund's list of court awards with an amount outstanding: no names, reference numbers."""
    actor = _viewer(request)
    page = Paginator(awards_to_pay(awards_for(actor)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compensation/award_list.html",
        {
            "page": page,
            "can_pay": can_manage_fund(actor),
            "balance": balance(),
            "currency": rules().currency,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_pay(request: HttpRequest, award_id: int) -> HttpResponse:
    actor = request_actor(request)
    award = access_award(actor, award_id, pay=True)
    now = amounts(award.claim)
    form = PaymentForm(
        request.POST or None,
        initial={
            "paid_on": max(timezone.localdate(), award.awarded_on),
            "moral_amount": max(now.moral.outstanding, 0),
            "material_amount": max(now.material.outstanding, 0),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment = do_pay_from_fund(actor=actor, award=award, data=form.payment_input())
        except (ConflictError, ValidationError) as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request,
                _("Paid from the fund: %(ref)s.") % {"ref": payment.fund_transaction.reference},  # type: ignore[union-attr]
            )
            return redirect("compensation:claim", claim_id=award.claim_id)
    return render(
        request,
        "compensation/award_pay.html",
        {"form": form, "award": award, "amounts": now, "balance": balance()},
    )

"""REST API of compensation claims and the State Compensation Fund: the same access helpers and
services as the HTML pages. Amounts are exact decimals, sent and returned as strings."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.core.api import BoundedPagination
from palermo.core.idempotency import idempotent
from palermo.justice.access import access_participant
from palermo.justice.compensation.access import (
    access_award,
    access_claim,
    access_transaction,
    awards_for,
    can_list_claims,
    can_manage_fund,
    can_view_fund,
    claims_for,
    transactions_for,
)
from palermo.justice.compensation.models import MONEY_DIGITS, MONEY_PLACES, Claim
from palermo.justice.compensation.services import (
    AwardInput,
    ClaimInput,
    GrantInput,
    PaymentInput,
    ReceiptInput,
    ReversalInput,
    amounts,
    awards_to_pay,
    do_amend_claim,
    do_pay_from_fund,
    do_record_award,
    do_record_claim,
    do_record_grant,
    do_record_offender_payment,
    do_record_receipt,
    do_reverse_transaction,
    statement,
)


def Money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs)


# --- Fund ---------------------------------------------------------------------------------------


class FundEntrySerializer(serializers.Serializer):
    account = serializers.CharField(source="account.code")
    side = serializers.CharField()
    amount = Money()
    currency = serializers.CharField()


class FundTransactionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    occurred_on = serializers.DateField()
    amount = Money()
    currency = serializers.CharField()
    document_reference = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()
    organisation_id = serializers.IntegerField(allow_null=True)
    organisation_name = serializers.CharField(source="organisation.name", default=None)
    grantee_id = serializers.IntegerField(allow_null=True)
    grantee_name = serializers.CharField(source="grantee.display_name", default=None)
    reverses = serializers.CharField(source="reverses.reference", default=None)
    recorded_at = serializers.DateTimeField()
    entries = FundEntrySerializer(many=True)


class FundReceiptSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    amount = Money()
    currency = serializers.CharField(required=False, default="", allow_blank=True, max_length=3)
    occurred_on = serializers.DateField()
    document_reference = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, default="", allow_blank=True)


class FundGrantSerializer(serializers.Serializer):
    grantee_id = serializers.IntegerField()
    amount = Money()
    currency = serializers.CharField(required=False, default="", allow_blank=True, max_length=3)
    occurred_on = serializers.DateField()
    document_reference = serializers.CharField(max_length=200)
    programme = serializers.CharField()


class FundReversalSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    document_reference = serializers.CharField(max_length=200)
    reason = serializers.CharField()


class FundStatementLineSerializer(serializers.Serializer):
    transaction = serializers.CharField(source="transaction.reference")
    transaction_id = serializers.IntegerField(source="transaction.pk")
    occurred_on = serializers.DateField(source="transaction.occurred_on")
    kind = serializers.CharField(source="transaction.kind")
    money_in = Money()
    money_out = Money()
    balance = Money()


class FundAccountTotalSerializer(serializers.Serializer):
    account = serializers.CharField(source="account.code")
    debit = Money()
    credit = Money()
    balance = Money()


class FundStatementSerializer(serializers.Serializer):
    currency = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    opening = Money()
    total_in = Money()
    total_out = Money()
    closing = Money()
    lines = FundStatementLineSerializer(many=True)
    accounts = FundAccountTotalSerializer(many=True)


class FundStatementQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()


def _fund_viewer(request: Request) -> Actor:
    actor = request_actor(request)
    if not can_view_fund(actor):
        raise PermissionDenied()
    return actor


def _fund_manager(request: Request) -> Actor:
    actor = request_actor(request)
    if not can_manage_fund(actor):
        raise PermissionDenied()
    return actor


class TransactionListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="The fund's ledger, newest first", responses=FundTransactionSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        actor = _fund_viewer(request)
        paginator = BoundedPagination()
        page = (
            paginator.paginate_queryset(
                transactions_for(actor).prefetch_related("entries__account"), request, view=self
            )
            or []
        )
        return paginator.get_paginated_response(FundTransactionSerializer(page, many=True).data)


class TransactionDetailAPI(APIView):
    @extend_schema(
        summary="A transaction of the fund, with its entries", responses=FundTransactionSerializer
    )
    def get(self, request: Request, transaction_id: int) -> Response:
        txn = access_transaction(request_actor(request), transaction_id)
        return Response(FundTransactionSerializer(txn).data)


class ReceiptAPI(APIView):
    @extend_schema(
        summary="Record a receipt from an organisation's confiscated property",
        request=FundReceiptSerializer,
        responses={201: FundTransactionSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        actor = _fund_manager(request)
        serializer = FundReceiptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        txn = do_record_receipt(actor=actor, data=ReceiptInput(**serializer.validated_data))
        return Response(FundTransactionSerializer(txn).data, status=status.HTTP_201_CREATED)


class GrantAPI(APIView):
    @extend_schema(
        summary="Record a grant to a programme or organisation (409 if the fund cannot pay)",
        request=FundGrantSerializer,
        responses={201: FundTransactionSerializer, 409: None},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        actor = _fund_manager(request)
        serializer = FundGrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        txn = do_record_grant(actor=actor, data=GrantInput(**serializer.validated_data))
        return Response(FundTransactionSerializer(txn).data, status=status.HTTP_201_CREATED)


class ReversalAPI(APIView):
    @extend_schema(
        summary="Reverse a transaction (a new transaction; the original stays)",
        request=FundReversalSerializer,
        responses={201: FundTransactionSerializer, 409: None},
    )
    @idempotent
    def post(self, request: Request, transaction_id: int) -> Response:
        actor = request_actor(request)
        original = access_transaction(actor, transaction_id, write=True)
        serializer = FundReversalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        txn = do_reverse_transaction(
            actor=actor,
            original=original,
            data=ReversalInput(**serializer.validated_data),
        )
        return Response(FundTransactionSerializer(txn).data, status=status.HTTP_201_CREATED)


class StatementAPI(APIView):
    @extend_schema(
        summary="Statement of the fund's account for a period",
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("date_to", OpenApiTypes.DATE, required=True),
        ],
        responses=FundStatementSerializer,
    )
    def get(self, request: Request) -> Response:
        _fund_viewer(request)
        query = FundStatementQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = statement(**query.validated_data)
        return Response(FundStatementSerializer(result).data)


# --- Claims and awards --------------------------------------------------------------------------


class DamageAmountsSerializer(serializers.Serializer):
    claimed = Money()
    awarded = Money(allow_null=True)
    paid_by_offender = Money()
    paid_by_fund = Money()
    outstanding = Money()


class CourtAwardSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    awarded_on = serializers.DateField()
    court = serializers.CharField(max_length=200)
    judgment_reference = serializers.CharField(max_length=200)
    moral_awarded = Money()
    material_awarded = Money()
    currency = serializers.CharField(read_only=True)


class CompensationPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    payer = serializers.CharField(read_only=True)
    paid_on = serializers.DateField()
    moral_amount = Money()
    material_amount = Money()
    currency = serializers.CharField(read_only=True)
    document_reference = serializers.CharField(max_length=200)
    fund_transaction = serializers.CharField(
        source="fund_transaction.reference", read_only=True, default=None
    )
    reversed = serializers.SerializerMethodField()

    def get_reversed(self, payment: Any) -> bool:
        return payment.fund_transaction is not None and payment.fund_transaction.is_reversed


class CompensationClaimSerializer(serializers.Serializer):
    """A claim. The victim is named by reference number only."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    proceedings_id = serializers.IntegerField(read_only=True)
    proceedings_number = serializers.CharField(source="proceedings.number", read_only=True)
    participant_id = serializers.IntegerField()
    victim_reference = serializers.CharField(source="participant.person.reference", read_only=True)
    filed_on = serializers.DateField()
    moral_claimed = Money()
    material_claimed = Money()
    note = serializers.CharField(required=False, default="", allow_blank=True)
    currency = serializers.CharField(read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    moral = serializers.SerializerMethodField()
    material = serializers.SerializerMethodField()
    award = serializers.SerializerMethodField()
    payments = CompensationPaymentSerializer(many=True, read_only=True)

    @extend_schema_field(DamageAmountsSerializer)
    def get_moral(self, claim: Claim) -> dict[str, Any]:
        return dict(DamageAmountsSerializer(amounts(claim).moral).data)

    @extend_schema_field(DamageAmountsSerializer)
    def get_material(self, claim: Claim) -> dict[str, Any]:
        return dict(DamageAmountsSerializer(amounts(claim).material).data)

    @extend_schema_field(CourtAwardSerializer(allow_null=True))
    def get_award(self, claim: Claim) -> dict[str, Any] | None:
        award = getattr(claim, "award", None)
        return dict(CourtAwardSerializer(award).data) if award is not None else None


class CompensationClaimUpdateSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    filed_on = serializers.DateField()
    moral_claimed = Money()
    material_claimed = Money()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class AwardToPaySerializer(serializers.Serializer):
    """What the fund needs to pay an award: amounts, proceedings number, victim's reference."""

    id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    proceedings_number = serializers.CharField(source="claim.proceedings.number")
    victim_reference = serializers.CharField(source="claim.participant.person.reference")
    awarded_on = serializers.DateField()
    court = serializers.CharField()
    judgment_reference = serializers.CharField()
    currency = serializers.CharField()
    moral_awarded = Money()
    material_awarded = Money()
    moral_outstanding = Money()
    material_outstanding = Money()


def _claim_data(claim: Claim) -> dict[str, Any]:
    """The claim as it is now (with the award or payment just recorded)."""
    fresh = Claim.objects.select_related("proceedings", "participant__person").get(pk=claim.pk)
    return dict(CompensationClaimSerializer(fresh).data)


class ClaimListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(summary="Compensation claims", responses=CompensationClaimSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_list_claims(actor):
            raise PermissionDenied()
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(claims_for(actor), request, view=self) or []
        return paginator.get_paginated_response(CompensationClaimSerializer(page, many=True).data)

    @extend_schema(
        summary="Record a victim's claim (CPC ch. 48)",
        request=CompensationClaimSerializer,
        responses={201: CompensationClaimSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can(Cap.PROCEEDINGS_WORK):
            raise PermissionDenied()
        serializer = CompensationClaimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        participant = access_participant(actor, d["participant_id"], write=True)
        claim = do_record_claim(
            actor=actor,
            participant=participant,
            data=ClaimInput(
                filed_on=d["filed_on"],
                moral_claimed=d["moral_claimed"],
                material_claimed=d["material_claimed"],
                note=d["note"],
            ),
        )
        return Response(_claim_data(claim), status=status.HTTP_201_CREATED)


class ClaimDetailAPI(APIView):
    @extend_schema(
        summary="A compensation claim with its award and payments",
        responses=CompensationClaimSerializer,
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(request_actor(request), claim_id)
        return Response(CompensationClaimSerializer(claim).data)

    @extend_schema(
        summary="Amend the amounts claimed (until the award), with the version you read",
        request=CompensationClaimUpdateSerializer,
        responses={200: CompensationClaimSerializer, 409: None},
    )
    def put(self, request: Request, claim_id: int) -> Response:
        actor = request_actor(request)
        claim = access_claim(actor, claim_id, write=True)
        serializer = CompensationClaimUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        updated = do_amend_claim(
            actor=actor,
            claim=claim,
            expected_version=d["expected_version"],
            data=ClaimInput(
                filed_on=d["filed_on"],
                moral_claimed=d["moral_claimed"],
                material_claimed=d["material_claimed"],
                note=d["note"],
            ),
        )
        return Response(_claim_data(updated))


class AwardAPI(APIView):
    @extend_schema(
        summary="Record the court's award on a claim",
        request=CourtAwardSerializer,
        responses={201: CompensationClaimSerializer},
    )
    def post(self, request: Request, claim_id: int) -> Response:
        actor = request_actor(request)
        claim = access_claim(actor, claim_id, write=True)
        serializer = CourtAwardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        do_record_award(actor=actor, claim=claim, data=AwardInput(**serializer.validated_data))
        return Response(_claim_data(claim), status=status.HTTP_201_CREATED)


class OffenderPaymentAPI(APIView):
    @extend_schema(
        summary="Record a payment by the offender on the award",
        request=CompensationPaymentSerializer,
        responses={201: CompensationClaimSerializer},
    )
    @idempotent
    def post(self, request: Request, claim_id: int) -> Response:
        actor = request_actor(request)
        claim = access_claim(actor, claim_id, write=True)
        serializer = CompensationPaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        do_record_offender_payment(
            actor=actor,
            claim=claim,
            data=PaymentInput(**serializer.validated_data),
        )
        return Response(_claim_data(claim), status=status.HTTP_201_CREATED)


class AwardsToPayAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Court awards with an amount outstanding (for the fund)",
        responses=AwardToPaySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = _fund_viewer(request)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(awards_to_pay(awards_for(actor)), request, view=self)
        return paginator.get_paginated_response(AwardToPaySerializer(page or [], many=True).data)


class AwardPayAPI(APIView):
    @extend_schema(
        summary="Pay an award from the fund (409 if the fund cannot pay)",
        request=CompensationPaymentSerializer,
        responses={201: CompensationPaymentSerializer, 409: None},
    )
    @idempotent
    def post(self, request: Request, award_id: int) -> Response:
        actor = request_actor(request)
        award = access_award(actor, award_id, pay=True)
        serializer = CompensationPaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = do_pay_from_fund(
            actor=actor,
            award=award,
            data=PaymentInput(**serializer.validated_data),
        )
        return Response(CompensationPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)

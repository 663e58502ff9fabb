"""REST API of cross-border referrals: the same access helpers and services as the pages.

The inbox (``POST inbox/``) is the one endpoint without a user: a partner installation posts a
sealed package there, and the package's signature, not a token, says who sent it.
"""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.cases.access import access_case
from palermo.cases.vocab import ExploitationForm
from palermo.core.access import deny
from palermo.core.api import BoundedPagination, call_service
from palermo.crossborder.access import (
    access_incoming,
    access_outgoing,
    access_partner,
    can_manage_partners,
    can_upload,
    can_use_crossborder,
    incoming_for,
    outgoing_for,
    partners_for,
)
from palermo.crossborder.models import IncomingReferral, OutgoingReferral
from palermo.crossborder.package import PackageRefused
from palermo.crossborder.payload import read_payload
from palermo.crossborder.services import (
    AnswerInput,
    PartnerInput,
    Received,
    SendInput,
    do_answer_incoming,
    do_deliver_answer,
    do_deliver_referral,
    do_generate_installation_key,
    do_receive_package,
    do_register_partner,
    do_send_referral,
    do_set_partner_active,
    own_keypair,
    record_incoming_read,
)
from palermo.crossborder.vocab import Decision, PartnerKind, ReferralReason, SharedPart


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _refused(exc: PackageRefused) -> Response:
    return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)


def _package_file(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "no-store"
    return response


class PublicKeySerializer(serializers.Serializer):
    encryption_key = serializers.CharField(read_only=True)
    signing_key = serializers.CharField(read_only=True)
    fingerprint = serializers.CharField(read_only=True)


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    country = serializers.CharField(max_length=2, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    encryption_key = serializers.CharField(max_length=64)
    signing_key = serializers.CharField(max_length=64)
    fingerprint = serializers.CharField(read_only=True)
    endpoint_url = serializers.CharField(max_length=200, allow_blank=True, default="")
    receiving_agency = serializers.IntegerField(source="receiving_agency_id")
    is_active = serializers.BooleanField(read_only=True)


class PartnerActiveSerializer(serializers.Serializer):
    active = serializers.BooleanField()


class OutgoingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    case = serializers.CharField(source="case.reference", read_only=True)
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    package_id = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    shared_parts = serializers.ListField(child=serializers.CharField(), read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    delivered_at = serializers.DateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True)
    answer_reason = serializers.CharField(read_only=True)


class SendSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    partner = serializers.IntegerField()
    parts = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedPart.choices), allow_empty=False
    )
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    note = serializers.CharField(max_length=5000, allow_blank=True, default="")
    valid_days = serializers.IntegerField(min_value=1, max_value=90, default=14)


class IncomingListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    partner = serializers.IntegerField(source="partner_id")
    agency = serializers.IntegerField(source="agency_id")
    received_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    reason = serializers.CharField()
    possible_duplicates = serializers.IntegerField()
    status = serializers.CharField()
    case = serializers.CharField(source="case.reference", default=None)
    answered_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class IncomingSerializer(IncomingListSerializer):
    content = serializers.DictField(source="payload")


class AnswerSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(max_length=5000, allow_blank=True, default="")
    region = serializers.CharField(max_length=20, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    given_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices), default=list
    )


class UploadSerializer(serializers.Serializer):
    package = serializers.CharField(max_length=1_000_000, trim_whitespace=False)


class ReceiptSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()


def _receipt(received: Received) -> dict[str, Any]:
    obj: IncomingReferral | OutgoingReferral | None = received.incoming or received.outgoing
    assert obj is not None  # noqa: S101  (a received package is one or the other)
    return {"kind": received.kind, "id": obj.pk, "reference": obj.reference, "status": obj.status}


def _paginate(view: APIView, request: Request, rows: Any, serializer: type) -> Response:
    paginator = LimitOffsetPagination()
    page: list[Any] = paginator.paginate_queryset(rows, request, view=view) or []
    return paginator.get_paginated_response(serializer(page, many=True).data)


class PublicKeyAPI(APIView):
    @extend_schema(summary="This installation's public keys, to give to partners",
                   responses={200: PublicKeySerializer, 404: None})  # fmt: skip
    def get(self, request: Request) -> Response:
        if not can_use_crossborder(request_actor(request)):
            raise deny()
        keys = own_keypair()
        if keys is None:
            raise deny()
        public = keys.public
        return Response(
            {
                "encryption_key": _b64(public.encryption),
                "signing_key": _b64(public.signing),
                "fingerprint": public.fingerprint,
            }
        )

    @extend_schema(summary="Create this installation's key pair (once)", request=None,
                   responses={201: PublicKeySerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_manage_partners(actor):
            raise PermissionDenied()
        row = call_service(do_generate_installation_key, actor=actor)
        return Response(
            {
                "encryption_key": row.encryption_public,
                "signing_key": row.signing_public,
                "fingerprint": row.fingerprint,
            },
            status=status.HTTP_201_CREATED,
        )


class PartnerListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(summary="Partners abroad", responses=PartnerSerializer(many=True))
    def get(self, request: Request) -> Response:
        partners = partners_for(request_actor(request))
        if partners.query.is_empty():
            raise PermissionDenied()
        return _paginate(self, request, partners, PartnerSerializer)

    @extend_schema(summary="Register a partner abroad with its public keys",
                   request=PartnerSerializer, responses={201: PartnerSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_manage_partners(actor):
            raise PermissionDenied()
        serializer = PartnerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        data = PartnerInput(
            name=d["name"],
            country=d["country"],
            kind=d["kind"],
            encryption_key=d["encryption_key"],
            signing_key=d["signing_key"],
            endpoint_url=d["endpoint_url"],
            receiving_agency_id=d["receiving_agency_id"],
        )
        partner = call_service(do_register_partner, actor=actor, data=data)
        return Response(PartnerSerializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerActiveAPI(APIView):
    @extend_schema(summary="Suspend or resume exchange with a partner",
                   request=PartnerActiveSerializer, responses={200: PartnerSerializer})  # fmt: skip
    def post(self, request: Request, partner_id: int) -> Response:
        actor = request_actor(request)
        partner = access_partner(actor, partner_id, write=True)
        serializer = PartnerActiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = call_service(
            do_set_partner_active,
            actor=actor,
            partner=partner,
            active=serializer.validated_data["active"],
        )
        return Response(PartnerSerializer(partner).data)


class OutgoingListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(summary="Referrals sent abroad", responses=OutgoingSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = outgoing_for(request_actor(request))
        if rows.query.is_empty():
            raise PermissionDenied()
        return _paginate(self, request, rows, OutgoingSerializer)

    @extend_schema(summary="Refer a case abroad: seal the chosen parts for the partner",
                   request=SendSerializer, responses={201: OutgoingSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        serializer = SendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        case = access_case(actor, d["case"])
        data = SendInput(
            partner_id=d["partner"],
            parts=list(d["parts"]),
            reason=d["reason"],
            note=d["note"],
            valid_days=d["valid_days"],
        )
        referral = call_service(do_send_referral, actor=actor, case=case, data=data)
        return Response(OutgoingSerializer(referral).data, status=status.HTTP_201_CREATED)


class OutgoingDetailAPI(APIView):
    @extend_schema(summary="A referral sent abroad", responses=OutgoingSerializer)
    def get(self, request: Request, referral_id: int) -> Response:
        referral = access_outgoing(request_actor(request), referral_id)
        return Response(OutgoingSerializer(referral).data)


class OutgoingPackageAPI(APIView):
    @extend_schema(summary="The sealed package, as a file for the partner",
                   responses={(200, "application/json"): bytes})  # fmt: skip
    def get(self, request: Request, referral_id: int) -> HttpResponse:
        referral = access_outgoing(request_actor(request), referral_id, write=True)
        return _package_file(referral.package, f"referral-{referral.package_id}")


class OutgoingDeliverAPI(APIView):
    @extend_schema(summary="Post the package to the partner's API", request=None,
                   responses={200: OutgoingSerializer})  # fmt: skip
    def post(self, request: Request, referral_id: int) -> Response:
        actor = request_actor(request)
        referral = access_outgoing(actor, referral_id, write=True)
        referral = call_service(do_deliver_referral, actor=actor, referral=referral)
        return Response(OutgoingSerializer(referral).data)


class IncomingListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Referrals received from abroad", responses=IncomingListSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        rows = incoming_for(request_actor(request))
        if rows.query.is_empty():
            raise PermissionDenied()
        return _paginate(self, request, rows, IncomingListSerializer)


class IncomingDetailAPI(APIView):
    @extend_schema(summary="A referral received from abroad, with its content (audited)",
                   responses=IncomingSerializer)  # fmt: skip
    def get(self, request: Request, incoming_id: int) -> Response:
        actor = request_actor(request)
        incoming = access_incoming(actor, incoming_id)
        record_incoming_read(actor=actor, incoming=incoming, purpose="api cross-border referral")
        read_payload(incoming.payload)  # stored only after this check passed
        return Response(IncomingSerializer(incoming).data)


class IncomingAnswerAPI(APIView):
    @extend_schema(summary="Accept (registers a case) or decline; the answer is sealed",
                   request=AnswerSerializer, responses={200: IncomingListSerializer, 409: None})  # fmt: skip
    def post(self, request: Request, incoming_id: int) -> Response:
        actor = request_actor(request)
        incoming = access_incoming(actor, incoming_id, write=True)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        version = d.pop("expected_version")
        answered = call_service(
            do_answer_incoming,
            actor=actor,
            incoming=incoming,
            expected_version=version,
            data=AnswerInput(**d),
        )
        return Response(IncomingListSerializer(answered).data)


class IncomingAnswerPackageAPI(APIView):
    @extend_schema(summary="The sealed answer, as a file for the partner",
                   responses={(200, "application/json"): bytes})  # fmt: skip
    def get(self, request: Request, incoming_id: int) -> HttpResponse:
        incoming = access_incoming(request_actor(request), incoming_id, write=True)
        if not incoming.answer_package:
            raise deny()
        return _package_file(incoming.answer_package, f"answer-{incoming.package_id}")


class IncomingDeliverAnswerAPI(APIView):
    @extend_schema(summary="Post the sealed answer to the partner's API", request=None,
                   responses={200: IncomingListSerializer})  # fmt: skip
    def post(self, request: Request, incoming_id: int) -> Response:
        actor = request_actor(request)
        incoming = access_incoming(actor, incoming_id, write=True)
        incoming = call_service(do_deliver_answer, actor=actor, incoming=incoming)
        return Response(IncomingListSerializer(incoming).data)


class UploadAPI(APIView):
    @extend_schema(summary="Take in a package received as a file (a referral or an answer)",
                   request=UploadSerializer, responses={201: ReceiptSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_upload(actor):
            raise PermissionDenied()
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            received = call_service(
                do_receive_package,
                text=serializer.validated_data["package"],
                actor=actor,
                channel="upload",
            )
        except PackageRefused as exc:
            return _refused(exc)
        return Response(_receipt(received), status=status.HTTP_201_CREATED)


class InboxAPI(APIView):
    """Where partner installations post packages. No user: the signature identifies the sender."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Partner installations post a sealed package here (signed, encrypted to us)",
        request={"application/json": dict},
        responses={202: ReceiptSerializer, 400: None},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        try:
            received = do_receive_package(text=request.body, actor=None, channel="api")
        except PackageRefused as exc:
            return _refused(exc)
        return Response(_receipt(received), status=status.HTTP_202_ACCEPTED)

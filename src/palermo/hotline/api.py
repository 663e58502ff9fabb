"""REST API of the hotline: the same access helpers and services as the HTML views."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.cases.vocab import ExploitationForm
from palermo.core.api import BoundedPagination
from palermo.core.idempotency import idempotent
from palermo.hotline.access import (
    access_call,
    access_tip,
    calls_for,
    calls_for_stats,
    can_view_call_stats,
    tips_for,
    tips_for_stats,
)
from palermo.hotline.caps import HOTLINE_WORK, has_cap
from palermo.hotline.models import Tip
from palermo.hotline.services import (
    CallInput,
    HandoverInput,
    do_check_agency,
    do_close_tip,
    do_forward_tip,
    do_hand_over_call,
    do_log_call,
    do_update_call,
    record_call_read,
    record_tip_read,
)
from palermo.hotline.stats import call_statistics
from palermo.hotline.vocab import (
    CallLanguage,
    Channel,
    Outcome,
    TipCloseReason,
    TipStatus,
    Topic,
)
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender


class AgencyCheckSerializer(serializers.Serializer):
    class Meta:
        ref_name = "CallAgencyCheck"  # the registries API has its own "AgencyCheck" component

    query = serializers.CharField(max_length=200)
    results = serializers.ListField(child=serializers.DictField(), read_only=True)
    checked_at = serializers.DateTimeField(read_only=True)


class CallSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(choices=Channel.choices)
    topic = serializers.ChoiceField(choices=Topic.choices)
    region = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    language = serializers.ChoiceField(choices=CallLanguage.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.OPEN)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    consent_contact = serializers.BooleanField(default=False)
    consent_share = serializers.BooleanField(default=False)
    consent_register = serializers.BooleanField(default=False)
    caller_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    caller_contact = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    is_anonymous = serializers.BooleanField(read_only=True)
    case = serializers.CharField(source="case.reference", read_only=True, default=None)
    referral_target = serializers.CharField(read_only=True, default=None)
    referral_reference = serializers.CharField(read_only=True)
    agency_checks = AgencyCheckSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)

    def call_input(self) -> CallInput:
        d = self.validated_data
        return CallInput(**{k: d[k] for k in CallInput.__dataclass_fields__})


class CallUpdateSerializer(CallSerializer):
    expected_version = serializers.IntegerField(write_only=True)


class CallListSerializer(serializers.Serializer):
    """Calls in a list: no identity values."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    topic = serializers.CharField()
    region = serializers.CharField()
    language = serializers.CharField()
    outcome = serializers.CharField()
    follow_up_on = serializers.DateField(allow_null=True)
    is_anonymous = serializers.BooleanField()


class HandoverSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    family_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    given_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    citizenship = serializers.CharField(required=False, allow_blank=True, default="", max_length=2)
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices), allow_empty=True
    )
    country_of_exploitation = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2
    )
    narrative = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000
    )


class TipSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]
    received_at = serializers.DateTimeField(read_only=True)
    region = serializers.CharField(read_only=True)
    what_happened = serializers.CharField(read_only=True)
    contact = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    forwarded_to = serializers.CharField(read_only=True, default=None)
    forwarded_at = serializers.DateTimeField(read_only=True, allow_null=True)
    close_reason = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class TipListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    received_at = serializers.DateTimeField()
    region = serializers.CharField()
    status = serializers.CharField()
    forwarded_to = serializers.CharField(default=None)


class TipForwardSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    region = serializers.CharField(required=False, allow_blank=True, default="")


class TipCloseSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=TipCloseReason.choices)


class CallListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(summary="List hotline calls", responses=CallListSerializer(many=True))
    def get(self, request: Request) -> Response:
        calls = calls_for(request_actor(request))
        if calls.query.is_empty():
            raise PermissionDenied()
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(calls, request, view=self) or []
        return paginator.get_paginated_response(CallListSerializer(page, many=True).data)

    @extend_schema(
        summary="Log a call or message", request=CallSerializer, responses={201: CallSerializer}
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not has_cap(actor, HOTLINE_WORK):
            raise PermissionDenied()
        serializer = CallSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call = do_log_call(actor=actor, data=serializer.call_input())
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)


class CallDetailAPI(APIView):
    @extend_schema(summary="Read a call", responses=CallSerializer)
    def get(self, request: Request, call_id: int) -> Response:
        actor = request_actor(request)
        call = access_call(actor, call_id)
        record_call_read(actor=actor, call=call, purpose="api hotline call")
        return Response(CallSerializer(call).data)

    @extend_schema(
        summary="Edit a call (whole record, with the version you read)",
        request=CallUpdateSerializer,
        responses={200: CallSerializer, 409: None},
    )
    def put(self, request: Request, call_id: int) -> Response:
        actor = request_actor(request)
        call = access_call(actor, call_id, write=True)
        serializer = CallUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = do_update_call(
            actor=actor,
            call=call,
            expected_version=serializer.validated_data["expected_version"],
            data=serializer.call_input(),
        )
        return Response(CallSerializer(updated).data)


class CallAgencyCheckAPI(APIView):
    @extend_schema(
        summary="Check an agency during a call; the answer is attached to the call",
        request=AgencyCheckSerializer,
        responses={201: AgencyCheckSerializer},
    )
    def post(self, request: Request, call_id: int) -> Response:
        actor = request_actor(request)
        call = access_call(actor, call_id, write=True)
        serializer = AgencyCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check = do_check_agency(actor=actor, call=call, query=serializer.validated_data["query"])
        return Response(AgencyCheckSerializer(check).data, status=status.HTTP_201_CREATED)


class CallHandoverAPI(APIView):
    @extend_schema(
        summary="Register the caller as a presumed victim and refer to the region's CT unit",
        request=HandoverSerializer,
        responses={200: CallSerializer, 409: None},
    )
    @idempotent
    def post(self, request: Request, call_id: int) -> Response:
        actor = request_actor(request)
        call = access_call(actor, call_id, write=True)
        serializer = HandoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        data = HandoverInput(
            person=PersonInput(
                family_name=d["family_name"],
                given_name=d["given_name"],
                date_of_birth=d["date_of_birth"],
                gender=d["gender"],
                citizenship=d["citizenship"],
                citizenship_status=(
                    CitizenshipStatus.CITIZEN if d["citizenship"] else CitizenshipStatus.UNKNOWN
                ),
            ),
            exploitation_forms=list(d["exploitation_forms"]),
            country_of_exploitation=d["country_of_exploitation"],
            narrative=d["narrative"],
        )
        updated = do_hand_over_call(
            actor=actor,
            call=call,
            expected_version=d["expected_version"],
            data=data,
        )
        return Response(CallSerializer(updated).data)


class TipListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="The tip queue",
        parameters=[OpenApiParameter("status", str, enum=TipStatus.values)],
        responses=TipListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        tips = tips_for(request_actor(request))
        if tips.query.is_empty():
            raise PermissionDenied()
        wanted = request.query_params.get("status", "")
        if wanted:
            if wanted not in TipStatus.values:
                raise serializers.ValidationError({"status": [_("Unknown status.")]})
            tips = tips.filter(status=wanted)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(tips, request, view=self) or []
        return paginator.get_paginated_response(TipListSerializer(page, many=True).data)


class TipDetailAPI(APIView):
    @extend_schema(summary="Read a tip", responses=TipSerializer)
    def get(self, request: Request, tip_id: int) -> Response:
        actor = request_actor(request)
        tip = access_tip(actor, tip_id)
        record_tip_read(actor=actor, tip=tip, purpose="api tip")
        return Response(TipSerializer(tip).data)


class TipForwardAPI(APIView):
    @extend_schema(
        summary="Forward a tip to the CT unit of its region",
        request=TipForwardSerializer,
        responses={200: TipSerializer, 409: None},
    )
    def post(self, request: Request, tip_id: int) -> Response:
        actor = request_actor(request)
        tip: Tip = access_tip(actor, tip_id, write=True)
        serializer = TipForwardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        tip = do_forward_tip(
            actor=actor,
            tip=tip,
            expected_version=d["expected_version"],
            region=d["region"],
        )
        return Response(TipSerializer(tip).data)


class TipCloseAPI(APIView):
    @extend_schema(
        summary="Close a tip without forwarding it",
        request=TipCloseSerializer,
        responses={200: TipSerializer, 409: None},
    )
    def post(self, request: Request, tip_id: int) -> Response:
        actor = request_actor(request)
        tip = access_tip(actor, tip_id, write=True)
        serializer = TipCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        tip = do_close_tip(
            actor=actor,
            tip=tip,
            expected_version=d["expected_version"],
            reason=d["reason"],
        )
        return Response(TipSerializer(tip).data)


class CallStatisticsAPI(APIView):
    @extend_schema(
        summary="Call and tip statistics for a year: counts by topic, region, channel and month",
        parameters=[OpenApiParameter("year", int)],
        responses=dict,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_view_call_stats(actor):
            raise PermissionDenied()
        raw = request.query_params.get("year") or str(timezone.localdate().year)
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            raise serializers.ValidationError({"year": [_("Give a year between 2000 and 2100.")]})
        stats = call_statistics(calls_for_stats(actor), tips_for_stats(actor), int(raw))
        return Response(stats.as_dict())

"""REST API of prevention activities: the same access helpers and services as the HTML views."""

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
from palermo.core.api import BoundedPagination
from palermo.core.api import call_service as _service
from palermo.prevention.access import (
    access_activity,
    activities_for,
    can_record,
    can_view_summary,
)
from palermo.prevention.services import ActivityInput, do_record_activity, do_update_activity
from palermo.prevention.summary import prevention_summary
from palermo.prevention.vocab import ActivityType, Audience


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    title = serializers.CharField(max_length=300)
    organiser_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    organiser = serializers.CharField(read_only=True)
    region = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    audiences = serializers.ListField(
        child=serializers.ChoiceField(choices=Audience.choices), source="audience_codes"
    )
    items = serializers.IntegerField(default=1, min_value=1)
    reach = serializers.IntegerField(default=0, min_value=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    version = serializers.IntegerField(read_only=True)

    def activity_input(self) -> ActivityInput:
        d = self.validated_data
        return ActivityInput(
            activity_type=d["activity_type"],
            title=d["title"],
            organiser_id=d["organiser_id"],
            region=d["region"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            audiences=list(d["audience_codes"]),
            items=d["items"],
            reach=d["reach"],
            notes=d["notes"],
        )


class ActivityUpdateSerializer(ActivitySerializer):
    expected_version = serializers.IntegerField(write_only=True)


class ActivityListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List prevention activities",
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("type", str, enum=ActivityType.values),
        ],
        responses=ActivitySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        activities = activities_for(request_actor(request))
        if activities.query.is_empty():
            raise PermissionDenied()
        year = request.query_params.get("year", "")
        if year:
            if not year.isdigit() or not 1900 <= int(year) <= 2100:
                raise serializers.ValidationError({"year": [_("Give a year, e.g. 2025.")]})
            activities = activities.filter(starts_on__year=int(year))
        kind = request.query_params.get("type", "")
        if kind:
            if kind not in ActivityType.values:
                raise serializers.ValidationError({"type": [_("Choose the type of activity.")]})
            activities = activities.filter(activity_type=kind)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(activities, request, view=self) or []
        return paginator.get_paginated_response(ActivitySerializer(page, many=True).data)

    @extend_schema(
        summary="Record a prevention activity",
        request=ActivitySerializer,
        responses={201: ActivitySerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_record(actor):
            raise PermissionDenied()
        serializer = ActivitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = _service(do_record_activity, actor=actor, data=serializer.activity_input())
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ActivityDetailAPI(APIView):
    @extend_schema(summary="Read a prevention activity", responses=ActivitySerializer)
    def get(self, request: Request, activity_id: int) -> Response:
        return Response(
            ActivitySerializer(access_activity(request_actor(request), activity_id)).data
        )

    @extend_schema(
        summary="Edit a prevention activity (whole record, with the version you read)",
        request=ActivityUpdateSerializer,
        responses={200: ActivitySerializer, 409: None},
    )
    def put(self, request: Request, activity_id: int) -> Response:
        actor = request_actor(request)
        activity = access_activity(actor, activity_id, write=True)
        serializer = ActivityUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = _service(
            do_update_activity,
            actor=actor,
            activity=activity,
            expected_version=serializer.validated_data["expected_version"],
            data=serializer.activity_input(),
        )
        return Response(ActivitySerializer(updated).data)


class PreventionSummaryAPI(APIView):
    @extend_schema(
        summary="Prevention summary for a year: activities, items and reach per region and type",
        parameters=[OpenApiParameter("year", int)],
        responses=dict,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_view_summary(actor):
            raise PermissionDenied()
        raw = request.query_params.get("year") or str(timezone.localdate().year)
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            raise serializers.ValidationError({"year": [_("Give a year between 2000 and 2100.")]})
        return Response(prevention_summary(activities_for(actor), int(raw)).as_dict())

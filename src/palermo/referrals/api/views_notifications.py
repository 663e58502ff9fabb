"""API: the notifications of your agency."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.core.api import BoundedPagination
from palermo.core.notifications import (
    access_notification,
    do_mark_all_read,
    do_mark_read,
    notifications_for,
    unread_count,
)
from palermo.referrals.api.serializers import NotificationSerializer


def _require_agency(actor: Actor) -> None:
    if actor.agency is None:
        raise PermissionDenied()


class NotificationListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Your agency's notifications, newest first (with the unread count)",
        parameters=[
            OpenApiParameter("unread", bool, description="Only unread ones."),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=NotificationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_agency(actor)
        qs = notifications_for(actor)
        if request.query_params.get("unread") in {"1", "true", "yes"}:
            qs = qs.filter(read_at__isnull=True)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        response = paginator.get_paginated_response(NotificationSerializer(page, many=True).data)
        response.data["unread"] = unread_count(actor)
        return response


class NotificationReadAPI(APIView):
    @extend_schema(
        summary="Mark a notification as read", request=None, responses=NotificationSerializer
    )
    def post(self, request: Request, notification_id: int) -> Response:
        actor = request_actor(request)
        notification = do_mark_read(
            actor=actor, notification=access_notification(actor, notification_id)
        )
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllAPI(APIView):
    @extend_schema(
        summary="Mark every notification of your agency as read",
        request=None,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_agency(actor)
        return Response({"marked": do_mark_all_read(actor=actor)})

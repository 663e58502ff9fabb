"""REST API of the data lifecycle: the same access helpers and services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.core.access import deny
from palermo.core.api import call_service
from palermo.lifecycle.access import access_shred_batch, can_review_shredding, shred_batches_for
from palermo.lifecycle.models import ShredBatch
from palermo.lifecycle.services import (
    do_approve_shred_batch,
    do_carry_out_shredding,
    do_reject_shred_batch,
    do_scan_retention,
)


class ShredItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    record = serializers.CharField(source="label")
    rule = serializers.CharField()
    legal_basis = serializers.CharField()
    clock_started_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.CharField()


class ShredBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    as_of = serializers.DateField()
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ShredBatchDetailSerializer(ShredBatchSerializer):
    items = ShredItemSerializer(many=True, source="items.all")


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class CarriedOutSerializer(serializers.Serializer):
    handled = serializers.IntegerField()
    list = ShredBatchDetailSerializer()


class ShredBatchListAPI(APIView):
    @extend_schema(
        summary="Shredding lists (national administrators)",
        responses=ShredBatchSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        batches = shred_batches_for(request_actor(request))[:100]
        return Response(ShredBatchSerializer(batches, many=True).data)


class ShredScanAPI(APIView):
    @extend_schema(
        summary="Propose a shredding list of everything due today",
        request=None,
        responses={201: ShredBatchDetailSerializer, 204: None},
    )
    def post(self, request: Request) -> Response:
        if not can_review_shredding(request_actor(request)):
            raise deny()
        batch = do_scan_retention()
        if batch is None:
            return Response(status=204)
        return Response(ShredBatchDetailSerializer(batch).data, status=201)


class ShredBatchDetailAPI(APIView):
    @extend_schema(summary="Read a shredding list", responses=ShredBatchDetailSerializer)
    def get(self, request: Request, batch_id: int) -> Response:
        batch = access_shred_batch(request_actor(request), batch_id)
        return Response(ShredBatchDetailSerializer(batch).data)


class _DecisionAPI(APIView):
    approve = True

    def _decide(self, request: Request, batch_id: int) -> Response:
        actor = request_actor(request)
        batch: ShredBatch = access_shred_batch(actor, batch_id)
        if self.approve:
            # Approving destruction asks for a fresh second factor (session or X-Second-Factor).
            require_recent_second_factor_api(request)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = do_approve_shred_batch if self.approve else do_reject_shred_batch
        batch = call_service(
            service, actor=actor, batch=batch, version=serializer.validated_data["version"]
        )
        return Response(ShredBatchDetailSerializer(batch).data)


class ShredApproveAPI(_DecisionAPI):
    approve = True

    @extend_schema(
        summary="Approve a shredding list (destroys the data when carried out)",
        description=(
            "Needs a fresh second factor where the role has one: a recent confirmation in the "
            "session, or a current code in the X-Second-Factor header; otherwise 403."
        ),
        request=DecisionSerializer,
        responses={200: ShredBatchDetailSerializer, 403: None, 409: None},
    )
    def post(self, request: Request, batch_id: int) -> Response:
        return self._decide(request, batch_id)


class ShredRejectAPI(_DecisionAPI):
    approve = False

    @extend_schema(
        summary="Reject a shredding list (nothing on it is destroyed)",
        request=DecisionSerializer,
        responses={200: ShredBatchDetailSerializer, 409: None},
    )
    def post(self, request: Request, batch_id: int) -> Response:
        return self._decide(request, batch_id)


class ShredCarryOutAPI(APIView):
    @extend_schema(
        summary="Destroy the records of an approved list now",
        request=None,
        responses=CarriedOutSerializer,
    )
    def post(self, request: Request, batch_id: int) -> Response:
        actor = request_actor(request)
        batch = access_shred_batch(actor, batch_id)
        handled = call_service(do_carry_out_shredding, actor=actor, batch=batch)
        batch.refresh_from_db()
        return Response({"handled": handled, "list": ShredBatchDetailSerializer(batch).data})

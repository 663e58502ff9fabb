"""REST API of transfers of working days: the same access helpers and services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.core.api import call_service
from palermo.workdays.access import (
    access_transfer,
    can_manage_transfers,
    can_view_transfers,
    transfers_for,
)
from palermo.workdays.models import RESOLUTION_LENGTH
from palermo.workdays.services import TransferInput, do_record_transfer, do_withdraw_transfer


class WorkingDayTransferSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date_off = serializers.DateField()
    date_worked = serializers.DateField()
    resolution_number = serializers.CharField(max_length=RESOLUTION_LENGTH)
    resolution_date = serializers.DateField()
    recorded_at = serializers.DateTimeField(read_only=True)
    withdrawn_at = serializers.DateTimeField(read_only=True, allow_null=True)
    due_dates_moved = serializers.SerializerMethodField()

    def get_due_dates_moved(self, transfer: object) -> int:
        return transfer.deadline_changes.count()  # type: ignore[attr-defined]

    def transfer_input(self) -> TransferInput:
        d = self.validated_data
        return TransferInput(
            date_off=d["date_off"],
            date_worked=d["date_worked"],
            resolution_number=d["resolution_number"],
            resolution_date=d["resolution_date"],
        )


class TransferListAPI(APIView):
    @extend_schema(
        summary="List the transfers of working days recorded in the product",
        responses=WorkingDayTransferSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_view_transfers(actor):
            raise PermissionDenied()
        return Response(WorkingDayTransferSerializer(transfers_for(actor), many=True).data)

    @extend_schema(
        summary="Record a transfer of a working day (a government resolution)",
        request=WorkingDayTransferSerializer,
        responses={201: WorkingDayTransferSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_manage_transfers(actor):
            raise PermissionDenied()
        serializer = WorkingDayTransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transfer = call_service(do_record_transfer, actor=actor, data=serializer.transfer_input())
        return Response(WorkingDayTransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferWithdrawAPI(APIView):
    @extend_schema(
        summary="Withdraw a transfer recorded by mistake",
        request=None,
        responses=WorkingDayTransferSerializer,
    )
    def post(self, request: Request, transfer_id: int) -> Response:
        actor = request_actor(request)
        transfer = access_transfer(actor, transfer_id, write=True)
        transfer = call_service(do_withdraw_transfer, actor=actor, transfer=transfer)
        return Response(WorkingDayTransferSerializer(transfer).data)

"""REST API for closing and reopening cases.

Service ValidationErrors answer 400 with field messages and ConflictErrors 409 (the project's
exception handler); "no access" answers 404 like "not found", as in the HTML views.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.access_parts import can_change_case_status
from palermo.cases.models import Case
from palermo.cases.services import (
    CaseStatusInput,
    do_close_case,
    do_reopen_case,
)
from palermo.cases.vocab import (
    CaseStatus,
    ClosureReason,
)
from palermo.core.access import deny


class StatusChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    changed_on = serializers.DateField(read_only=True)
    reason = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True, allow_null=True)
    agency = serializers.CharField(source="agency.display_name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_identity", False):
            data["note"] = None
        return data


class CloseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)]
    )
    on = serializers.DateField()
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    expected_status = serializers.ChoiceField(
        choices=CaseStatus.choices,
        help_text="The case status you read; a 409 answers if it changed since.",
    )


class ReopenSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP)],
        default=CaseStatus.ACTIVE,
    )
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    expected_status = serializers.ChoiceField(choices=CaseStatus.choices)


class CaseStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    changes = StatusChangeSerializer(many=True)


def _status_body(actor: Actor, case: Case) -> dict[str, Any]:
    changes = case.status_changes.select_related("agency")
    return {
        "status": case.status,
        "closed_on": case.closed_on,
        "changes": StatusChangeSerializer(
            changes, many=True, context={"show_identity": can_see_identity(actor)}
        ).data,
    }


class CaseStatusAPI(APIView):
    @extend_schema(summary="A case's status and its history", responses=CaseStatusSerializer)
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        return Response(_status_body(actor, access_case(actor, case_id)))


class CaseCloseAPI(APIView):
    @extend_schema(
        summary="Close a case", request=CloseSerializer, responses={200: CaseStatusSerializer}
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_change_case_status(actor, case):
            raise deny()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        closed = do_close_case(
            actor=actor,
            case=case,
            data=CaseStatusInput(
                status=d["status"], on=d["on"], reason=d["reason"], note=d["note"]
            ),
            expected_status=d["expected_status"],
        )
        return Response(_status_body(actor, closed))


class CaseReopenAPI(APIView):
    @extend_schema(
        summary="Reopen a closed case",
        request=ReopenSerializer,
        responses={200: CaseStatusSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_change_case_status(actor, case):
            raise deny()
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        reopened = do_reopen_case(
            actor=actor,
            case=case,
            data=CaseStatusInput(status=d["status"], on=d["on"], note=d["note"]),
            expected_status=d["expected_status"],
        )
        return Response(_status_body(actor, reopened))

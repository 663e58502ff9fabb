"""REST API for decisions on victim status.

Service ValidationErrors answer 400 with field messages and ConflictErrors 409 (the project's
exception handler); "no access" answers 404 like "not found", as in the HTML views.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.access_parts import can_decide_status
from palermo.cases.api.common import LegalBasisSerializer, basis_dict
from palermo.cases.models import StatusDecision
from palermo.cases.services import (
    DecisionInput,
    do_decide_status,
    overdue_decisions,
    record_identity_view,
)
from palermo.cases.vocab import DECISION_OUTCOME_CHOICES, TraffickingStatus
from palermo.core.access import deny
from palermo.core.api import BoundedPagination
from palermo.jurisdictions.pack import get_pack


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    outcome = serializers.ChoiceField(choices=DECISION_OUTCOME_CHOICES)
    previous_status = serializers.CharField(read_only=True)
    legal_basis = serializers.CharField(
        source="legal_basis_key", max_length=60, help_text="A key allowed for the outcome."
    )
    legal_basis_citation = serializers.CharField(read_only=True)
    decided_on = serializers.DateField()
    due_on = serializers.DateField(read_only=True, allow_null=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)
    reasons = serializers.CharField(max_length=20000, allow_null=True)
    deciding_agency = serializers.CharField(source="deciding_agency.display_name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: StatusDecision) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_identity", False):
            data["reasons"] = None
        return data


class DecisionInputSerializer(DecisionSerializer):
    expected_status = serializers.ChoiceField(
        choices=TraffickingStatus.choices,
        write_only=True,
        help_text="The trafficking status you read; a 409 answers if it changed since.",
    )


class CaseDecisionsSerializer(serializers.Serializer):
    trafficking_status = serializers.CharField()
    decision_due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    can_decide = serializers.BooleanField()
    competence_basis = LegalBasisSerializer(allow_null=True)
    allowed_legal_bases = serializers.DictField(child=LegalBasisSerializer(many=True))
    decisions = DecisionSerializer(many=True)


class CaseDecisionsAPI(APIView):
    @extend_schema(
        summary="The decisions on a case's victim status, its due date and allowed bases",
        responses=CaseDecisionsSerializer,
    )
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        show = can_see_identity(actor)
        if show:
            record_identity_view(
                actor=actor,
                cases=[case],
                purpose=request.query_params.get("purpose", "api status decisions"),
            )
        rules = get_pack().status_decisions
        due = case.status_decision_due_on if case.awaits_status_decision else None
        decisions = case.status_decisions.select_related("deciding_agency")
        return Response(
            {
                "trafficking_status": case.trafficking_status,
                "decision_due_on": due,
                "overdue": due is not None and due < timezone.localdate(),
                "can_decide": can_decide_status(actor, case),
                "competence_basis": basis_dict(rules.competence_basis) if rules else None,
                "allowed_legal_bases": {
                    outcome: [basis_dict(b) for b in bases]
                    for outcome, bases in (rules.legal_bases.items() if rules else [])
                },
                "decisions": DecisionSerializer(
                    decisions, many=True, context={"show_identity": show}
                ).data,
            }
        )

    @extend_schema(
        summary="Decide victim status (competent bodies only)",
        request=DecisionInputSerializer,
        responses={201: DecisionSerializer, 409: None},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_decide_status(actor, case):
            raise deny()
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        decision = do_decide_status(
            actor=actor,
            case=case,
            data=DecisionInput(
                outcome=d["outcome"],
                legal_basis=d["legal_basis_key"],
                decided_on=d["decided_on"],
                reasons=d["reasons"] or "",
            ),
            expected_status=d["expected_status"],
        )
        body = DecisionSerializer(decision, context={"show_identity": can_see_identity(actor)})
        return Response(body.data, status=status.HTTP_201_CREATED)


class OverdueDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    identified_on = serializers.DateField()
    decision_due_on = serializers.DateField(source="status_decision_due_on")
    owning_agency = serializers.CharField(source="owning_agency.display_name")


class OverdueDecisionsAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="The actor's cases whose decision on victim status is overdue",
        parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
        responses=OverdueDecisionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
            raise PermissionDenied()
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(overdue_decisions(actor), request, view=self) or []
        return paginator.get_paginated_response(OverdueDecisionSerializer(page, many=True).data)

"""REST API for consent.

Service ValidationErrors answer 400 with field messages and ConflictErrors 409 (the project's
exception handler); "no access" answers 404 like "not found", as in the HTML views.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.access_parts import (
    access_consent,
    can_manage_consent,
)
from palermo.cases.models import Case, Consent
from palermo.cases.models.consent import CHECKLIST
from palermo.cases.services import (
    ConsentInput,
    do_record_consent,
    do_withdraw_consent,
    record_identity_view,
)
from palermo.cases.vocab import (
    ConsentGiver,
    ConsentPurpose,
)
from palermo.core.access import deny


class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    given_on = serializers.DateField()
    given_by = serializers.ChoiceField(choices=ConsentGiver.choices, default=ConsentGiver.PERSON)
    giver_name = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=200, default=""
    )
    purpose_explained = serializers.BooleanField(default=False)
    uses_explained = serializers.BooleanField(default=False)
    research_use_explained = serializers.BooleanField(default=False)
    right_of_access_explained = serializers.BooleanField(default=False)
    retention_explained = serializers.BooleanField(default=False)
    withdrawal_explained = serializers.BooleanField(default=False)
    in_force = serializers.BooleanField(read_only=True)
    withdrawn_on = serializers.DateField(read_only=True, allow_null=True)
    withdrawal_reason = serializers.CharField(read_only=True, allow_null=True)
    recording_agency = serializers.CharField(source="recording_agency.display_name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: Consent) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_identity", False):
            data["giver_name"] = None
            data["withdrawal_reason"] = None
        return data

    def consent_input(self) -> ConsentInput:
        d = self.validated_data
        return ConsentInput(
            purpose=d["purpose"],
            given_on=d["given_on"],
            given_by=d["given_by"],
            giver_name=d["giver_name"] or "",
            **{name: d[name] for name in CHECKLIST},
        )


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")


def _consent_list(actor: Actor, case: Case) -> Any:
    consents = case.consents.select_related("recording_agency")
    return ConsentSerializer(
        consents, many=True, context={"show_identity": can_see_identity(actor)}
    ).data


class CaseConsentsAPI(APIView):
    @extend_schema(summary="The consents of a case", responses=ConsentSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if can_see_identity(actor):
            record_identity_view(
                actor=actor,
                cases=[case],
                purpose=request.query_params.get("purpose", "api consents"),
            )
        return Response(_consent_list(actor, case))

    @extend_schema(
        summary="Record informed consent for one purpose",
        description="Every checklist item must be true. A minor's consent is given by a parent "
        "or by whoever acts in loco parentis (given_by and giver_name).",
        request=ConsentSerializer,
        responses={201: ConsentSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_manage_consent(actor, case):
            raise deny()
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = do_record_consent(actor=actor, case=case, data=serializer.consent_input())
        body = ConsentSerializer(consent, context={"show_identity": can_see_identity(actor)})
        return Response(body.data, status=status.HTTP_201_CREATED)


class ConsentWithdrawAPI(APIView):
    @extend_schema(
        summary="Withdraw a consent (it stops covering its purpose at once)",
        request=WithdrawSerializer,
        responses=ConsentSerializer,
    )
    def post(self, request: Request, case_id: int, consent_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        consent = access_consent(actor, case, consent_id, write=True)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        withdrawn = do_withdraw_consent(
            actor=actor,
            consent=consent,
            withdrawn_on=serializer.validated_data["withdrawn_on"],
            reason=serializer.validated_data["reason"],
        )
        body = ConsentSerializer(withdrawn, context={"show_identity": can_see_identity(actor)})
        return Response(body.data)

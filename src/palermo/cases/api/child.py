"""REST API for child victims: the notification of the child-protection authority.

Service ValidationErrors answer 400 with field messages; "no access" answers 404 like "not
found", as in the HTML views.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import access_case, can_edit_case, can_see_identity
from palermo.cases.models import Case, ChildProtectionNotice
from palermo.cases.services import (
    ChildNoticeInput,
    child_protection_rules,
    concerns_a_child,
    do_record_child_protection_notice,
    record_identity_view,
)
from palermo.cases.vocab import GuardianRole, InformedHow
from palermo.core.access import deny


class ChildNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    # Checked by the service, which names the field in the same words as the page.
    authority_name = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)
    notified_how = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="One of: " + ", ".join(InformedHow.values),
    )
    guardian_role = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="One of: " + ", ".join(GuardianRole.values),
    )
    guardian_name = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=200, default=""
    )
    guardian_informed_on = serializers.DateField(required=False, allow_null=True, default=None)
    guardian_informed_how = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    guardian_not_informed_reason = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=5000, default=""
    )
    legal_basis = serializers.CharField(read_only=True)
    recording_agency = serializers.CharField(source="recording_agency.display_name", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: ChildProtectionNotice) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_identity", False):
            data["guardian_name"] = None
            data["guardian_not_informed_reason"] = None
        return data

    def notice_input(self) -> ChildNoticeInput:
        d = self.validated_data
        return ChildNoticeInput(
            authority_name=d["authority_name"] or "",
            notified_on=d["notified_on"],
            notified_how=d["notified_how"] or "",
            guardian_role=d["guardian_role"] or "",
            guardian_name=d["guardian_name"] or "",
            guardian_informed_on=d["guardian_informed_on"],
            guardian_informed_how=d["guardian_informed_how"] or "",
            guardian_not_informed_reason=d["guardian_not_informed_reason"] or "",
        )


class ChildProtectionSerializer(serializers.Serializer):
    child = serializers.BooleanField(help_text="The case concerns a minor.")
    authority = serializers.CharField(allow_null=True)
    legal_basis = serializers.CharField(allow_null=True)
    warning = serializers.CharField(
        allow_null=True,
        help_text="Set when the case concerns a minor and no notification is recorded.",
    )
    notices = ChildNoticeSerializer(many=True)


def _state(actor: Actor, case: Case) -> dict[str, Any]:
    rules = child_protection_rules()
    child = rules is not None and concerns_a_child(case)
    notices = (
        list(case.child_protection_notices.select_related("recording_agency")) if child else []
    )
    warning = None
    if child and not notices:
        warning = _(
            "This case concerns a minor and no notification of the child-protection authority is recorded."
        )
    return {
        "child": child,
        "authority": rules.authority_name() if rules else None,
        "legal_basis": rules.legal_basis.cite() if rules else None,
        "warning": warning,
        "notices": ChildNoticeSerializer(
            notices, many=True, context={"show_identity": can_see_identity(actor)}
        ).data,
    }


class CaseChildProtectionAPI(APIView):
    @extend_schema(
        summary="Child victims: the notification of the child-protection authority",
        responses=ChildProtectionSerializer,
    )
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if can_see_identity(actor):
            record_identity_view(actor=actor, cases=[case], purpose="api child protection")
        return Response(_state(actor, case))

    @extend_schema(
        summary="Record that the child-protection authority was notified of a minor's case",
        description="With the parent's or guardian's involvement: who, when and how they were "
        "informed, or why they were not.",
        request=ChildNoticeSerializer,
        responses={201: ChildProtectionSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_edit_case(actor, case):
            raise deny()
        serializer = ChildNoticeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        do_record_child_protection_notice(actor=actor, case=case, data=serializer.notice_input())
        return Response(_state(actor, case), status=status.HTTP_201_CREATED)

"""API: referrals and their answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.core.access import deny
from palermo.core.api import BoundedPagination
from palermo.core.api import call_service as service_call
from palermo.referrals.access import (
    access_assisted_case,
    access_referral,
    can_answer,
    can_refer,
    can_revoke,
    can_withdraw,
    load_shared_parts,
    prime_shared_parts,
    referral_parts,
    referrals_for,
    shared_parts_annotations,
)
from palermo.referrals.api.serializers import (
    FollowUpSerializer,
    ReferralCreateSerializer,
    ReferralSerializer,
    TransitionSerializer,
)
from palermo.referrals.models import Referral
from palermo.referrals.permissions import REFERRAL_WORK, can
from palermo.referrals.queries import (
    BOXES,
    can_use_referrals,
    filter_box,
    incoming_referrals,
    overdue_followups,
    overdue_referrals,
)
from palermo.referrals.services import (
    ReferralInput,
    do_accept_referral,
    do_complete_referral,
    do_decline_referral,
    do_revoke_referral,
    do_send_referral,
    do_withdraw_referral,
    record_shared_list,
)
from palermo.referrals.vocab import ReferralStatus


def represent(actor: Actor, referrals: list[Referral], purpose: str) -> Any:
    """Serialized referrals with the case parts the actor may see; identity reads are audited."""
    # What the referrals share came with the rows (``shared_parts_annotations``) or comes in one
    # query for all of them; the forms of exploitation in one more.
    for referral in referrals:
        prime_shared_parts(actor, referral.case, referral)
    load_shared_parts(actor, [r.case for r in referrals])
    prefetch_related_objects(referrals, "case__exploitation_forms")
    parts = {r.pk: referral_parts(actor, r) for r in referrals}
    record_shared_list(
        actor=actor, shown=[(r.case, parts[r.pk]) for r in referrals], purpose=purpose
    )
    many = ReferralSerializer(referrals, many=True, context={"parts": parts})
    return many.data


def require_referral_reader(actor: Actor) -> None:
    if not can_use_referrals(actor):
        raise PermissionDenied()


class ReferralListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List referrals (incoming, outgoing or all you may see)",
        parameters=[
            OpenApiParameter("box", str, enum=sorted(BOXES)),
            OpenApiParameter("status", str, enum=ReferralStatus.values),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=ReferralSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        require_referral_reader(actor)
        box = request.query_params.get("box", "all")
        status_filter = request.query_params.get("status", "")
        if box not in BOXES:
            raise serializers.ValidationError({"box": [f"one of {', '.join(sorted(BOXES))}"]})
        if status_filter and status_filter not in ReferralStatus.values:
            raise serializers.ValidationError({"status": ["not a referral status"]})
        qs = filter_box(actor, referrals_for(actor), box, status_filter).annotate(
            **shared_parts_annotations(actor, "case_id")
        )
        paginator = BoundedPagination()
        page = list(paginator.paginate_queryset(qs, request, view=self) or [])
        purpose = request.query_params.get("purpose", "api referral list")
        return paginator.get_paginated_response(represent(actor, page, purpose))

    @extend_schema(
        summary="Refer a case to another agency",
        request=ReferralCreateSerializer,
        responses={201: ReferralSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can(actor, REFERRAL_WORK):
            raise PermissionDenied()
        body = ReferralCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        case = access_assisted_case(actor, d["case_id"])
        if not can_refer(actor, case):
            raise deny()
        referral = service_call(
            do_send_referral,
            actor=actor,
            case=case,
            data=ReferralInput(
                to_agency_id=d["to_agency_id"],
                services=list(d["services"]),
                reason=d["reason"],
                urgency=d["urgency"],
                details=d["details"],
                region=d["region"],
                share=[str(p) for p in d["share"]],
            ),
        )
        data = represent(actor, [referral], "api referral sent")[0]
        return Response(data, status=status.HTTP_201_CREATED)


class ReferralDetailAPI(APIView):
    @extend_schema(summary="Read a referral", responses=ReferralSerializer)
    def get(self, request: Request, referral_id: int) -> Response:
        actor = request_actor(request)
        referral = access_referral(actor, referral_id)
        purpose = request.query_params.get("purpose", "api referral")
        return Response(represent(actor, [referral], purpose)[0])


def _transition_view(
    summary: str,
    allowed: Callable[[Actor, Referral], bool],
    run: Callable[[Actor, Referral, dict[str, Any]], Referral],
) -> type[APIView]:
    class TransitionAPI(APIView):
        @extend_schema(
            summary=summary,
            request=TransitionSerializer,
            responses={200: ReferralSerializer, 400: None, 404: None, 409: None},
        )
        def post(self, request: Request, referral_id: int) -> Response:
            actor = request_actor(request)
            referral = access_referral(actor, referral_id)
            if not allowed(actor, referral):
                raise deny()
            body = TransitionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            try:
                changed = run(actor, referral, dict(body.validated_data))
            except DjangoValidationError as exc:
                raise serializers.ValidationError(
                    exc.message_dict
                    if hasattr(exc, "error_dict")
                    else {"non_field_errors": exc.messages}
                ) from None
            return Response(represent(actor, [changed], "api referral")[0])

    TransitionAPI.__name__ = TransitionAPI.__qualname__ = (
        "Referral" + summary.split()[0].capitalize() + "API"
    )
    return TransitionAPI


ReferralAcceptAPI = _transition_view(
    "Accept a referral to your agency",
    can_answer,
    lambda a, r, d: do_accept_referral(
        actor=a, referral=r, expected_version=d.get("expected_version")
    ),
)
ReferralDeclineAPI = _transition_view(
    "Decline a referral to your agency (a reason is required)",
    can_answer,
    lambda a, r, d: do_decline_referral(
        actor=a, referral=r, reason=d.get("reason", ""), expected_version=d.get("expected_version")
    ),
)
ReferralCompleteAPI = _transition_view(
    "Complete an accepted referral (after recording the services delivered)",
    can_answer,
    lambda a, r, d: do_complete_referral(
        actor=a, referral=r, expected_version=d.get("expected_version")
    ),
)
ReferralWithdrawAPI = _transition_view(
    "Withdraw your agency's referral",
    can_withdraw,
    lambda a, r, d: do_withdraw_referral(
        actor=a, referral=r, reason=d.get("reason", ""), expected_version=d.get("expected_version")
    ),
)
ReferralRevokeAPI = _transition_view(
    "Revoke a referral (managers; a reason is required)",
    can_revoke,
    lambda a, r, d: do_revoke_referral(
        actor=a, referral=r, reason=d.get("reason", ""), expected_version=d.get("expected_version")
    ),
)


class DashboardSerializer(serializers.Serializer):
    incoming = ReferralSerializer(many=True)
    overdue = ReferralSerializer(many=True)
    overdue_followups = FollowUpSerializer(many=True)


class ReferralDashboardAPI(APIView):
    @extend_schema(
        summary="Referrals awaiting your answer, overdue referrals and overdue follow-ups",
        responses=DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
            raise PermissionDenied()
        empty: dict[int, frozenset[str]] = {}
        return Response(
            {
                "incoming": ReferralSerializer(
                    list(incoming_referrals(actor)[:100]), many=True, context={"parts": empty}
                ).data,
                "overdue": ReferralSerializer(
                    list(overdue_referrals(actor)[:100]), many=True, context={"parts": empty}
                ).data,
                "overdue_followups": FollowUpSerializer(
                    list(overdue_followups(actor)[:100]), many=True, context={"show_notes": False}
                ).data,
            }
        )

"""API: services delivered, the reintegration plan, follow-ups and assisted return of a case."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.referrals.access import (
    access_assisted_case,
    access_goal,
    assisted_return_of,
    can_see_notes,
    deliveries_for_case,
    follow_ups_for_case,
    goals_for_case,
)
from palermo.referrals.api.serializers import (
    AvrOpenSerializer,
    AvrSerializer,
    AvrUpdateSerializer,
    CounsellingSerializer,
    DeliverySerializer,
    FollowUpSerializer,
    GoalSerializer,
    GoalUpdateSerializer,
)
from palermo.referrals.api.views_referrals import service_call
from palermo.referrals.queries import overdue_followups
from palermo.referrals.services import (
    AvrInput,
    DeliveryInput,
    FollowUpInput,
    GoalInput,
    do_add_avr_counselling,
    do_add_goal,
    do_open_assisted_return,
    do_record_follow_up,
    do_record_service_delivery,
    do_update_assisted_return,
    do_update_goal,
    record_shared_view,
)
from palermo.referrals.vocab import SharePart


def _notes_context(request: Request, case: object) -> dict[str, bool]:
    actor = request_actor(request)
    show = can_see_notes(actor, case)  # type: ignore[arg-type]
    if show:
        record_shared_view(
            actor=actor,
            case=case,  # type: ignore[arg-type]
            parts=[SharePart.NARRATIVE],
            purpose=request.query_params.get("purpose", "api assistance"),
        )
    return {"show_notes": show}


class DeliveryListAPI(APIView):
    @extend_schema(summary="Services delivered for a case", responses=DeliverySerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        case = access_assisted_case(request_actor(request), case_id)
        rows = deliveries_for_case(request_actor(request), case)
        return Response(
            DeliverySerializer(rows, many=True, context=_notes_context(request, case)).data
        )

    @extend_schema(
        summary="Record a service delivered",
        request=DeliverySerializer,
        responses={201: DeliverySerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id, write=True)
        body = DeliverySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        created = service_call(
            do_record_service_delivery,
            actor=actor,
            case=case,
            data=DeliveryInput(
                service_type=d["service_type"], delivered_on=d["delivered_on"], notes=d["notes"]
            ),
        )
        return Response(
            DeliverySerializer(created, context={"show_notes": True}).data,
            status=status.HTTP_201_CREATED,
        )


class GoalListAPI(APIView):
    @extend_schema(summary="The reintegration plan of a case", responses=GoalSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        case = access_assisted_case(request_actor(request), case_id)
        rows = goals_for_case(request_actor(request), case)
        return Response(GoalSerializer(rows, many=True, context=_notes_context(request, case)).data)

    @extend_schema(summary="Add a goal", request=GoalSerializer, responses={201: GoalSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id, write=True)
        body = GoalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        created = service_call(
            do_add_goal,
            actor=actor,
            case=case,
            data=GoalInput(
                support_type=d["support_type"],
                description=d["description"],
                target_on=d["target_on"],
                status=d["status"],
            ),
        )
        return Response(
            GoalSerializer(created, context={"show_notes": True}).data,
            status=status.HTTP_201_CREATED,
        )


class GoalDetailAPI(APIView):
    @extend_schema(
        summary="Edit a goal or change its status",
        request=GoalUpdateSerializer,
        responses={200: GoalSerializer, 409: None},
    )
    def put(self, request: Request, goal_id: int) -> Response:
        actor = request_actor(request)
        goal = access_goal(actor, goal_id, write=True)
        if not can_see_notes(actor, goal.case):
            raise NotFound()
        body = GoalUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        updated = service_call(
            do_update_goal,
            actor=actor,
            goal=goal,
            expected_version=d.get("expected_version"),
            data=GoalInput(
                support_type=d["support_type"],
                description=d["description"],
                target_on=d["target_on"],
                status=d["status"],
            ),
        )
        return Response(GoalSerializer(updated, context={"show_notes": True}).data)


class FollowUpListAPI(APIView):
    @extend_schema(summary="Follow-ups of a case", responses=FollowUpSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        case = access_assisted_case(request_actor(request), case_id)
        rows = follow_ups_for_case(request_actor(request), case)
        return Response(
            FollowUpSerializer(rows, many=True, context=_notes_context(request, case)).data
        )

    @extend_schema(
        summary="Record a follow-up",
        request=FollowUpSerializer,
        responses={201: FollowUpSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id, write=True)
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        created = service_call(
            do_record_follow_up,
            actor=actor,
            case=case,
            data=FollowUpInput(
                followed_up_on=d["followed_up_on"],
                note=d["note"],
                next_follow_up_on=d["next_follow_up_on"],
            ),
        )
        return Response(
            FollowUpSerializer(created, context={"show_notes": True}).data,
            status=status.HTTP_201_CREATED,
        )


class OverdueFollowUpsAPI(APIView):
    @extend_schema(
        summary="Overdue follow-ups of the cases your agency works on",
        responses=FollowUpSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
            raise PermissionDenied()
        rows = list(overdue_followups(actor)[:500])
        return Response(FollowUpSerializer(rows, many=True, context={"show_notes": False}).data)


class AssistedReturnAPI(APIView):
    @extend_schema(summary="The assisted voluntary return of a case", responses=AvrSerializer)
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id)
        avr = assisted_return_of(actor, case)
        if avr is None:
            raise NotFound()
        return Response(AvrSerializer(avr, context=_notes_context(request, case)).data)

    @extend_schema(
        summary="Open an assisted voluntary return (first counselling)",
        request=AvrOpenSerializer,
        responses={201: AvrSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id, write=True)
        body = AvrOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        avr = service_call(
            do_open_assisted_return,
            actor=actor,
            case=case,
            counselled_on=d["counselled_on"],
            destination_country=str(d["destination_country"] or ""),
            notes=d["notes"],
        )
        return Response(
            AvrSerializer(avr, context={"show_notes": True}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Record the decision, assistance, departure or cancellation",
        request=AvrUpdateSerializer,
        responses={200: AvrSerializer, 409: None},
    )
    def put(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id, write=True)
        avr = assisted_return_of(actor, case)
        if avr is None:
            raise NotFound()
        body = AvrUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        show_notes = can_see_notes(actor, case)
        updated = service_call(
            do_update_assisted_return,
            actor=actor,
            assisted_return=avr,
            expected_version=d.get("expected_version"),
            data=AvrInput(
                status=d["status"],
                decided_on=d["decided_on"],
                destination_country=str(d["destination_country"] or ""),
                departure_on=d["departure_on"],
                travel_documents=d["travel_documents"],
                ticket=d["ticket"],
                escort=d["escort"],
                reintegration_grant=d["reintegration_grant"],
                notes=d["notes"] if show_notes else avr.notes,
            ),
        )
        return Response(AvrSerializer(updated, context={"show_notes": show_notes}).data)


class AvrCounsellingAPI(APIView):
    @extend_schema(
        summary="Record a counselling session of an assisted return",
        request=CounsellingSerializer,
        responses={201: AvrSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_assisted_case(actor, case_id, write=True)
        avr = assisted_return_of(actor, case)
        if avr is None:
            raise NotFound()
        body = CounsellingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        service_call(
            do_add_avr_counselling,
            actor=actor,
            assisted_return=avr,
            counselled_on=body.validated_data["counselled_on"],
        )
        refreshed = assisted_return_of(actor, case)
        return Response(
            AvrSerializer(refreshed, context={"show_notes": can_see_notes(actor, case)}).data,
            status=status.HTTP_201_CREATED,
        )

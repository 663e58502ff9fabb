"""API: the service catalogue and the service directory."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.models import Agency
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.core.api import BoundedPagination
from palermo.referrals.access import access_offering, can_manage_offerings
from palermo.referrals.api.serializers import (
    OfferingSerializer,
    OfferingUpdateSerializer,
    ServiceTypeSerializer,
)
from palermo.referrals.api.views_referrals import service_call
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.permissions import REFERRAL_MANAGE_AGENCY, REFERRAL_MANAGE_NATIONAL, can
from palermo.referrals.queries import directory
from palermo.referrals.services import OfferingInput, do_create_offering, do_update_offering


class ServiceTypeListAPI(APIView):
    @extend_schema(
        summary="Service types: HTCDS support-plan types and the jurisdiction's own",
        responses=ServiceTypeSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(ServiceTypeSerializer(get_catalogue().types, many=True).data)


class OfferingListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="The service directory: which agency offers which service where",
        parameters=[
            OpenApiParameter("service", str, description="A service type code."),
            OpenApiParameter("region", str, description="A region code (national entries too)."),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=OfferingSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if actor.agency is None:
            raise PermissionDenied()
        qs = directory(
            actor,
            service=request.query_params.get("service", ""),
            region=request.query_params.get("region", ""),
        )
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(OfferingSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a service to an agency's directory entry (agency or national administrators)",
        request=OfferingSerializer,
        responses={201: OfferingSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if actor.agency is None or not (
            can(actor, REFERRAL_MANAGE_AGENCY) or can(actor, REFERRAL_MANAGE_NATIONAL)
        ):
            raise PermissionDenied()
        require_recent_second_factor_api(request)  # an administrative change (step-up)
        body = OfferingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        agency = Agency.objects.filter(pk=d.get("agency_id", actor.agency.pk)).first()
        if agency is None or not can_manage_offerings(actor, agency):
            raise serializers.ValidationError(
                {"agency_id": ["You can manage your own agency's entries only."]}
            )
        offering = service_call(
            do_create_offering,
            actor=actor,
            agency=agency,
            data=OfferingInput(
                service_type=d["service_type"],
                regions=list(d.get("region_codes") or []),
                notes=d["notes"],
                is_active=d["is_active"],
            ),
        )
        return Response(OfferingSerializer(offering).data, status=status.HTTP_201_CREATED)


class OfferingDetailAPI(APIView):
    @extend_schema(summary="Read a directory entry", responses=OfferingSerializer)
    def get(self, request: Request, offering_id: int) -> Response:
        actor = request_actor(request)
        return Response(OfferingSerializer(access_offering(actor, offering_id)).data)

    @extend_schema(
        summary="Change a directory entry's regions, notes or active flag",
        request=OfferingUpdateSerializer,
        responses={200: OfferingSerializer, 409: None},
    )
    def put(self, request: Request, offering_id: int) -> Response:
        actor = request_actor(request)
        offering = access_offering(actor, offering_id, write=True)
        require_recent_second_factor_api(request)  # an administrative change (step-up)
        body = OfferingUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        updated = service_call(
            do_update_offering,
            actor=actor,
            offering=offering,
            expected_version=d.get("expected_version"),
            data=OfferingInput(
                service_type=d["service_type"],
                regions=list(d.get("region_codes") or []),
                notes=d["notes"],
                is_active=d["is_active"],
            ),
        )
        return Response(OfferingSerializer(updated).data)

"""API: the referral list as CSV or XLSX."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.core.api import call_service
from palermo.core.spreadsheet import FORMATS, XLSX_TYPE
from palermo.referrals.access import referrals_for, shared_parts_annotations
from palermo.referrals.exports import export_referrals
from palermo.referrals.queries import BOXES, can_use_referrals, filter_box
from palermo.referrals.vocab import ReferralStatus


class ReferralExportAPI(APIView):
    @extend_schema(
        summary="Export the referral list as CSV or XLSX",
        description=(
            "The same filters as `GET /api/referrals/`. Identity columns only with "
            "`identities=true`, for a role that may see identities, where the referral shares "
            "them, and with a fresh second factor (a current code in the X-Second-Factor "
            "header); otherwise 403. Every export is audited with its filters."
        ),
        parameters=[
            OpenApiParameter("as", str, enum=list(FORMATS), required=True),
            OpenApiParameter("box", str, enum=sorted(BOXES)),
            OpenApiParameter("status", str, enum=ReferralStatus.values),
            OpenApiParameter("identities", bool),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            400: None,
            403: None,
        },
    )
    def get(self, request: Request) -> HttpResponse:
        actor = request_actor(request)
        if not can_use_referrals(actor):
            raise PermissionDenied()
        params = request.query_params
        fmt = params.get("as", "")
        if fmt not in FORMATS:
            raise serializers.ValidationError({"as": [f"One of: {', '.join(FORMATS)}."]})
        box = params.get("box", "all")
        if box not in BOXES:
            raise serializers.ValidationError({"box": [f"One of: {', '.join(sorted(BOXES))}."]})
        status = params.get("status", "")
        if status and status not in ReferralStatus.values:
            raise serializers.ValidationError({"status": ["Not a referral status."]})
        identities = params.get("identities", "").lower() in ("1", "true", "yes")
        if identities:
            if not actor.can(Cap.IDENTITY_VIEW):
                raise PermissionDenied()
            require_recent_second_factor_api(request)
        qs = filter_box(actor, referrals_for(actor), box, status).annotate(
            **shared_parts_annotations(actor, "case_id")
        )
        file = call_service(
            export_referrals,
            actor=actor,
            referrals=qs,
            fmt=fmt,
            identities=identities,
            filters={"box": box, "status": status},
        )
        response = HttpResponse(file.content, content_type=file.content_type)
        response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
        return response

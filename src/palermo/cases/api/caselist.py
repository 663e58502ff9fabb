"""API of the case list's tools: exports, saved searches, and the assigned case worker."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.api.cases import AssignedWorkerSerializer
from palermo.cases.exports import content_disposition, export_cases
from palermo.cases.filters import CaseFilter, saved_params
from palermo.cases.models import Case, SavedCaseSearch
from palermo.cases.queries import search_cases
from palermo.cases.services import (
    assignable_workers,
    can_assign_worker,
    do_assign_case_worker,
    do_delete_case_search,
    do_save_case_search,
    saved_searches_for,
)
from palermo.core.access import deny, get_or_404
from palermo.core.api import call_service
from palermo.core.idempotency import idempotent
from palermo.core.spreadsheet import FORMATS


def _require_case_reader(actor: Actor) -> None:
    if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
        raise PermissionDenied()


def _filtered(request: Request, actor: Actor) -> CaseFilter:
    filterset = CaseFilter(
        request.query_params,
        queryset=search_cases(actor, request.query_params.get("q", "")),
        request=request,
    )
    if not filterset.is_valid():
        raise serializers.ValidationError(filterset.errors)
    return filterset


class CaseExportAPI(GenericAPIView):
    filterset_class = CaseFilter  # the schema documents the same filters as the list
    queryset = Case.objects.none()

    @extend_schema(
        summary="Export the filtered case list as CSV or XLSX",
        description=(
            "The same filters as `GET /api/cases/`. Identity columns only with "
            "`identities=true`, for a role that may see identities, and with a fresh second "
            "factor (a current code in the X-Second-Factor header); otherwise 403. Every export "
            "is audited with its filters."
        ),
        parameters=[
            OpenApiParameter("as", str, enum=list(FORMATS), required=True),
            OpenApiParameter("identities", bool),
            OpenApiParameter("q", str, description="A reference number or words of a name."),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiResponse(OpenApiTypes.BINARY)
            ),
            400: None,
            403: None,
        },
    )
    def get(self, request: Request) -> HttpResponse:
        actor = request_actor(request)
        _require_case_reader(actor)
        fmt = request.query_params.get("as", "")
        if fmt not in FORMATS:
            raise serializers.ValidationError({"as": [f"One of: {', '.join(FORMATS)}."]})
        identities = request.query_params.get("identities", "").lower() in ("1", "true", "yes")
        if identities:
            if not can_see_identity(actor):
                raise PermissionDenied()
            require_recent_second_factor_api(request)
        filterset = _filtered(request, actor)
        file = call_service(
            export_cases,
            actor=actor,
            cases=filterset.qs,
            fmt=fmt,
            identities=identities,
            filters=saved_params(filterset),
            searched=bool(request.query_params.get("q", "").strip()),
        )
        response = HttpResponse(file.content, content_type=file.content_type)
        response["Content-Disposition"] = content_disposition(file)
        return response


class SavedSearchSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    params = serializers.DictField(
        child=serializers.CharField(),
        help_text="Filters of `GET /api/cases/` (the name search `q` is never kept).",
    )
    created_at = serializers.DateTimeField(read_only=True)


class SavedSearchListAPI(APIView):
    @extend_schema(summary="Your saved case searches", responses=SavedSearchSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_case_reader(actor)
        searches = saved_searches_for(actor)
        return Response(SavedSearchSerializer(searches, many=True).data)

    @extend_schema(
        summary="Save a case search (a name already used is replaced)",
        request=SavedSearchSerializer,
        responses={201: SavedSearchSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_case_reader(actor)
        serializer = SavedSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = serializer.validated_data
        # Only valid filters are kept: a bad value answers 400 naming the filter.
        filterset = CaseFilter(data["params"], queryset=Case.objects.none(), request=request)
        if not filterset.is_valid():
            raise serializers.ValidationError({"params": filterset.errors})
        search = call_service(
            do_save_case_search, actor=actor, name=data["name"], params=saved_params(filterset)
        )
        return Response(SavedSearchSerializer(search).data, status=status.HTTP_201_CREATED)


class SavedSearchDetailAPI(APIView):
    @extend_schema(summary="Delete a saved case search", responses={204: None})
    def delete(self, request: Request, search_id: int) -> Response:
        actor = request_actor(request)
        _require_case_reader(actor)
        search: SavedCaseSearch = get_or_404(saved_searches_for(actor), pk=search_id)
        do_delete_case_search(actor=actor, search=search)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignSerializer(serializers.Serializer):
    worker = serializers.IntegerField(
        allow_null=True, help_text="A user id of the owning agency's case workers; null: nobody."
    )


class AssignResultSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    assigned_worker = AssignedWorkerSerializer(allow_null=True)


class CaseAssignAPI(APIView):
    @extend_schema(
        summary="The case workers who may be assigned to the case",
        responses=AssignedWorkerSerializer(many=True),
    )
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_assign_worker(actor, case):
            raise deny()
        workers = [
            {"id": w.pk, "name": w.get_full_name() or w.get_username()}
            for w in assignable_workers(case)
        ]
        return Response(AssignedWorkerSerializer(workers, many=True).data)

    @extend_schema(
        summary="Assign (or change, or remove) the case worker; audited",
        request=AssignSerializer,
        responses={200: AssignResultSerializer, 400: None},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_assign_worker(actor, case):
            raise deny()
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        worker_id = serializer.validated_data["worker"]
        worker = None
        if worker_id is not None:
            worker = assignable_workers(case).filter(pk=worker_id).first()
            if worker is None:
                raise serializers.ValidationError(
                    {"worker": ["Choose a case worker of the agency that owns the case."]}
                )
        case = call_service(do_assign_case_worker, actor=actor, case=case, worker=worker)
        body = {
            "case": case.pk,
            "assigned_worker": (
                {"id": worker.pk, "name": worker.get_full_name() or worker.get_username()}
                if worker is not None
                else None
            ),
        }
        return Response(AssignResultSerializer(body).data)

"""REST API of the HTCDS / CTDC data exchange: the same capabilities and services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.cases.vocab import ConsentPurpose
from palermo.core.api import call_service
from palermo.stats.exchange.access import (
    access_release,
    can_export_ctdc,
    can_export_htcds,
    can_import_htcds,
    released_file,
    releases_for,
    require,
)
from palermo.stats.exchange.files import CSV_TYPE, XLSX_TYPE, ZIP_TYPE
from palermo.stats.exchange.models import ExchangeRelease, FileFormat
from palermo.stats.exchange.services import (
    HtcdsExportInput,
    PeriodInput,
    do_export_htcds_tables,
    do_import_htcds,
    do_release_ctdc,
)


class PeriodSerializer(serializers.Serializer[Any]):
    year_from = serializers.IntegerField(required=False, allow_null=True, default=None)
    year_to = serializers.IntegerField(required=False, allow_null=True, default=None)
    file_format = serializers.ChoiceField(choices=FileFormat.choices, default=FileFormat.CSV)


class HtcdsExportSerializer(PeriodSerializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    include_identity = serializers.BooleanField(default=False)


class ExchangeReleaseSerializer(serializers.ModelSerializer[ExchangeRelease]):
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = ExchangeRelease
        fields = [
            "id", "kind", "created_by", "agency", "created_at", "file_format", "filename",
            "sha256", "rows", "rule", "filters", "report",
        ]  # fmt: skip


class HtcdsUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class RowErrorSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class FlagSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField()
    case_reference = serializers.CharField()
    visible = serializers.ListField(child=serializers.CharField())
    elsewhere = serializers.ListField(child=serializers.CharField())


class ImportResultSerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    batch_id = serializers.IntegerField(allow_null=True)
    persons = serializers.IntegerField()
    cases = serializers.IntegerField()
    services = serializers.IntegerField()
    case_map = serializers.DictField(child=serializers.CharField())
    flags = FlagSerializer(many=True)
    problems = RowErrorSerializer(many=True, source="errors")


class CtdcReleaseAPI(APIView):
    @extend_schema(
        summary="Make a k-anonymous CTDC-layout file and register it as a release",
        request=PeriodSerializer,
        responses={201: ExchangeReleaseSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        require(can_export_ctdc(actor))
        ser = PeriodSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        release = call_service(do_release_ctdc, actor=actor, data=PeriodInput(**ser.validated_data))
        return Response(ExchangeReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


class ReleaseListAPI(APIView):
    @extend_schema(
        summary="Data releases you may see", responses=ExchangeReleaseSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        return Response(
            ExchangeReleaseSerializer(releases_for(request_actor(request))[:200], many=True).data
        )


class ReleaseDetailAPI(APIView):
    @extend_schema(
        summary="One data release: rule, filter, report, file hash",
        responses=ExchangeReleaseSerializer,
    )
    def get(self, request: Request, release_id: int) -> Response:
        return Response(
            ExchangeReleaseSerializer(access_release(request_actor(request), release_id)).data
        )


class ReleaseFileAPI(APIView):
    @extend_schema(
        summary="The released CTDC file, exactly as registered",
        responses={(200, "text/csv"): bytes, (200, XLSX_TYPE): bytes},
    )
    def get(self, request: Request, release_id: int) -> HttpResponse:
        release = access_release(request_actor(request), release_id)
        content_type = XLSX_TYPE if release.file_format == "xlsx" else CSV_TYPE
        response = HttpResponse(released_file(release), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{release.filename}"'
        return response


class HtcdsExportAPI(APIView):
    @extend_schema(
        summary="Export the HTCDS 2.0 tables (XLSX, or a ZIP of CSV files) for a partner",
        request=HtcdsExportSerializer,
        responses={(200, XLSX_TYPE): bytes, (200, ZIP_TYPE): bytes},
    )
    def post(self, request: Request) -> HttpResponse:
        actor = request_actor(request)
        require(can_export_htcds(actor))
        ser = HtcdsExportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        if ser.validated_data.get("include_identity"):
            require_recent_second_factor_api(request)
        _release, export = call_service(
            do_export_htcds_tables, actor=actor, data=HtcdsExportInput(**ser.validated_data)
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Cache-Control"] = "no-store"
        return response


class HtcdsImportAPI(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import an HTCDS file (CSV or XLSX) as your agency's cases: all rows or none",
        request={"multipart/form-data": HtcdsUploadSerializer},
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The file was read and refused: an ImportResult with every problem "
                "by line; or the upload itself is wrong: the field's messages (`file`).",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        require(can_import_htcds(actor))
        ser = HtcdsUploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        upload = ser.validated_data["file"]
        result = call_service(
            do_import_htcds, actor=actor, filename=upload.name or "", content=upload.read()
        )
        return Response(
            ImportResultSerializer(result).data,
            status=status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST,
        )

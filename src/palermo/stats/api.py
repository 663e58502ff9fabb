"""REST API of the statistics: the figures (exact or as published), releases, and the published
releases that anyone may read (the open data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.core.api import call_service
from palermo.stats.access import (
    access_published_file,
    access_published_release,
    access_release,
    published_releases,
    releases_for,
    require_statistics,
)
from palermo.stats.downloads import file_response
from palermo.stats.exchange.files import XLSX_TYPE
from palermo.stats.models import Release
from palermo.stats.presentation import figures_for, parse_filters, shown_tables, table_payload
from palermo.stats.reports.content import report_table
from palermo.stats.services import (
    do_prepare_release,
    do_publish_release,
    do_update_release_texts,
    release_data,
)

FILTER_PARAMETERS = [
    OpenApiParameter("year", int, description="Year (default: last year)"),
    OpenApiParameter("quarter", int, description="Quarter 1-4 of the year"),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day of a date range"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of a date range"),
    OpenApiParameter("region", str, description="Region code of the pack"),
    OpenApiParameter("agency_kind", str, description="Kind of identifying agency"),
    OpenApiParameter("view", str, enum=["exact", "published"]),
]


class TableRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    values = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    year_before = serializers.IntegerField(allow_null=True)


class TableSerializer(serializers.Serializer):
    class Meta:
        ref_name = "StatisticsTable"

    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    note = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = TableRowSerializer(many=True)
    total = TableRowSerializer()


class FiguresSerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    region = serializers.CharField()
    agency_kind = serializers.CharField()
    view = serializers.CharField()
    tables = TableSerializer(many=True)


class ReleaseFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    format = serializers.CharField()
    language = serializers.CharField()
    table = serializers.CharField()
    filename = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = [
            "id", "year", "state", "rule", "audit", "evaluation", "recommendations",
            "prepared_at", "published_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class ReleaseDetailSerializer(ReleaseSerializer):
    tables = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "tables", "files"]
        read_only_fields = fields

    @extend_schema_field(TableSerializer(many=True))
    def get_tables(self, release: Release) -> list[dict[str, Any]]:
        return [table_payload(report_table(item)) for item in release_data(release).tables]

    @extend_schema_field(ReleaseFileSerializer(many=True))
    def get_files(self, release: Release) -> list[dict[str, Any]]:
        return [
            {
                "id": f.pk,
                "format": f.format,
                "language": f.language,
                "table": f.table_key,
                "filename": f.filename,
                "sha256": f.sha256,
                "size": f.size,
            }
            for f in release.files.defer("content")
        ]


class PrepareSerializer(serializers.Serializer):
    year = serializers.IntegerField()


class TextsSerializer(serializers.Serializer):
    evaluation = serializers.CharField(allow_blank=True, max_length=20000)
    recommendations = serializers.CharField(allow_blank=True, max_length=20000)
    version = serializers.IntegerField()


class FiguresAPI(APIView):
    @extend_schema(
        summary="National figures for a period, region and kind of identifying agency",
        parameters=FILTER_PARAMETERS,
        responses=FiguresSerializer,
    )
    def get(self, request: Request) -> Response:
        require_statistics(request_actor(request))
        params = {key: request.query_params.get(key, "") for key in request.query_params}
        filters = call_service(parse_filters, params=params)
        exact = params.get("view", "exact") != "published"
        tables = shown_tables(figures_for(filters), exact=exact)
        return Response(
            {
                "period": filters.period.label,
                "start": filters.period.start,
                "end": filters.period.end,
                "region": filters.region,
                "agency_kind": filters.agency_kind,
                "view": "exact" if exact else "published",
                "tables": [table_payload(t.table) for t in tables],
            }
        )


class ReleaseListAPI(APIView):
    @extend_schema(summary="Statistical releases", responses=ReleaseSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        require_statistics(actor)
        return Response(ReleaseSerializer(releases_for(actor), many=True).data)

    @extend_schema(
        summary="Prepare (or refresh) the year's draft release",
        request=PrepareSerializer,
        responses={201: ReleaseDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        require_statistics(actor)
        body = PrepareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        release = call_service(do_prepare_release, actor=actor, year=body.validated_data["year"])
        return Response(ReleaseDetailSerializer(release).data, status=status.HTTP_201_CREATED)


class ReleaseDetailAPI(APIView):
    @extend_schema(
        summary="A release, with its published tables", responses=ReleaseDetailSerializer
    )
    def get(self, request: Request, release_id: int) -> Response:
        release = access_release(request_actor(request), release_id)
        return Response(ReleaseDetailSerializer(release).data)

    @extend_schema(
        summary="Write the evaluation and recommendations of a draft",
        request=TextsSerializer,
        responses=ReleaseDetailSerializer,
    )
    def patch(self, request: Request, release_id: int) -> Response:
        actor = request_actor(request)
        release = access_release(actor, release_id, write=True)
        body = TextsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        release = call_service(
            do_update_release_texts, actor=actor, release=release, **body.validated_data
        )
        return Response(ReleaseDetailSerializer(release).data)


class ReleasePublishAPI(APIView):
    @extend_schema(
        summary="Publish a draft (refused unless the disclosure audit passes)",
        request=None,
        responses=ReleaseDetailSerializer,
    )
    def post(self, request: Request, release_id: int) -> Response:
        actor = request_actor(request)
        release = access_release(actor, release_id, write=True)
        release = call_service(do_publish_release, actor=actor, release=release)
        return Response(ReleaseDetailSerializer(release).data)


class PublishedListAPI(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        summary="Published releases (open data, no log-in)",
        responses=ReleaseDetailSerializer(many=True),
        auth=[],
    )
    def get(self, request: Request) -> Response:
        return Response(ReleaseDetailSerializer(published_releases(), many=True).data)


class PublishedDetailAPI(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        summary="A published release (open data, no log-in)",
        responses=ReleaseDetailSerializer,
        auth=[],
    )
    def get(self, request: Request, year: int) -> Response:
        return Response(ReleaseDetailSerializer(access_published_release(year)).data)


class PublishedFileAPI(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        summary="A file of a published release (open data, no log-in)",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
        },
        auth=[],
    )
    def get(self, request: Request, year: int, file_id: int) -> HttpResponse:
        release = access_published_release(year)
        return file_response(access_published_file(release, file_id), public=True)

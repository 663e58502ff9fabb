"""REST API for portal pages (national administrators): the same access helpers and services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.core.api import call_service as _service
from palermo.portal.access import access_page, can_edit_pages, pages_for
from palermo.portal.services import PAGE_FIELDS, PageInput, do_create_page, do_update_page


class PageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(max_length=80)
    title_en = serializers.CharField(max_length=200, allow_blank=True)
    title_ru = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    title_be = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    body_en = serializers.CharField(allow_blank=True)
    body_ru = serializers.CharField(allow_blank=True, required=False, default="")
    body_be = serializers.CharField(allow_blank=True, required=False, default="")
    is_published = serializers.BooleanField(default=False)
    show_on_home = serializers.BooleanField(default=False)
    position = serializers.IntegerField(default=100)
    updated_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(read_only=True)

    def page_input(self) -> PageInput:
        return PageInput(**{n: self.validated_data[n] for n in PAGE_FIELDS})


class PageUpdateSerializer(PageSerializer):
    expected_version = serializers.IntegerField(write_only=True)


class PageListAPI(APIView):
    @extend_schema(summary="List portal pages (editors)", responses=PageSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_edit_pages(actor):
            raise PermissionDenied()
        return Response(PageSerializer(pages_for(actor), many=True).data)

    @extend_schema(
        summary="Create a portal page", request=PageSerializer, responses={201: PageSerializer}
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_edit_pages(actor):
            raise PermissionDenied()
        serializer = PageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        page = _service(do_create_page, actor=actor, data=serializer.page_input())
        return Response(PageSerializer(page).data, status=status.HTTP_201_CREATED)


class PageDetailAPI(APIView):
    @extend_schema(summary="Read a portal page (editors)", responses=PageSerializer)
    def get(self, request: Request, page_id: int) -> Response:
        return Response(PageSerializer(access_page(request_actor(request), page_id)).data)

    @extend_schema(
        summary="Edit a portal page (whole record, with the version you read)",
        request=PageUpdateSerializer,
        responses={200: PageSerializer, 409: None},
    )
    def put(self, request: Request, page_id: int) -> Response:
        actor = request_actor(request)
        page = access_page(actor, page_id)
        serializer = PageUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = _service(
            do_update_page,
            actor=actor,
            page=page,
            expected_version=serializer.validated_data["expected_version"],
            data=serializer.page_input(),
        )
        return Response(PageSerializer(updated).data)

"""REST API of a person's own file (subject access) and correction requests."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.core.api import call_service
from palermo.lifecycle.access import access_correction_request, access_subject_person
from palermo.lifecycle.models import CorrectionRequest
from palermo.lifecycle.services import (
    CorrectionInput,
    do_answer_correction_request,
    do_produce_subject_file,
    do_record_correction_request,
)
from palermo.lifecycle.subject_access import render_pdf


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    received_on = serializers.DateField()
    requested_change = serializers.CharField(max_length=5000)
    status = serializers.CharField(read_only=True)
    answer = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class CorrectionAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    answer = serializers.CharField(max_length=5000)
    version = serializers.IntegerField(min_value=1)


class SubjectFileAPI(APIView):
    @extend_schema(
        summary="A person's own file as JSON (subject access; audited)",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, person_id: int) -> Response:
        actor = request_actor(request)
        person = access_subject_person(actor, person_id)
        require_recent_second_factor_api(request)
        document = call_service(
            do_produce_subject_file, actor=actor, person=person, file_format="json"
        )
        return Response(document)


class SubjectFilePdfAPI(APIView):
    @extend_schema(
        summary="A person's own file as PDF (subject access; audited)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, person_id: int) -> HttpResponse:
        actor = request_actor(request)
        person = access_subject_person(actor, person_id)
        require_recent_second_factor_api(request)
        document = call_service(
            do_produce_subject_file, actor=actor, person=person, file_format="pdf"
        )
        response = HttpResponse(render_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="person-file-{person.reference}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response


class CorrectionListAPI(APIView):
    @extend_schema(
        summary="Correction requests of a person", responses=CorrectionSerializer(many=True)
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = access_subject_person(request_actor(request), person_id)
        rows = CorrectionRequest.objects.filter(person=person)
        return Response(CorrectionSerializer(rows, many=True).data)

    @extend_schema(
        summary="Record a person's request to correct their data",
        request=CorrectionSerializer,
        responses={201: CorrectionSerializer},
    )
    def post(self, request: Request, person_id: int) -> Response:
        actor = request_actor(request)
        person = access_subject_person(actor, person_id)
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = call_service(
            do_record_correction_request,
            actor=actor,
            person=person,
            data=CorrectionInput(**serializer.validated_data),
        )
        return Response(CorrectionSerializer(correction).data, status=201)


class CorrectionAnswerAPI(APIView):
    @extend_schema(
        summary="Answer a correction request (accept or refuse)",
        request=CorrectionAnswerSerializer,
        responses={200: CorrectionSerializer, 409: None},
    )
    def post(self, request: Request, request_id: int) -> Response:
        actor = request_actor(request)
        correction = access_correction_request(actor, request_id)
        serializer = CorrectionAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = call_service(
            do_answer_correction_request,
            actor=actor,
            request=correction,
            **serializer.validated_data,
        )
        return Response(CorrectionSerializer(correction).data)

"""REST API for cases: the same access helpers and services as the HTML views."""

from __future__ import annotations

from typing import Any

from django_countries.serializer_fields import CountryField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import (
    access_case,
    can_see_identity,
    identity_visible,
    load_visibility,
    owns_case,
    visible_parts,
)
from palermo.cases.filters import CaseFilter
from palermo.cases.models import Case
from palermo.cases.queries import search_cases
from palermo.cases.services import CaseInput, do_register_case, do_update_case, record_identity_view
from palermo.cases.vocab import (
    CaseStatus,
    ExploitationForm,
    IdentificationMethod,
    TraffickingStatus,
)
from palermo.core.api import BoundedPagination
from palermo.core.api import call_service as _service_call
from palermo.core.idempotency import idempotent
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender


class PersonSerializer(serializers.Serializer):
    reference = serializers.CharField(read_only=True)
    family_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    patronymic = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    family_name_latin = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    given_name_latin = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices)
    citizenship_status = serializers.ChoiceField(
        choices=CitizenshipStatus.choices, default=CitizenshipStatus.CITIZEN
    )
    citizenship = CountryField(required=False, allow_blank=True, default="")


class PersonStatsSerializer(serializers.Serializer):
    """What a role without identity access sees of a person."""

    reference = serializers.CharField(read_only=True)
    gender = serializers.CharField(read_only=True)
    citizenship_status = serializers.CharField(read_only=True)
    citizenship = CountryField(read_only=True, allow_blank=True)


class AssignedWorkerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    person = PersonSerializer()
    owning_agency = serializers.CharField(source="owning_agency.name", read_only=True)
    identifying_agency_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    identification_method = serializers.ChoiceField(choices=IdentificationMethod.choices)
    trafficking_status = serializers.ChoiceField(choices=TraffickingStatus.choices, read_only=True)
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices),
        source="exploitation_form_codes",
        allow_empty=False,
    )
    region = serializers.CharField(max_length=20)
    country_of_recruitment = CountryField(required=False, allow_blank=True, default="")
    country_of_exploitation = CountryField(required=False, allow_blank=True, default="")
    identified_on = serializers.DateField()
    exploitation_started_on = serializers.DateField(required=False, allow_null=True, default=None)
    exploitation_ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    age_at_identification = serializers.IntegerField(read_only=True, allow_null=True)
    is_minor = serializers.BooleanField(read_only=True, allow_null=True)
    narrative = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000
    )
    assigned_worker_id = serializers.SerializerMethodField(
        help_text="The owning agency's case worker (null for a case referred to you)."
    )
    assigned_worker_name = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def _worker(self, case: Case) -> Any:
        actor = self.context.get("actor")
        worker = case.assigned_worker
        if worker is None or (actor is not None and not owns_case(actor, case)):
            return None
        return worker

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_assigned_worker_id(self, case: Case) -> int | None:
        worker = self._worker(case)
        return worker.pk if worker is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assigned_worker_name(self, case: Case) -> str | None:
        worker = self._worker(case)
        return (worker.get_full_name() or worker.get_username()) if worker is not None else None

    def to_representation(self, instance: Case) -> dict[str, Any]:
        data = super().to_representation(instance)
        actor = self.context.get("actor")
        show = self.context.get("show_identity", False)
        if show and actor is not None:
            # Per case: a referred case shows only what its referral shares.
            show = identity_visible(actor, instance)
        if not show:
            data["person"] = PersonStatsSerializer(instance.person).data
            data["narrative"] = None
        elif actor is not None:
            parts = visible_parts(actor, instance)
            if "date_of_birth" not in parts:
                data["person"]["date_of_birth"] = None
            if "narrative" not in parts:
                data["narrative"] = None
        return data

    def inputs(self) -> tuple[PersonInput, CaseInput]:
        d = self.validated_data
        p = d["person"]
        person = PersonInput(
            family_name=p["family_name"],
            given_name=p["given_name"],
            patronymic=p["patronymic"],
            family_name_latin=p["family_name_latin"],
            given_name_latin=p["given_name_latin"],
            date_of_birth=p["date_of_birth"],
            gender=p["gender"],
            citizenship_status=p["citizenship_status"],
            citizenship=p["citizenship"] or "",
        )
        case = CaseInput(
            identification_method=d["identification_method"],
            identifying_agency_id=d["identifying_agency_id"],
            region=d["region"],
            country_of_recruitment=d["country_of_recruitment"] or "",
            country_of_exploitation=d["country_of_exploitation"] or "",
            identified_on=d["identified_on"],
            exploitation_started_on=d["exploitation_started_on"],
            exploitation_ended_on=d["exploitation_ended_on"],
            exploitation_forms=list(d["exploitation_form_codes"]),
            narrative=d["narrative"],
        )
        return person, case


class CaseUpdateSerializer(CaseSerializer):
    expected_version = serializers.IntegerField(
        write_only=True, help_text="The `version` you read; a 409 answers if it changed since."
    )


def _require_case_reader(actor: Actor) -> None:
    if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
        raise PermissionDenied()


class CaseListAPI(GenericAPIView):
    pagination_class = BoundedPagination  # documents the page envelope
    # The filters of the HTML list (cases.filters), documented in the schema by drf-spectacular.
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    queryset = Case.objects.none()  # the schema's model; requests start from cases_for(actor)
    serializer_class = CaseSerializer

    @extend_schema(
        summary="List, search and filter cases",
        description=(
            "The actor's cases (its agency's own, the cases referred to it, or every case for "
            "national roles), filtered; an invalid filter answers 400 naming it. `status` is "
            "the trafficking status, `case_status` the case's own status; `sort` takes one of "
            "the column names, `-` first for descending order."
        ),
        parameters=[
            OpenApiParameter("q", str, description="A reference number or words of a name."),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=CaseSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_case_reader(actor)
        qs = self.filter_queryset(search_cases(actor, request.query_params.get("q", "")))
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        load_visibility(actor, page)
        show = can_see_identity(actor)
        if show:
            record_identity_view(
                actor=actor,
                cases=[c for c in page if identity_visible(actor, c)],
                purpose=request.query_params.get("purpose", "api case list"),
            )
        context = {"show_identity": show, "actor": actor}
        data = CaseSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Register a presumed victim",
        request=CaseSerializer,
        responses={201: CaseSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can(Cap.CASE_REGISTER):
            raise PermissionDenied()
        serializer = CaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person, case = serializer.inputs()
        created = _service_call(do_register_case, actor=actor, person=person, case=case)
        body = CaseSerializer(created, context={"show_identity": can_see_identity(actor)}).data
        return Response(body, status=status.HTTP_201_CREATED)


class CaseDetailAPI(APIView):
    @extend_schema(summary="Read a case", responses=CaseSerializer)
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])  # once for the checks and the serializer below
        show = identity_visible(actor, case)
        if show:
            record_identity_view(
                actor=actor,
                cases=[case],
                purpose=request.query_params.get("purpose", "api case file"),
            )
        context = {"show_identity": show, "actor": actor}
        return Response(CaseSerializer(case, context=context).data)

    @extend_schema(
        summary="Edit a case (whole record, with the version you read)",
        request=CaseUpdateSerializer,
        responses={200: CaseSerializer, 409: None},
    )
    def put(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id, write=True)
        serializer = CaseUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person, data = serializer.inputs()
        updated = _service_call(
            do_update_case,
            actor=actor,
            case=case,
            expected_version=serializer.validated_data["expected_version"],
            person=person,
            data=data,
        )
        return Response(
            CaseSerializer(updated, context={"show_identity": can_see_identity(actor)}).data
        )

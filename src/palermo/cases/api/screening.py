"""REST API for identification screenings.

Service ValidationErrors answer 400 with field messages and ConflictErrors 409 (the project's
exception handler); "no access" answers 404 like "not found", as in the HTML views.
"""

from __future__ import annotations

from typing import Any

from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import access_case, can_see_identity
from palermo.cases.access_parts import (
    access_screening,
    can_screen,
    screenings_for,
)
from palermo.cases.api.common import basis_dict
from palermo.cases.models import Screening
from palermo.cases.services import (
    ScreeningInput,
    do_link_screening,
    do_record_screening,
    record_screening_view,
)
from palermo.cases.vocab import (
    AgeGroup,
    ExploitationForm,
)
from palermo.core.api import BoundedPagination
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import Gender


class ScreeningSchemeAPI(APIView):
    @extend_schema(
        summary="The screening indicators and rule of the jurisdiction",
        description=(
            "Indicator groups with each indicator's strength for adults and children, the "
            "criteria of the recommendation rule and, per age group, the rule and its basis."
        ),
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        if not can_screen(request_actor(request)):
            raise PermissionDenied()
        pack = get_pack()
        scheme = pack.screening
        if scheme is None:
            return Response({"pack": pack.code, "groups": [], "criteria": [], "rules": {}})
        return Response(
            {
                "pack": pack.code,
                "groups": [
                    {
                        "code": g.code,
                        "name": g.name(),
                        "description": g.description(),
                        "source": basis_dict(g.source) if g.source else None,
                        "indicators": [
                            {"code": i.code, "name": i.name(), "strengths": dict(i.strengths)}
                            for i in g.indicators
                        ],
                    }
                    for g in scheme.groups
                ],
                "criteria": [
                    {
                        "key": c.key,
                        "name": c.name(),
                        "description": c.description(),
                        "kind": c.kind,
                        "groups": sorted(c.groups),
                        "indicators": sorted(c.indicators),
                        "strengths": sorted(c.strengths),
                        "at_least": c.at_least if c.kind == "count" else None,
                        "parts": list(c.parts),
                    }
                    for c in scheme.criteria.values()
                ],
                "rules": {
                    age: {"criterion": r.criterion.key, "legal_basis": basis_dict(r.legal_basis)}
                    for age, r in scheme.rules.items()
                },
            }
        )


class ScreeningSerializer(serializers.Serializer):
    """A screening as stored. Identity details are null for roles that may not see identities."""

    id = serializers.IntegerField(read_only=True)
    case_id = serializers.IntegerField(read_only=True, allow_null=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True, default=None)
    agency = serializers.CharField(source="agency.display_name", read_only=True)
    screened_on = serializers.DateField(read_only=True)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, read_only=True)
    indicators = serializers.ListField(child=serializers.CharField(), read_only=True)
    presumed_victim = serializers.BooleanField(read_only=True)
    decisive_indicators = serializers.ListField(child=serializers.CharField(), read_only=True)
    legal_basis_key = serializers.CharField(read_only=True)
    legal_basis_citation = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True, allow_null=True)
    given_name = serializers.CharField(read_only=True, allow_null=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    gender = serializers.CharField(read_only=True)
    citizenship = CountryField(read_only=True, allow_blank=True)
    country_of_exploitation = CountryField(read_only=True, allow_blank=True)
    exploitation_forms = serializers.ListField(child=serializers.CharField(), read_only=True)
    notes = serializers.CharField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: Screening) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_identity", False):
            for name in ("family_name", "given_name", "date_of_birth", "notes"):
                data[name] = None
        return data


class ScreeningInputSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Screen for an existing case."
    )
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    screened_on = serializers.DateField()
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        default=list,
        help_text="Codes of the indicators present (see /api/screening-scheme/).",
    )
    family_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, default=""
    )
    citizenship = CountryField(required=False, allow_blank=True, default="")
    country_of_exploitation = CountryField(required=False, allow_blank=True, default="")
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices),
        required=False,
        default=list,
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")

    def screening_input(self) -> ScreeningInput:
        d = self.validated_data
        return ScreeningInput(
            age_group=d["age_group"],
            screened_on=d["screened_on"],
            indicators=list(d["indicators"]),
            family_name=d["family_name"],
            given_name=d["given_name"],
            date_of_birth=d["date_of_birth"],
            gender=d["gender"],
            citizenship=d["citizenship"] or "",
            country_of_exploitation=d["country_of_exploitation"] or "",
            exploitation_forms=list(d["exploitation_forms"]),
            notes=d["notes"],
        )


def _screening_body(actor: Actor, screening: Screening) -> dict[str, Any]:
    return ScreeningSerializer(screening, context={"show_identity": can_see_identity(actor)}).data


class ScreeningListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List screenings",
        parameters=[
            OpenApiParameter("unregistered", bool, description="Only those not linked to a case."),
            OpenApiParameter("case", int, description="Only those of this case."),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=ScreeningSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not (can_screen(actor) or actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL)):
            raise PermissionDenied()
        qs = screenings_for(actor)
        if request.query_params.get("unregistered") in ("1", "true"):
            qs = qs.filter(case__isnull=True)
        if case_id := request.query_params.get("case"):
            qs = qs.filter(case=access_case(actor, case_id))
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        # Lists never carry identity details: open one screening to read them (audited).
        data = ScreeningSerializer(page, many=True, context={"show_identity": False}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Record a screening (for a case, or before registration)",
        request=ScreeningInputSerializer,
        responses={201: ScreeningSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_screen(actor):
            raise PermissionDenied()
        serializer = ScreeningInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_id = serializer.validated_data["case_id"]
        case = access_case(actor, case_id, write=True) if case_id is not None else None
        screening = do_record_screening(actor=actor, data=serializer.screening_input(), case=case)
        return Response(_screening_body(actor, screening), status=status.HTTP_201_CREATED)


class ScreeningDetailAPI(APIView):
    @extend_schema(summary="Read a screening", responses=ScreeningSerializer)
    def get(self, request: Request, screening_id: int) -> Response:
        actor = request_actor(request)
        screening = access_screening(actor, screening_id)
        if can_see_identity(actor):
            record_screening_view(
                actor=actor,
                screening=screening,
                purpose=request.query_params.get("purpose", "api screening"),
            )
        return Response(_screening_body(actor, screening))


class LinkSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()


class ScreeningLinkAPI(APIView):
    @extend_schema(
        summary="Link a screening to the case registered from it",
        request=LinkSerializer,
        responses=ScreeningSerializer,
    )
    def post(self, request: Request, screening_id: int) -> Response:
        actor = request_actor(request)
        screening = access_screening(actor, screening_id, write=True)
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = access_case(actor, serializer.validated_data["case_id"])
        linked = do_link_screening(actor=actor, screening=screening, case=case)
        return Response(_screening_body(actor, linked))

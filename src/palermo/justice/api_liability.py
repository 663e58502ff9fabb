"""REST API for the liability of persons and organisations involved in trafficking: Art. 30
decisions on foreign nationals and administrative offences. The same access helpers and services
as the HTML pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.roles import Cap
from palermo.core.api import BoundedPagination
from palermo.core.api import call_service as _service
from palermo.core.idempotency import idempotent
from palermo.justice.access import (
    can_see_consequences,
    can_see_offences,
    consequences_for,
    offences_for,
)
from palermo.justice.models import AdministrativeOffence, ForeignNationalConsequence
from palermo.justice.rules import basis_citation
from palermo.justice.services import (
    ConsequenceInput,
    OffenceInput,
    do_record_consequence,
    do_record_offence,
    record_liability_read,
)
from palermo.justice.vocab import OffenderKind
from palermo.people.vocab import CitizenshipStatus

# --- Art. 30 ----------------------------------------------------------------------------------


class ConsequenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text="A consequence code of the pack (justice.foreign_nationals)"
    )
    legal_basis_key = serializers.CharField()
    legal_basis = serializers.CharField(help_text="The citation, e.g. Law No. 350-Z, Art. 30")
    decision_number = serializers.CharField()
    decided_on = serializers.DateField()
    issuing_body = serializers.CharField()
    stay_until = serializers.DateField(allow_null=True)
    family_name = serializers.CharField()
    given_name = serializers.CharField()
    patronymic = serializers.CharField()
    family_name_latin = serializers.CharField()
    given_name_latin = serializers.CharField()
    date_of_birth = serializers.DateField()
    citizenship_status = serializers.CharField()
    citizenship = serializers.CharField()
    grounds = serializers.CharField()
    proceedings_id = serializers.IntegerField(allow_null=True)
    organisation_id = serializers.IntegerField(allow_null=True)
    agency = serializers.CharField()


def consequence_data(c: ForeignNationalConsequence) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "legal_basis_key": c.legal_basis,
        "legal_basis": basis_citation(c.legal_basis),
        "decision_number": c.decision_number,
        "decided_on": c.decided_on,
        "issuing_body": c.issuing_body,
        "stay_until": c.stay_until,
        "family_name": c.family_name,
        "given_name": c.given_name,
        "patronymic": c.patronymic,
        "family_name_latin": c.family_name_latin,
        "given_name_latin": c.given_name_latin,
        "date_of_birth": c.date_of_birth,
        "citizenship_status": c.citizenship_status,
        "citizenship": str(c.citizenship or ""),
        "grounds": c.grounds,
        "proceedings_id": c.proceedings_id,
        "organisation_id": c.organisation_id,
        "agency": str(c.agency),
    }


class ConsequenceInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40)
    decision_number = serializers.CharField(max_length=60)
    decided_on = serializers.DateField()
    issuing_body = serializers.CharField(max_length=300)
    stay_until = serializers.DateField(required=False, allow_null=True, default=None)
    family_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    given_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    patronymic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    family_name_latin = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    given_name_latin = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    date_of_birth = serializers.DateField()
    citizenship_status = serializers.ChoiceField(choices=CitizenshipStatus.choices)
    citizenship = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    grounds = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    proceedings_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    organisation_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class ConsequenceListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Art. 30 decisions on foreign nationals (your agency's, or all for national roles)",
        responses=ConsequenceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_see_consequences(actor):
            raise PermissionDenied()
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(consequences_for(actor), request, view=self) or []
        record_liability_read(
            actor=actor, what="consequences", ids=[c.pk for c in page], purpose="API list"
        )
        return paginator.get_paginated_response([consequence_data(c) for c in page])

    @extend_schema(
        summary="Record an Art. 30 decision on a foreign national involved in trafficking",
        description=(
            "Registration or extension of stay refused, stay shortened (with `stay_until`), a "
            "residence permit refused or annulled — with the decision's number, date and issuing "
            "body. Migration officers then see it in the expulsion check by name and date of "
            "birth. Send an Idempotency-Key so that a retried request records it once."
        ),
        request=ConsequenceInputSerializer,
        responses={201: ConsequenceSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can(Cap.FOREIGN_NATIONAL_RECORD):
            raise PermissionDenied()
        serializer = ConsequenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consequence = _service(
            do_record_consequence,
            actor=actor,
            data=ConsequenceInput(**serializer.validated_data),
        )
        return Response(consequence_data(consequence), status=status.HTTP_201_CREATED)


# --- administrative offences ------------------------------------------------------------------


class OffenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    offender_kind = serializers.CharField()
    family_name = serializers.CharField()
    given_name = serializers.CharField()
    patronymic = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    citizenship = serializers.CharField()
    organisation_name = serializers.CharField()
    taxpayer_number = serializers.CharField()
    organisation_id = serializers.IntegerField(allow_null=True)
    article = serializers.CharField(help_text="A legal-basis key of the pack, e.g. aoc_23_65")
    article_citation = serializers.CharField()
    offence_date = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField()
    deciding_body = serializers.CharField()
    decision_number = serializers.CharField()
    penalty = serializers.CharField()
    penalty_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    penalty_unit = serializers.CharField()
    region = serializers.CharField()
    proceedings_id = serializers.IntegerField(allow_null=True)
    notes = serializers.CharField()
    agency = serializers.CharField()


def offence_data(o: AdministrativeOffence) -> dict[str, Any]:
    return {
        "id": o.pk,
        "offender_kind": o.offender_kind,
        "family_name": o.family_name,
        "given_name": o.given_name,
        "patronymic": o.patronymic,
        "date_of_birth": o.date_of_birth,
        "citizenship": str(o.citizenship or ""),
        "organisation_name": o.organisation_name,
        "taxpayer_number": o.taxpayer_number,
        "organisation_id": o.organisation_id,
        "article": o.article,
        "article_citation": basis_citation(o.article),
        "offence_date": o.offence_date,
        "decided_on": o.decided_on,
        "deciding_body": o.deciding_body,
        "decision_number": o.decision_number,
        "penalty": o.penalty,
        "penalty_amount": o.penalty_amount,
        "penalty_unit": o.penalty_unit,
        "region": o.region,
        "proceedings_id": o.proceedings_id,
        "notes": o.notes,
        "agency": str(o.agency),
    }


class OffenceInputSerializer(serializers.Serializer):
    offender_kind = serializers.ChoiceField(choices=OffenderKind.choices)
    family_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    given_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    patronymic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    citizenship = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    organisation_name = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    taxpayer_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    organisation_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    article = serializers.CharField(max_length=60)
    offence_date = serializers.DateField(required=False, allow_null=True, default=None)
    decided_on = serializers.DateField()
    deciding_body = serializers.CharField(max_length=300)
    decision_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    penalty = serializers.CharField(max_length=40)
    penalty_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    region = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    proceedings_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class OffenceListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Administrative offences (your agency's, or all for national roles)",
        responses=OffenceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_see_offences(actor):
            raise PermissionDenied()
        qs = offences_for(actor)
        article = request.query_params.get("article", "")
        if article:
            qs = qs.filter(article=article)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        record_liability_read(
            actor=actor,
            what="offences",
            ids=[o.pk for o in page if o.offender_kind == OffenderKind.PERSON],
            purpose="API list",
        )
        return paginator.get_paginated_response([offence_data(o) for o in page])

    @extend_schema(
        summary="Record an administrative offence against a person or an organisation",
        description=(
            "The article and the penalty are codes of the pack (justice.administrative_offences); "
            "a penalty with a unit (fine in base units, hours, days) needs `penalty_amount`. Send "
            "an Idempotency-Key so that a retried request records it once."
        ),
        request=OffenceInputSerializer,
        responses={201: OffenceSerializer},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can(Cap.OFFENCE_RECORD):
            raise PermissionDenied()
        serializer = OffenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offence = _service(
            do_record_offence, actor=actor, data=OffenceInput(**serializer.validated_data)
        )
        return Response(offence_data(offence), status=status.HTTP_201_CREATED)

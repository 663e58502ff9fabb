"""REST API of shelters: the same access helpers and services as the HTML views."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.cases.access import cases_for
from palermo.cases.services import record_identity_view
from palermo.core.access import deny, get_or_404
from palermo.core.actions import api_action
from palermo.core.params import parse_year
from palermo.jurisdictions.pack import get_pack
from palermo.shelters.access import (
    access_admission,
    access_facility,
    can_create_facility,
    can_see_address,
    can_see_residents,
    can_view_directory,
    can_view_occupancy,
    facilities_for,
    facilities_for_occupancy,
    shows_identity,
)
from palermo.shelters.actions import DISCHARGE, PLACE, PRIORITY, REMOVE
from palermo.shelters.models import Admission, Facility
from palermo.shelters.queries import Month, OccupancyRow, PlaceRow, occupancy, places_by_facility
from palermo.shelters.services import (
    AdmissionInput,
    FacilityInput,
    do_add_to_waiting_list,
    do_admit,
    do_create_facility,
    do_transfer,
    do_update_facility,
    record_resident_read,
)
from palermo.shelters.vocab import (
    Citizenship,
    Disease,
    Guard,
    GuardianRelation,
    Priority,
    Sex,
)

# --- serializers -------------------------------------------------------------------------------


class PlaceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField()


class FacilitySerializer(serializers.Serializer):
    """A facility. ``address``, ``guard`` and ``guard_details`` are null for everyone but the
    operator's staff and national coordinators."""

    class Meta:
        ref_name = "ShelterFacility"

    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField()
    operator_id = serializers.IntegerField()
    operator = serializers.CharField()
    is_active = serializers.BooleanField()
    admitted_groups = serializers.ListField(child=serializers.CharField())
    places = PlaceSerializer(many=True)
    address = serializers.CharField(allow_null=True)
    guard = serializers.CharField(allow_null=True)
    guard_details = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()


def facility_data(actor: Actor, facility: Facility, places: list[PlaceRow]) -> dict[str, Any]:
    secret = can_see_address(actor, facility)
    return {
        "id": facility.pk,
        "name": facility.name,
        "region": facility.region,
        "operator_id": facility.operator_id,
        "operator": str(facility.operator),
        "is_active": facility.is_active,
        "admitted_groups": list(facility.admitted_groups),
        "places": [
            {
                "kind": p.kind,
                "name": p.name,
                "capacity": p.capacity,
                "occupied": p.occupied,
                "free": p.free,
            }
            for p in places
        ],
        "address": str(facility.address) if secret else None,
        "guard": facility.guard if secret else None,
        "guard_details": str(facility.guard_details) if secret else None,
        "version": facility.version,
    }


class FacilityWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    region = serializers.CharField(max_length=20)
    address = serializers.CharField(max_length=2000)
    guard = serializers.ChoiceField(choices=Guard.choices)
    guard_details = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    admitted_groups = serializers.ListField(
        child=serializers.CharField(max_length=60), default=list
    )
    places = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=500),
        help_text="Kind of place (pack code) → number of places.",
    )
    is_active = serializers.BooleanField(default=True)

    def facility_input(self) -> FacilityInput:
        return FacilityInput(
            **{k: self.validated_data[k] for k in FacilityInput.__dataclass_fields__}
        )


class FacilityUpdateSerializer(FacilityWriteSerializer):
    expected_version = serializers.IntegerField()


class LegalBasisRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    citation = serializers.CharField()


class RuleRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class AdmissionSerializer(serializers.Serializer):
    """An admission. ``resident`` (the real name) is null for staff outside the case: they know
    the person by ``alias`` only (seed 004 §34)."""

    id = serializers.IntegerField()
    alias = serializers.CharField()
    resident = serializers.CharField(allow_null=True)
    facility_id = serializers.IntegerField()
    facility = serializers.CharField()
    case_id = serializers.IntegerField(
        allow_null=True, help_text="Null unless you may open the case."
    )
    case = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    place_kind = serializers.CharField()
    outcome = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    refused_by = RuleRefSerializer(many=True)
    excluded_groups = serializers.ListField(child=serializers.CharField())
    legal_bases = LegalBasisRefSerializer(many=True)
    facts = serializers.DictField()
    priority = serializers.CharField()
    waiting_since = serializers.DateTimeField(allow_null=True)
    admitted_on = serializers.DateField(allow_null=True)
    discharged_on = serializers.DateField(allow_null=True)
    discharge_reason = serializers.CharField()
    destination = serializers.CharField()
    transferred_to = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()


def admission_data(actor: Actor, admission: Admission) -> dict[str, Any]:
    rules = get_pack().shelters
    refused = []
    for code in admission.refused_by:
        rule = rules.rule(code) if rules else None
        refused.append({"code": code, "message": rule.message() if rule else code})
    identity = shows_identity(actor, admission)
    sees_case = cases_for(actor).filter(pk=admission.case_id).exists()
    return {
        "id": admission.pk,
        "alias": admission.alias,
        "resident": admission.case.person.display_name if identity else None,
        "facility_id": admission.facility_id,
        "facility": admission.facility.name,
        "case_id": admission.case_id if sees_case else None,
        "case": admission.case.reference if sees_case else None,
        "status": admission.status,
        "place_kind": admission.place_kind,
        "outcome": admission.outcome,
        "rules": list(admission.rules),
        "refused_by": refused,
        "excluded_groups": list(admission.excluded_groups),
        "legal_bases": [
            {"key": k, "citation": c}
            for k, c in zip(admission.legal_bases, admission.citations, strict=False)
        ],
        "facts": dict(admission.facts),
        "priority": admission.priority,
        "waiting_since": admission.waiting_since,
        "admitted_on": admission.admitted_on,
        "discharged_on": admission.discharged_on,
        "discharge_reason": admission.discharge_reason,
        "destination": admission.destination,
        "transferred_to": admission.transferred_to_id,
        "version": admission.version,
    }


class AdmissionRequestSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    waiting_list = serializers.BooleanField(
        default=False, help_text="Put the person on the waiting list instead of taking a place."
    )
    place_kind = serializers.CharField(max_length=60)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age = serializers.IntegerField(min_value=0, max_value=120)
    with_children = serializers.BooleanField(default=False)
    pregnant = serializers.BooleanField(default=False)
    residence_region = serializers.CharField(
        max_length=20, help_text="A region code of the pack, or 'abroad'."
    )
    citizenship = serializers.ChoiceField(choices=Citizenship.choices)
    disease = serializers.ChoiceField(choices=Disease.choices, default=Disease.NONE)
    guardian_relation = serializers.ChoiceField(
        choices=GuardianRelation.choices, required=False, allow_blank=True, default=""
    )
    guardian_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    guardian_permission_on = serializers.DateField(required=False, allow_null=True, default=None)
    admitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="Required when sex, age or citizenship differs from the case file.",
    )  # fmt: skip
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)

    def admission_input(self) -> AdmissionInput:
        d = self.validated_data
        return AdmissionInput(**{k: d[k] for k in AdmissionInput.__dataclass_fields__ if k in d})


class TransferSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    to_facility_id = serializers.IntegerField()
    place_kind = serializers.CharField(max_length=60)
    transferred_on = serializers.DateField(required=False, allow_null=True, default=None)


class MonthSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    admissions = serializers.IntegerField()
    discharges = serializers.IntegerField()
    residents = serializers.IntegerField()
    bed_days = serializers.IntegerField()
    occupancy_percent = serializers.IntegerField(allow_null=True)


class OccupancyRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    region = serializers.CharField()
    places = serializers.IntegerField()
    months = MonthSerializer(many=True, help_text="The months that have begun.")


class OccupancySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    facilities = OccupancyRowSerializer(many=True)
    regions = OccupancyRowSerializer(many=True)
    national = OccupancyRowSerializer()


def _month(number: int, month: Month) -> dict[str, Any]:
    return {
        "month": number,
        "admissions": month.admissions,
        "discharges": month.discharges,
        "residents": month.residents,
        "bed_days": month.bed_days,
        "occupancy_percent": month.rate,
    }


def _row(row: OccupancyRow) -> dict[str, Any]:
    return {
        "name": row.label,
        "region": row.region,
        "places": row.capacity,
        "months": [_month(i + 1, m) for i, m in enumerate(row.months) if m is not None],
    }


# --- views -------------------------------------------------------------------------------------


class FacilityListAPI(APIView):
    @extend_schema(summary="List shelter facilities", responses=FacilitySerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_view_directory(actor):
            raise PermissionDenied()
        facilities = list(facilities_for(actor))
        places = places_by_facility(facilities)
        return Response([facility_data(actor, f, places[f.pk]) for f in facilities])

    @extend_schema(
        summary="Register a facility of your agency",
        request=FacilityWriteSerializer,
        responses={201: FacilitySerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_create_facility(actor):
            raise PermissionDenied()
        serializer = FacilityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facility = do_create_facility(actor=actor, data=serializer.facility_input())
        places = places_by_facility([facility])[facility.pk]
        return Response(facility_data(actor, facility, places), status=status.HTTP_201_CREATED)


class FacilityDetailAPI(APIView):
    @extend_schema(summary="Read a facility", responses=FacilitySerializer)
    def get(self, request: Request, facility_id: int) -> Response:
        actor = request_actor(request)
        facility = access_facility(actor, facility_id)
        places = places_by_facility([facility])[facility.pk]
        return Response(facility_data(actor, facility, places))

    @extend_schema(
        summary="Update a facility (name, address, guard, groups, places)",
        request=FacilityUpdateSerializer,
        responses=FacilitySerializer,
    )
    def put(self, request: Request, facility_id: int) -> Response:
        actor = request_actor(request)
        facility = access_facility(actor, facility_id, write=True)
        serializer = FacilityUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = do_update_facility(
            actor=actor,
            facility=facility,
            expected_version=serializer.validated_data["expected_version"],
            data=serializer.facility_input(),
        )
        places = places_by_facility([updated])[updated.pk]
        return Response(facility_data(actor, updated, places))


class FacilityAdmissionsAPI(APIView):
    @extend_schema(
        summary="Residents and waiting list of a facility",
        responses=AdmissionSerializer(many=True),
    )
    def get(self, request: Request, facility_id: int) -> Response:
        actor = request_actor(request)
        facility = access_facility(actor, facility_id)
        if not can_see_residents(actor, facility):
            raise deny()
        admissions = list(
            facility.admissions.filter(status__in=("resident", "waiting")).select_related(
                "facility", "case", "case__person", "case__owning_agency"
            )
        )
        record_identity_view(
            actor=actor,
            cases=[a.case for a in admissions if shows_identity(actor, a)],
            purpose="api shelter residents",
        )
        return Response([admission_data(actor, a) for a in admissions])

    @extend_schema(
        summary="Admit a person (or put them on the waiting list)",
        description=(
            "Decided against the pack's shelter rules. A refusal is stored and answered with "
            "outcome 'refuse', the rules that refused and their legal bases. 409: no free place "
            "of that kind (use waiting_list)."
        ),
        request=AdmissionRequestSerializer,
        responses={201: AdmissionSerializer},
    )
    def post(self, request: Request, facility_id: int) -> Response:
        actor = request_actor(request)
        facility = access_facility(actor, facility_id, write=True)
        serializer = AdmissionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = get_or_404(cases_for(actor), pk=serializer.validated_data["case_id"])
        service = do_add_to_waiting_list if serializer.validated_data["waiting_list"] else do_admit
        admission = service(
            actor=actor, facility=facility, case=case, data=serializer.admission_input()
        )
        return Response(admission_data(actor, admission), status=status.HTTP_201_CREATED)


class AdmissionDetailAPI(APIView):
    @extend_schema(summary="Read an admission", responses=AdmissionSerializer)
    def get(self, request: Request, admission_id: int) -> Response:
        actor = request_actor(request)
        admission = access_admission(actor, admission_id)
        record_resident_read(actor=actor, admission=admission, purpose="api shelter admission")
        return Response(admission_data(actor, admission))


DischargeAPI = api_action(
    DISCHARGE,
    respond=admission_data,
    summary="Discharge a resident",
    response=AdmissionSerializer,
    name="DischargeSerializer",
)


class TransferAPI(APIView):
    @extend_schema(
        summary="Transfer a resident to another facility of the operator",
        request=TransferSerializer,
        responses={201: AdmissionSerializer},
    )
    def post(self, request: Request, admission_id: int) -> Response:
        actor = request_actor(request)
        admission = access_admission(actor, admission_id, write=True)
        serializer = TransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        target = get_or_404(facilities_for(actor), pk=d["to_facility_id"])
        new = do_transfer(
            actor=actor,
            admission=admission,
            expected_version=d["expected_version"],
            to_facility=target,
            place_kind=d["place_kind"],
            transferred_on=d["transferred_on"],
        )
        return Response(admission_data(actor, new), status=status.HTTP_201_CREATED)


PlaceAPI = api_action(
    PLACE,
    respond=admission_data,
    summary="Give a person on the waiting list a place",
    response=AdmissionSerializer,
    name="PlaceRequestSerializer",
)
PriorityAPI = api_action(
    PRIORITY,
    respond=admission_data,
    summary="Change the priority of a person on the waiting list",
    response=AdmissionSerializer,
)
RemoveAPI = api_action(
    REMOVE,
    respond=admission_data,
    summary="Remove a person from the waiting list",
    response=AdmissionSerializer,
    name="RemoveSerializer",
)


class OccupancyAPI(APIView):
    @extend_schema(
        summary="Occupancy per facility, region and month",
        parameters=[OpenApiParameter("year", int, description="Default: this year.")],
        responses=OccupancySerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_view_occupancy(actor):
            raise PermissionDenied()
        year = parse_year(request.query_params.get("year"))
        report = occupancy(facilities_for_occupancy(actor), year, timezone.localdate())
        return Response(
            {
                "year": report.year,
                "facilities": [_row(r) for r in report.facilities],
                "regions": [_row(r) for r in report.regions],
                "national": _row(report.national),
            }
        )

"""API views of the registries. Lists answer 403 to a role without the registry; an object
outside the actor's scope answers 404 exactly like a missing one."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.core.access import deny
from palermo.core.api import BoundedPagination
from palermo.registries.access import (
    access_advert,
    access_casting,
    access_licence,
    access_organisation,
    access_reported_tourist,
    access_student_notice,
    access_tourist_report,
    adverts_for,
    can_view_adverts,
    can_view_tourist_reports,
    castings_for,
    licences_for,
    may_export,
    organisations_for,
    student_notices_for,
    tourist_reports_for,
)
from palermo.registries.api import serializers as s
from palermo.registries.exports import FORMATS, export_registry
from palermo.registries.importers import SPECS, run_import
from palermo.registries.permissions import can_manage, can_view
from palermo.registries.search import text_search
from palermo.registries.services import (
    AdvertInput,
    CastingInput,
    LicenceInput,
    OrganisationInput,
    StepInput,
    StudentNoticeInput,
    TouristInput,
    TouristReportInput,
    can_check_castings,
    can_open_case,
    castings_enabled,
    check_agency,
    do_change_licence_status,
    do_decide_advert,
    do_open_case_for_tourist,
    do_record_casting_check,
    do_record_migration_informed,
    do_record_organisation_step,
    do_record_suspension,
    do_register_advert,
    do_register_casting,
    do_register_licence,
    do_register_student_notice,
    do_register_tourist_report,
    do_update_licence,
    party_of,
    record_identity_view,
)
from palermo.registries.services.castings import CASTING_FIELDS

Q_PARAM = OpenApiParameter("q", str, description="Words of a name, or an exact number.")
PAGING = [OpenApiParameter("limit", int), OpenApiParameter("offset", int)]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _require_manager(actor: Actor) -> None:
    _require(can_manage(actor))


def _paginated(
    view: APIView, request: Request, qs: QuerySet[Any], serializer: type[Any]
) -> Response:
    paginator = BoundedPagination()
    page = paginator.paginate_queryset(qs, request, view=view) or []
    return paginator.get_paginated_response(serializer(page, many=True).data)


def _search(qs: QuerySet[Any], request: Request, exact: tuple[str, ...] = ()) -> QuerySet[Any]:
    return text_search(qs, request.query_params.get("q", ""), exact=exact)


# --- licences ---------------------------------------------------------------------------------


class LicenceListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List licences",
        parameters=[Q_PARAM, *PAGING],
        responses=s.LicenceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require(can_view(actor))
        qs = _search(
            licences_for(actor).prefetch_related("status_changes"),
            request,
            exact=("taxpayer_number", "number"),
        )
        return _paginated(self, request, qs, s.LicenceSerializer)

    @extend_schema(
        summary="Register a licence",
        request=s.LicenceSerializer,
        responses={201: s.LicenceSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_manager(actor)
        ser = s.LicenceSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        licence = do_register_licence(actor=actor, data=LicenceInput(**ser.validated_data))
        return Response(s.LicenceSerializer(licence).data, status=status.HTTP_201_CREATED)


class LicenceDetailAPI(APIView):
    @extend_schema(summary="Read a licence", responses=s.LicenceSerializer)
    def get(self, request: Request, licence_id: int) -> Response:
        licence = access_licence(request_actor(request), licence_id)
        return Response(s.LicenceSerializer(licence).data)

    @extend_schema(
        summary="Correct a licence's details (with the version you read)",
        request=s.LicenceUpdateSerializer,
        responses={200: s.LicenceSerializer, 409: None},
    )
    def put(self, request: Request, licence_id: int) -> Response:
        actor = request_actor(request)
        licence = access_licence(actor, licence_id, write=True)
        ser = s.LicenceUpdateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        version = data.pop("expected_version")
        updated = do_update_licence(
            actor=actor, licence=licence, expected_version=version, data=LicenceInput(**data)
        )
        return Response(s.LicenceSerializer(updated).data)


class LicenceStatusAPI(APIView):
    @extend_schema(
        summary="Suspend, resume or revoke a licence",
        request=s.LicenceStatusSerializer,
        responses={200: s.LicenceSerializer, 409: None},
    )
    def post(self, request: Request, licence_id: int) -> Response:
        actor = request_actor(request)
        licence = access_licence(actor, licence_id, write=True)
        ser = s.LicenceStatusSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        updated = do_change_licence_status(
            actor=actor,
            licence=licence,
            expected_version=d["expected_version"],
            to_status=d["to_status"],
            decided_on=d["decided_on"],
            document_reference=d["document_reference"],
            reason=d["reason"],
        )
        return Response(s.LicenceSerializer(updated).data)


# --- organisations ----------------------------------------------------------------------------


class OrganisationListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List organisations involved in trafficking (every stage)",
        parameters=[Q_PARAM, *PAGING],
        responses=s.OrganisationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require(can_view(actor))
        qs = _search(
            organisations_for(actor).prefetch_related("steps"),
            request,
            exact=("registration_number",),
        )
        return _paginated(self, request, qs, s.OrganisationSerializer)

    @extend_schema(
        summary="Record the Prosecutor General's suspension of an organisation",
        request=s.OrganisationCreateSerializer,
        responses={201: s.OrganisationSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_manager(actor)
        ser = s.OrganisationCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data["country"] = str(data["country"])
        organisation = do_record_suspension(actor=actor, data=OrganisationInput(**data))
        return Response(s.OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailAPI(APIView):
    @extend_schema(summary="Read an organisation and its steps", responses=s.OrganisationSerializer)
    def get(self, request: Request, organisation_id: int) -> Response:
        organisation = access_organisation(request_actor(request), organisation_id)
        return Response(s.OrganisationSerializer(organisation).data)


class OrganisationStepAPI(APIView):
    @extend_schema(
        summary="Record the next step (court request, ruling, listing, liquidation, office ban)",
        request=s.StepCreateSerializer,
        responses={201: s.OrganisationSerializer, 409: None},
    )
    def post(self, request: Request, organisation_id: int) -> Response:
        actor = request_actor(request)
        organisation = access_organisation(actor, organisation_id, write=True)
        ser = s.StepCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        version = data.pop("expected_version")
        updated = do_record_organisation_step(
            actor=actor, organisation=organisation, data=StepInput(**data), expected_version=version
        )
        return Response(s.OrganisationSerializer(updated).data, status=status.HTTP_201_CREATED)


# --- tourist reports --------------------------------------------------------------------------


class TouristReportListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List tourist non-return reports",
        parameters=[Q_PARAM, *PAGING],
        responses=s.TouristReportSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require(can_view_tourist_reports(actor))
        qs = _search(
            tourist_reports_for(actor),
            request,
            exact=("agency_taxpayer_number", "report_number"),
        )
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        record_identity_view(
            actor=actor,
            objects=list(page),
            purpose="api tourist report list",
            object_type="registries.touristreport",
        )
        return paginator.get_paginated_response(s.TouristReportSerializer(page, many=True).data)

    @extend_schema(
        summary="Register a tourist agency's report",
        request=s.TouristReportSerializer,
        responses={201: s.TouristReportSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_manager(actor)
        ser = s.TouristReportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        tourists = [
            TouristInput(**{**t, "citizenship": str(t.get("citizenship") or "")})
            for t in data.pop("tourists")
        ]
        data["destination_country"] = str(data["destination_country"])
        report = do_register_tourist_report(
            actor=actor, data=TouristReportInput(**data, tourists=tourists)
        )
        return Response(s.TouristReportSerializer(report).data, status=status.HTTP_201_CREATED)


class TouristReportDetailAPI(APIView):
    @extend_schema(summary="Read a tourist non-return report", responses=s.TouristReportSerializer)
    def get(self, request: Request, report_id: int) -> Response:
        actor = request_actor(request)
        report = access_tourist_report(actor, report_id)
        record_identity_view(
            actor=actor,
            objects=[report],
            purpose="api tourist report",
            object_type="registries.touristreport",
        )
        return Response(s.TouristReportSerializer(report).data)


class TouristOpenCaseAPI(APIView):
    @extend_schema(
        summary="Open an at-risk case from a reported person",
        request=s.OpenCaseSerializer,
        responses={201: None},
    )
    def post(self, request: Request, tourist_id: int) -> Response:
        actor = request_actor(request)
        tourist = access_reported_tourist(actor, tourist_id)
        if not can_open_case(actor):
            raise deny()
        ser = s.OpenCaseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        case = do_open_case_for_tourist(
            actor=actor,
            tourist=tourist,
            region=ser.validated_data["region"],
            exploitation_forms=list(ser.validated_data["exploitation_forms"]),
        )
        return Response(
            {"case_id": case.pk, "reference": case.reference}, status=status.HTTP_201_CREATED
        )


# --- adverts ----------------------------------------------------------------------------------


class AdvertListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List adverts for work or study abroad",
        parameters=[Q_PARAM, *PAGING],
        responses=s.AdvertSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require(can_view_adverts(actor))
        qs = _search(
            adverts_for(actor).prefetch_related("decisions"),
            request,
            exact=("advertiser_taxpayer_number", "submission_number"),
        )
        return _paginated(self, request, qs, s.AdvertSerializer)

    @extend_schema(
        summary="Register an advert submitted for agreement",
        request=s.AdvertSerializer,
        responses={201: s.AdvertSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_manager(actor)
        ser = s.AdvertSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        advert = do_register_advert(actor=actor, data=AdvertInput(**ser.validated_data))
        return Response(s.AdvertSerializer(advert).data, status=status.HTTP_201_CREATED)


class AdvertDetailAPI(APIView):
    @extend_schema(
        summary="Read an advert and the ministries' decisions", responses=s.AdvertSerializer
    )
    def get(self, request: Request, advert_id: int) -> Response:
        return Response(s.AdvertSerializer(access_advert(request_actor(request), advert_id)).data)


class AdvertDecisionAPI(APIView):
    @extend_schema(
        summary="Your ministry agrees to or refuses an advert",
        request=s.AdvertDecideSerializer,
        responses={201: s.AdvertSerializer, 409: None},
    )
    def post(self, request: Request, advert_id: int) -> Response:
        actor = request_actor(request)
        advert = access_advert(actor, advert_id)
        if party_of(actor) is None:
            raise deny()
        ser = s.AdvertDecideSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        updated = do_decide_advert(actor=actor, advert=advert, **ser.validated_data)
        return Response(s.AdvertSerializer(updated).data, status=status.HTTP_201_CREATED)


# --- student notices --------------------------------------------------------------------------


class StudentNoticeListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List notices of students sent abroad",
        parameters=[Q_PARAM, *PAGING],
        responses=s.StudentNoticeSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_manager(actor)
        qs = _search(
            student_notices_for(actor),
            request,
            exact=("sender_taxpayer_number", "notice_number"),
        )
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        record_identity_view(
            actor=actor,
            objects=list(page),
            purpose="api student notices",
            object_type="registries.studentnotice",
        )
        return paginator.get_paginated_response(s.StudentNoticeSerializer(page, many=True).data)

    @extend_schema(
        summary="Register a student travel notice",
        request=s.StudentNoticeSerializer,
        responses={201: s.StudentNoticeSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_manager(actor)
        ser = s.StudentNoticeSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data["destination_country"] = str(data["destination_country"])
        notice = do_register_student_notice(actor=actor, data=StudentNoticeInput(**data))
        return Response(s.StudentNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class StudentNoticeDetailAPI(APIView):
    @extend_schema(summary="Read a student travel notice", responses=s.StudentNoticeSerializer)
    def get(self, request: Request, notice_id: int) -> Response:
        actor = request_actor(request)
        notice = access_student_notice(actor, notice_id)
        record_identity_view(
            actor=actor,
            objects=[notice],
            purpose="api student notice",
            object_type="registries.studentnotice",
        )
        return Response(s.StudentNoticeSerializer(notice).data)


class StudentMigrationInformedAPI(APIView):
    @extend_schema(
        summary="Record when the citizenship and migration authorities were informed",
        request=s.MigrationInformedSerializer,
        responses={200: s.StudentNoticeSerializer, 409: None},
    )
    def post(self, request: Request, notice_id: int) -> Response:
        actor = request_actor(request)
        notice = access_student_notice(actor, notice_id, write=True)
        ser = s.MigrationInformedSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        updated = do_record_migration_informed(
            actor=actor,
            notice=notice,
            informed_on=ser.validated_data["migration_informed_on"],
            expected_version=ser.validated_data["expected_version"],
        )
        return Response(s.StudentNoticeSerializer(updated).data)


# --- castings ---------------------------------------------------------------------------------


def _require_castings(actor: Actor, *, listing: bool = True) -> None:
    """Lists answer 403 to those who read no registry; an entry answers 404 (its lookup)."""
    if not castings_enabled():
        raise Http404
    if listing:
        _require(can_view(actor))


class CastingListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List castings for advertising projects or jobs (Law No. 350-Z, Art. 15 p.1-2)",
        parameters=[Q_PARAM, *PAGING],
        responses=s.CastingSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_castings(actor)
        qs = _search(
            castings_for(actor).prefetch_related("checks__agency"),
            request,
            exact=("organiser_taxpayer_number", "registration_number"),
        )
        return _paginated(self, request, qs, s.CastingSerializer)

    @extend_schema(
        summary="Register a casting with its organiser and its published notice",
        request=s.CastingSerializer,
        responses={201: s.CastingSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        _require_castings(actor)
        _require_manager(actor)
        ser = s.CastingSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = {k: v for k, v in ser.validated_data.items() if k in CASTING_FIELDS}
        casting = do_register_casting(actor=actor, data=CastingInput(**data))
        return Response(s.CastingSerializer(casting).data, status=status.HTTP_201_CREATED)


class CastingDetailAPI(APIView):
    @extend_schema(summary="Read a casting and its checks", responses=s.CastingSerializer)
    def get(self, request: Request, casting_id: int) -> Response:
        actor = request_actor(request)
        _require_castings(actor, listing=False)
        return Response(s.CastingSerializer(access_casting(actor, casting_id)).data)


class CastingCheckAPI(APIView):
    @extend_schema(
        summary="Record a check of a casting by the internal affairs bodies",
        request=s.CastingCheckInputSerializer,
        responses={201: s.CastingSerializer, 409: None},
    )
    def post(self, request: Request, casting_id: int) -> Response:
        actor = request_actor(request)
        _require_castings(actor, listing=False)
        casting = access_casting(actor, casting_id)
        if not can_check_castings(actor):
            raise Http404
        ser = s.CastingCheckInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        do_record_casting_check(
            actor=actor,
            casting=casting,
            checked_on=d["checked_on"],
            outcome=d["outcome"],
            findings=d["findings"],
            offence_report=d["offence_report"],
            expected_version=d["expected_version"],
        )
        fresh = access_casting(actor, casting_id)
        return Response(s.CastingSerializer(fresh).data, status=status.HTTP_201_CREATED)


# --- check, import, export --------------------------------------------------------------------


class AgencyCheckAPI(APIView):
    @extend_schema(
        summary="Check an agency: licensed, not licensed, or on the list",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description="A name (3+ letters), taxpayer number or licence number.",
            )
        ],
        responses=s.AgencyCheckSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        _require(can_view(actor))
        results = check_agency(request.query_params.get("q", ""))
        return Response(s.AgencyCheckSerializer(results, many=True).data)


class ImportAPI(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import a CSV or XLSX file into a registry (all rows or none)",
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={201: s.ImportReportSerializer, 400: s.ImportReportSerializer},
    )
    def post(self, request: Request, registry: str) -> Response:
        actor = request_actor(request)
        if registry not in SPECS:
            raise Http404
        _require_manager(actor)
        ser = s.ImportUploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        upload = ser.validated_data["file"]
        report = run_import(
            actor=actor, registry=registry, filename=upload.name or "", content=upload.read()
        )
        return Response(
            s.ImportReportSerializer(report).data,
            status=status.HTTP_201_CREATED if report.ok else status.HTTP_400_BAD_REQUEST,
        )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportAPI(APIView):
    @extend_schema(
        summary="Export a registry as CSV or XLSX",
        responses={(200, "text/csv"): bytes, (200, XLSX_TYPE): bytes},
    )
    def get(self, request: Request, registry: str, fmt: str) -> HttpResponse:
        actor = request_actor(request)
        if registry not in SPECS or fmt not in FORMATS:
            raise Http404
        _require(may_export(actor, registry))
        require_recent_second_factor_api(request)
        export = export_registry(actor=actor, registry=registry, fmt=fmt)
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response

"""REST API of duplicate detection: the same access helpers and services as the HTML views."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import require_recent_second_factor_api
from palermo.core.api import BoundedPagination
from palermo.people.access import (
    access_contact_request,
    access_merge,
    access_person_for_merge,
    access_suspected_duplicate,
    can_check_duplicates,
    can_handle_contact_requests,
    can_merge_persons,
    contact_requests_for,
    merges_for,
    persons_for,
    suspected_duplicates_for,
)
from palermo.people.disclosure import disclosed_matches
from palermo.people.duplicates import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH
from palermo.people.matching import reason_labels
from palermo.people.models import ContactRequest, PersonMerge, SuspectedDuplicate
from palermo.people.services import (
    MAX_NAME_LENGTH,
    MatchReport,
    PersonInput,
    do_answer_contact_request,
    do_check_duplicates,
    do_dismiss_suspected_duplicate,
    do_merge_persons,
    do_request_contact,
    do_scan_duplicates,
    do_unmerge_persons,
)
from palermo.people.vocab import Gender


def _name_field() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_NAME_LENGTH, default=""
    )


class MatchQuerySerializer(serializers.Serializer):
    family_name = _name_field()
    given_name = _name_field()
    patronymic = _name_field()
    family_name_latin = _name_field()
    given_name_latin = _name_field()
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    exclude_person = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Reference of a person being edited, to leave out of the matches.",
    )

    def person_input(self) -> PersonInput:
        d = self.validated_data
        return PersonInput(
            family_name=d["family_name"],
            given_name=d["given_name"],
            patronymic=d["patronymic"],
            family_name_latin=d["family_name_latin"],
            given_name_latin=d["given_name_latin"],
            date_of_birth=d["date_of_birth"],
            gender=d["gender"],
        )


class VisibleMatchSerializer(serializers.Serializer):
    """A match in a case the asker may see; parts its referral does not share are null."""

    person_reference = serializers.CharField()
    family_name = serializers.CharField(allow_null=True)
    given_name = serializers.CharField(allow_null=True)
    patronymic = serializers.CharField(allow_null=True)
    family_name_latin = serializers.CharField(allow_null=True)
    given_name_latin = serializers.CharField(allow_null=True)
    date_of_birth = serializers.DateField(allow_null=True)
    gender = serializers.CharField()
    case_references = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField()
    reasons = serializers.SerializerMethodField()

    def get_reasons(self, obj: Any) -> list[dict[str, str]]:
        return [
            {"code": code, "label": label}
            for code, label in zip(obj.reasons, reason_labels(obj.reasons), strict=True)
        ]


class AgencyHintSerializer(serializers.Serializer):
    """Only this about a match in another agency: which agency, and how to ask it."""

    agency = serializers.CharField(source="agency.name")
    agency_id = serializers.IntegerField(source="agency.pk")
    contact_token = serializers.CharField(
        source="token", help_text="Send to /api/people/contact-requests/ to ask for contact."
    )


class MatchReportSerializer(serializers.Serializer):
    checked = serializers.BooleanField()
    matches = VisibleMatchSerializer(many=True)
    elsewhere = AgencyHintSerializer(many=True)


class MatchCheckAPI(APIView):
    @extend_schema(
        summary="Possible matches for a person being registered (all agencies)",
        request=MatchQuerySerializer,
        responses=MatchReportSerializer,
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_check_duplicates(actor):
            raise PermissionDenied()
        serializer = MatchQuerySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exclude_id = None
        if serializer.validated_data["exclude_person"]:
            person = (
                persons_for(actor)
                .filter(reference=serializer.validated_data["exclude_person"])
                .first()
            )
            if person is None:
                raise serializers.ValidationError(
                    {"exclude_person": ["No person with this reference among yours."]}
                )
            exclude_id = person.pk
        report: MatchReport = do_check_duplicates(
            actor=actor, data=serializer.person_input(), exclude_person_id=exclude_id
        )
        shaped = {
            "checked": report.checked,
            "matches": disclosed_matches(actor, report),
            "elsewhere": report.elsewhere,
        }
        return Response(MatchReportSerializer(shaped).data)


class ContactRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    direction = serializers.SerializerMethodField()
    requesting_agency = serializers.CharField(source="requesting_agency.name", read_only=True)
    target_agency = serializers.CharField(source="target_agency.name", read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    message = serializers.SerializerMethodField()
    person_references = serializers.SerializerMethodField()

    def _incoming(self, obj: ContactRequest) -> bool:
        return obj.target_agency_id == self.context["agency_id"]

    def get_direction(self, obj: ContactRequest) -> str:
        return "incoming" if self._incoming(obj) else "outgoing"

    def get_message(self, obj: ContactRequest) -> str:
        return obj.message

    def get_person_references(self, obj: ContactRequest) -> list[str]:
        # The asked agency learns whom; the asking one never does.
        if not self._incoming(obj):
            return []
        return sorted(p.reference for p in obj.persons.all())


class ContactRequestCreateSerializer(serializers.Serializer):
    contact_token = serializers.CharField()
    message = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_MESSAGE_LENGTH
    )


class ContactRequestListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Contact requests sent or received by your agency",
        responses=ContactRequestSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_handle_contact_requests(actor):
            raise PermissionDenied()
        qs = contact_requests_for(actor).prefetch_related("persons")
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        context = {"agency_id": actor.agency.pk if actor.agency else None}
        return paginator.get_paginated_response(
            ContactRequestSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        summary="Ask the agency behind a 'possibly known to agency X' match for contact",
        request=ContactRequestCreateSerializer,
        responses={201: ContactRequestSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not can_check_duplicates(actor):
            raise PermissionDenied()
        serializer = ContactRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = do_request_contact(
            actor=actor,
            token=serializer.validated_data["contact_token"],
            message=serializer.validated_data["message"],
        )
        context = {"agency_id": actor.agency.pk if actor.agency else None}
        return Response(
            ContactRequestSerializer(created, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class ContactRequestAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[ContactRequest.Status.ANSWERED, ContactRequest.Status.DECLINED]
    )


class ContactRequestAnswerAPI(APIView):
    @extend_schema(
        summary="Close a contact request asked of your agency",
        request=ContactRequestAnswerSerializer,
        responses={200: ContactRequestSerializer, 409: None},
    )
    def post(self, request: Request, request_id: int) -> Response:
        actor = request_actor(request)
        item = access_contact_request(actor, request_id, answer=True)
        serializer = ContactRequestAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closed = do_answer_contact_request(
            actor=actor, request=item, status=serializer.validated_data["status"]
        )
        context = {"agency_id": actor.agency.pk if actor.agency else None}
        return Response(ContactRequestSerializer(closed, context=context).data)


class SuspectedDuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_a = serializers.CharField(source="person_a.reference")
    person_a_id = serializers.IntegerField()
    person_b = serializers.CharField(source="person_b.reference")
    person_b_id = serializers.IntegerField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    scan = serializers.IntegerField(source="scan_id")


def _require_merger(request: Request) -> Any:
    actor = request_actor(request)
    if not can_merge_persons(actor):
        raise NotFound()
    return actor


class SuspectedDuplicateListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="Suspected duplicates found by batch scans (national administrators)",
        responses=SuspectedDuplicateSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = _require_merger(request)
        qs = suspected_duplicates_for(actor)
        wanted = request.query_params.get("status", SuspectedDuplicate.Status.OPEN)
        if wanted not in SuspectedDuplicate.Status.values:
            raise serializers.ValidationError({"status": [f"'{wanted}' is not a status."]})
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs.filter(status=wanted), request, view=self) or []
        return paginator.get_paginated_response(SuspectedDuplicateSerializer(page, many=True).data)


class DuplicateScanAPI(APIView):
    @extend_schema(
        summary="Run a duplicate scan over every person now",
        request=None,
        responses={
            201: inline_serializer(
                "DuplicateScanResult",
                {
                    "id": serializers.IntegerField(),
                    "persons_checked": serializers.IntegerField(),
                    "pairs_found": serializers.IntegerField(),
                },
            )
        },
    )
    def post(self, request: Request) -> Response:
        actor = _require_merger(request)
        scan = do_scan_duplicates(actor=actor)
        return Response(
            {
                "id": scan.pk,
                "persons_checked": scan.persons_checked,
                "pairs_found": scan.pairs_found,
            },
            status=status.HTTP_201_CREATED,
        )


class SuspectedDuplicateDismissAPI(APIView):
    @extend_schema(
        summary="Mark a suspected pair as two different persons",
        request=None,
        responses={200: SuspectedDuplicateSerializer, 409: None},
    )
    def post(self, request: Request, pair_id: int) -> Response:
        actor = request_actor(request)
        pair = access_suspected_duplicate(actor, pair_id)
        done = do_dismiss_suspected_duplicate(actor=actor, pair=pair)
        return Response(SuspectedDuplicateSerializer(done).data)


class MergeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    survivor = serializers.CharField(source="survivor.reference", read_only=True)
    merged = serializers.CharField(source="merged.reference", read_only=True)
    moved_case_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    merged_at = serializers.DateTimeField(read_only=True)
    unmerged_at = serializers.DateTimeField(read_only=True, allow_null=True)


class MergeCreateSerializer(serializers.Serializer):
    survivor_id = serializers.IntegerField()
    merged_id = serializers.IntegerField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_REASON_LENGTH
    )


class MergeListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(summary="Merges of persons", responses=MergeSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = _require_merger(request)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(merges_for(actor), request, view=self) or []
        return paginator.get_paginated_response(MergeSerializer(page, many=True).data)

    @extend_schema(
        summary="Merge one person into another (reversible)",
        request=MergeCreateSerializer,
        responses={201: MergeSerializer, 409: None},
    )
    def post(self, request: Request) -> Response:
        actor = _require_merger(request)
        require_recent_second_factor_api(request)
        serializer = MergeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        survivor = access_person_for_merge(actor, serializer.validated_data["survivor_id"])
        merged = access_person_for_merge(actor, serializer.validated_data["merged_id"])
        merge: PersonMerge = do_merge_persons(
            actor=actor,
            survivor=survivor,
            merged=merged,
            reason=serializer.validated_data["reason"],
        )
        return Response(MergeSerializer(merge).data, status=status.HTTP_201_CREATED)


class UnmergeAPI(APIView):
    @extend_schema(
        summary="Undo a merge", request=None, responses={200: MergeSerializer, 409: None}
    )
    def post(self, request: Request, merge_id: int) -> Response:
        actor = request_actor(request)
        merge = access_merge(actor, merge_id)
        require_recent_second_factor_api(request)
        return Response(MergeSerializer(do_unmerge_persons(actor=actor, merge=merge)).data)

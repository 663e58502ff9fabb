"""REST API of the case file: notes, attachments, flags, and the file's reads ("who looked").

The same access helpers as the case page: no access answers 404; a refused input answers 400
naming the field. Notes and attachments are identity data: listing notes records a read.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import request_actor
from palermo.cases.access import access_case, load_visibility
from palermo.cases.access_casefile import (
    access_attachment,
    access_case_reads,
    access_note,
    attachments_for,
    can_flag_case,
    notes_for,
)
from palermo.cases.api.timeline import TimelineEntrySerializer
from palermo.cases.downloads import attachment_response
from palermo.cases.models import CaseAttachment, CaseFlag, CaseNote, Visibility
from palermo.cases.services import (
    AttachmentInput,
    NoteInput,
    do_add_note,
    do_clear_flag,
    do_correct_note,
    do_set_flag,
    do_upload_attachment,
    flag_rules,
    live_flags,
    read_attachment,
    record_identity_view,
)
from palermo.cases.timeline import reads_of
from palermo.core.access import deny
from palermo.core.api import call_service
from palermo.core.idempotency import idempotent


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=20000)
    visibility = serializers.CharField(
        required=False,
        default=Visibility.AGENCY,
        help_text="One of: " + ", ".join(Visibility.values),
    )
    corrects = serializers.IntegerField(source="corrects_id", read_only=True, allow_null=True)
    corrected = serializers.SerializerMethodField()
    agency = serializers.CharField(source="agency.display_name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)

    def get_corrected(self, note: CaseNote) -> bool:
        return hasattr(note, "correction")


class NoteCorrectionSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=20000)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    file = serializers.FileField(write_only=True, required=False, allow_null=True)
    filename = serializers.CharField(read_only=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    visibility = serializers.CharField(
        required=False,
        default=Visibility.AGENCY,
        help_text="One of: " + ", ".join(Visibility.values),
    )
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    agency = serializers.CharField(source="agency.display_name", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)
    download = serializers.SerializerMethodField()

    def get_download(self, attachment: CaseAttachment) -> str:
        return f"/api/cases/{attachment.case_id}/attachments/{attachment.pk}/"


class CaseFlagSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=60)
    name = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    set_at = serializers.DateTimeField(read_only=True)
    agency = serializers.CharField(source="agency.display_name", read_only=True)

    def _kind(self, flag: CaseFlag) -> Any:
        rules = flag_rules()
        return rules.get(flag.code) if rules else None

    def get_name(self, flag: CaseFlag) -> str:
        kind = self._kind(flag)
        return kind.name() if kind else flag.code

    def get_level(self, flag: CaseFlag) -> str:
        kind = self._kind(flag)
        return kind.level if kind else "info"


class CaseNotesAPI(APIView):
    @extend_schema(
        summary="The case's notes the caller may read", responses=NoteSerializer(many=True)
    )
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])
        notes = list(notes_for(actor, case))
        if notes:
            record_identity_view(actor=actor, cases=[case], purpose="api case notes")
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(
        summary="Add a note to the case",
        description="Notes are append-only: correct one with POST .../notes/{id}/correct/.",
        request=NoteSerializer,
        responses={201: NoteSerializer},
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])
        serializer = NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = NoteInput(
            text=serializer.validated_data["text"],
            visibility=serializer.validated_data["visibility"],
        )
        note = call_service(do_add_note, actor=actor, case=case, data=data)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class NoteCorrectAPI(APIView):
    @extend_schema(
        summary="Correct a note (the original stays, marked as corrected)",
        request=NoteCorrectionSerializer,
        responses={201: NoteSerializer},
    )
    @idempotent
    def post(self, request: Request, case_id: int, note_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])
        note = access_note(actor, case, note_id)
        serializer = NoteCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = call_service(
            do_correct_note,
            actor=actor,
            case=case,
            note=note,
            text=serializer.validated_data["text"],
        )
        return Response(NoteSerializer(correction).data, status=status.HTTP_201_CREATED)


class CaseAttachmentsAPI(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="The case's attachments the caller may read",
        responses=AttachmentSerializer(many=True),
    )
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])
        return Response(AttachmentSerializer(attachments_for(actor, case), many=True).data)

    @extend_schema(
        summary="Attach a file to the case (multipart: file, description, visibility)",
        request={"multipart/form-data": AttachmentSerializer},
        responses={201: AttachmentSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])
        serializer = AttachmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = AttachmentInput(
            file=serializer.validated_data.get("file"),
            description=serializer.validated_data["description"],
            visibility=serializer.validated_data["visibility"],
        )
        attachment = call_service(do_upload_attachment, actor=actor, case=case, data=data)
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDownloadAPI(APIView):
    @extend_schema(
        summary="Download an attachment (decrypted)", responses={200: OpenApiTypes.BINARY}
    )
    def get(self, request: Request, case_id: int, attachment_id: int) -> Any:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        load_visibility(actor, [case])
        attachment = access_attachment(actor, case, attachment_id)
        data = read_attachment(actor=actor, case=case, attachment=attachment, purpose="api")
        return attachment_response(attachment, data)


class CaseFlagsAPI(APIView):
    @extend_schema(summary="The flags set on the case", responses=CaseFlagSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        return Response(CaseFlagSerializer(live_flags(case), many=True).data)

    @extend_schema(
        summary="Set a flag (a code of the jurisdiction pack's case_flags)",
        request=CaseFlagSerializer,
        responses={201: CaseFlagSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_flag_case(actor, case):
            raise deny()
        serializer = CaseFlagSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = call_service(
            do_set_flag, actor=actor, case=case, code=serializer.validated_data["code"]
        )
        return Response(CaseFlagSerializer(flag).data, status=status.HTTP_201_CREATED)


class CaseFlagAPI(APIView):
    @extend_schema(summary="Clear a flag", responses={204: None})
    def delete(self, request: Request, case_id: int, code: str) -> Response:
        actor = request_actor(request)
        case = access_case(actor, case_id)
        if not can_flag_case(actor, case):
            raise deny()
        call_service(do_clear_flag, actor=actor, case=case, code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseReadsAPI(APIView):
    @extend_schema(
        summary="Who read the case file (national roles, the owning agency's administrator)",
        responses=TimelineEntrySerializer(many=True),
    )
    def get(self, request: Request, case_id: int) -> Response:
        actor = request_actor(request)
        case = access_case_reads(actor, case_id)
        return Response(TimelineEntrySerializer(reads_of(case), many=True).data)

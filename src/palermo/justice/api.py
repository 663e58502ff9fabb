"""REST API of the justice app: the same access helpers and services as the HTML views."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.roles import Cap
from palermo.cases.access import cases_for
from palermo.core.access import get_or_404
from palermo.core.api import BoundedPagination
from palermo.core.api import call_service as _service
from palermo.justice.access import (
    View,
    access_participant,
    access_proceedings,
    identity_shown,
    linkable_cases,
    proceedings_for,
    view_level,
    visible_participants,
)
from palermo.justice.models import Participant, Proceedings, ProtectionMeasure
from palermo.justice.rules import justice_rules, proposed_articles
from palermo.justice.services import (
    AssistanceInput,
    ExpulsionQuery,
    LegalPersonInput,
    MeasureInput,
    ParticipantInput,
    ProceedingsInput,
    SuspectInput,
    can_record_assistance,
    do_add_legal_person,
    do_add_suspect,
    do_apply_measure,
    do_change_stage,
    do_check_expulsion,
    do_end_measure,
    do_end_participation,
    do_extend_measure,
    do_link_participant,
    do_open_proceedings,
    do_record_interference,
    do_record_legal_assistance,
    do_update_proceedings,
    record_proceedings_read,
)
from palermo.justice.vocab import LegalPersonKind, ParticipantRole, RightExplained
from palermo.people.services import PersonInput
from palermo.people.vocab import CitizenshipStatus, Gender

# --- output ---------------------------------------------------------------------------------------


class MeasureSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeMeasure"

    id = serializers.IntegerField()
    kind = serializers.CharField()
    legal_basis = serializers.CharField()
    includes_family = serializers.BooleanField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    end_basis = serializers.CharField()
    times_extended = serializers.IntegerField()
    version = serializers.IntegerField()


class AssistanceSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeAssistance"

    id = serializers.IntegerField()
    given_on = serializers.DateField()
    agency = serializers.CharField(source="agency.name")
    assistance = serializers.BooleanField()
    rights_explained = serializers.ListField(child=serializers.CharField())


class ParticipantSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeParticipant"

    id = serializers.IntegerField()
    proceedings = serializers.IntegerField()
    person_reference = serializers.CharField()
    name = serializers.CharField(allow_null=True, help_text="Null when you may not see it.")
    role = serializers.CharField()
    case = serializers.CharField(allow_null=True, help_text="The case number, if you may see it.")
    linked_on = serializers.DateField()
    minor_at_offence = serializers.BooleanField(allow_null=True)
    interfered_on = serializers.DateField(allow_null=True)
    interference_basis = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    expulsion_suspended = serializers.BooleanField()
    suspended_since = serializers.DateField(allow_null=True)
    measures = MeasureSerializer(many=True)
    legal_assistance = AssistanceSerializer(many=True)


def participant_data(actor: Actor, proceedings: Proceedings, p: Participant) -> dict[str, Any]:
    suspension = p.suspensions.filter(ended_on__isnull=True).first()
    case_visible = p.case_id is not None and cases_for(actor).filter(pk=p.case_id).exists()
    return {
        "id": p.pk,
        "proceedings": proceedings.pk,
        "person_reference": p.person.reference,
        "name": p.person.display_name if identity_shown(actor, proceedings, p) else None,
        "role": p.role,
        "case": p.case.reference if case_visible and p.case else None,
        "linked_on": p.linked_on,
        "minor_at_offence": p.minor_at_offence,
        "interfered_on": p.interfered_on,
        "interference_basis": p.interference_basis,
        "ended_on": p.ended_on,
        "expulsion_suspended": suspension is not None,
        "suspended_since": suspension.started_on if suspension else None,
        "measures": MeasureSerializer(p.measures.all(), many=True).data,
        "legal_assistance": AssistanceSerializer(
            p.legal_assistance.select_related("agency"), many=True
        ).data,
    }


class SuspectSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeSuspect"

    id = serializers.IntegerField(read_only=True)
    family_name = serializers.CharField(max_length=200)
    given_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    patronymic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    citizenship = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class LegalPersonSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeLegalPerson"

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=LegalPersonKind.choices)
    taxpayer_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    organisation = serializers.IntegerField(
        source="organisation_id", required=False, allow_null=True, default=None
    )


class ProceedingsSerializer(serializers.Serializer):
    """A proceedings; a party to it (``view: party``) gets number, stage, articles and its own
    participants only (the other fields are null or empty)."""

    id = serializers.IntegerField()
    view = serializers.ChoiceField(choices=[v.value for v in View])
    number = serializers.CharField()
    investigating_body = serializers.CharField()
    stage = serializers.CharField()
    stage_name = serializers.CharField()
    stage_since = serializers.DateField()
    articles = serializers.ListField(child=serializers.CharField())
    opened_on = serializers.DateField(allow_null=True)
    offence_date = serializers.DateField(allow_null=True)
    verdict_on = serializers.DateField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    proposed_articles = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField(allow_null=True)
    participants = ParticipantSerializer(many=True)
    suspects = SuspectSerializer(many=True)
    legal_persons = LegalPersonSerializer(many=True)


class ProceedingsListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    investigating_body = serializers.CharField(source="investigating_agency.name")
    stage = serializers.CharField()
    stage_since = serializers.DateField()
    articles = serializers.ListField(child=serializers.CharField(), source="article_keys")


def proceedings_data(actor: Actor, proceedings: Proceedings) -> dict[str, Any]:
    full = view_level(actor, proceedings) is View.FULL
    participants = visible_participants(actor, proceedings)
    return {
        "id": proceedings.pk,
        "view": "full" if full else "party",
        "number": proceedings.number,
        "investigating_body": proceedings.investigating_agency.name,
        "stage": proceedings.stage,
        "stage_name": justice_rules().stage_name(proceedings.stage),
        "stage_since": proceedings.stage_since,
        "articles": proceedings.article_keys,
        "opened_on": proceedings.opened_on if full else None,
        "offence_date": proceedings.offence_date if full else None,
        "verdict_on": proceedings.verdict_on if full else None,
        "summary": proceedings.summary if full else None,
        "proposed_articles": [a.key for a in proposed_articles(proceedings)] if full else [],
        "version": proceedings.version if full else None,
        "participants": [participant_data(actor, proceedings, p) for p in participants],
        "suspects": SuspectSerializer(proceedings.suspects.all(), many=True).data if full else [],
        "legal_persons": (
            LegalPersonSerializer(proceedings.legal_persons.all(), many=True).data if full else []
        ),
    }


# --- input ----------------------------------------------------------------------------------------


class ProceedingsInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    stage = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    opened_on = serializers.DateField()
    offence_date = serializers.DateField(required=False, allow_null=True, default=None)
    articles = serializers.ListField(child=serializers.CharField(max_length=60))
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")

    def proceedings_input(self) -> ProceedingsInput:
        return ProceedingsInput(**self.validated_data)


class ProceedingsUpdateSerializer(ProceedingsInputSerializer):
    expected_version = serializers.IntegerField()

    def proceedings_input(self) -> ProceedingsInput:
        d = {k: v for k, v in self.validated_data.items() if k not in ("expected_version", "stage")}
        return ProceedingsInput(**d)


class StageInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeStageInput"

    stage = serializers.CharField(max_length=40)
    changed_on = serializers.DateField()
    expected_version = serializers.IntegerField()


class PersonInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticePersonInput"

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
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    citizenship_status = serializers.ChoiceField(choices=CitizenshipStatus.choices)
    citizenship = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")


class ParticipantInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeParticipantInput"

    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    linked_on = serializers.DateField()
    case = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="",
        help_text="The number of a case your agency may see; or give `person`.",
    )  # fmt: skip
    person = PersonInputSerializer(required=False, allow_null=True, default=None)


class MeasureInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeMeasureInput"

    kind = serializers.CharField(max_length=60)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    includes_family = serializers.BooleanField(default=False)
    details = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ExtendInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeExtendInput"

    ends_on = serializers.DateField()
    expected_version = serializers.IntegerField()


class EndMeasureInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeEndMeasureInput"

    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=5000)
    expected_version = serializers.IntegerField()


class InterferenceInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeInterferenceInput"

    recorded_on = serializers.DateField()
    note = serializers.CharField(max_length=5000)


class EndParticipationInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeEndParticipationInput"

    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=5000)


class AssistanceInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "JusticeAssistanceInput"

    given_on = serializers.DateField()
    assistance = serializers.BooleanField(default=False)
    rights = serializers.ListField(
        child=serializers.ChoiceField(choices=RightExplained.choices), default=list
    )
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ExpulsionQuerySerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    purpose = serializers.CharField(max_length=300)


class Art30DecisionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    legal_basis = serializers.CharField(help_text="The citation, e.g. Law No. 350-Z, Art. 30")
    decision_number = serializers.CharField()
    decided_on = serializers.DateField()
    issuing_body = serializers.CharField()
    stay_until = serializers.DateField(allow_null=True)


class ExpulsionAnswerSerializer(serializers.Serializer):
    suspended = serializers.BooleanField()
    legal_basis = serializers.CharField(help_text="The citation, e.g. Law No. 350-Z, Art. 22 p.1")
    legal_basis_key = serializers.CharField()
    stage = serializers.CharField(allow_null=True)
    stage_name = serializers.CharField(allow_null=True)
    since = serializers.DateField(allow_null=True)
    until = serializers.CharField(help_text="The stage that ends the suspension (the verdict).")
    art30_decisions = Art30DecisionSerializer(
        many=True,
        help_text=(
            "Decisions recorded under Law No. 350-Z Art. 30 for this name and date of birth "
            "(empty when checked by reference number only)."
        ),
    )


# --- views ----------------------------------------------------------------------------------------


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ProceedingsListAPI(APIView):
    pagination_class = BoundedPagination  # documents the page envelope

    @extend_schema(
        summary="List the criminal proceedings you may see",
        responses=ProceedingsListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can_any(
            Cap.PROCEEDINGS_WORK, Cap.PROCEEDINGS_VIEW_NATIONAL, Cap.CASE_VIEW_AGENCY
        ):
            raise PermissionDenied()
        qs = proceedings_for(actor).prefetch_related("articles")
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(qs, request, view=self) or []
        return paginator.get_paginated_response(ProceedingsListSerializer(page, many=True).data)

    @extend_schema(
        summary="Record criminal proceedings (investigating bodies)",
        request=ProceedingsInputSerializer,
        responses={201: ProceedingsSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can(Cap.PROCEEDINGS_WORK):
            raise PermissionDenied()
        serializer = ProceedingsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proceedings = _service(
            do_open_proceedings, actor=actor, data=serializer.proceedings_input()
        )
        return Response(proceedings_data(actor, proceedings), status=status.HTTP_201_CREATED)


class ProceedingsDetailAPI(APIView):
    @extend_schema(summary="Read criminal proceedings", responses=ProceedingsSerializer)
    def get(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        proceedings = access_proceedings(actor, pk)
        record_proceedings_read(actor=actor, proceedings=proceedings, purpose="api proceedings")
        return Response(proceedings_data(actor, proceedings))

    @extend_schema(
        summary="Edit number, dates, articles and summary (with the version you read)",
        request=ProceedingsUpdateSerializer,
        responses={200: ProceedingsSerializer, 409: None},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        proceedings = access_proceedings(actor, pk, write=True)
        serializer = ProceedingsUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = _service(
            do_update_proceedings,
            actor=actor,
            proceedings=proceedings,
            expected_version=serializer.validated_data["expected_version"],
            data=serializer.proceedings_input(),
        )
        return Response(proceedings_data(actor, updated))


class ProceedingsStageAPI(APIView):
    @extend_schema(
        summary="Move the proceedings to another stage (the verdict ends expulsion suspensions)",
        request=StageInputSerializer,
        responses={200: ProceedingsSerializer, 409: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        proceedings = access_proceedings(actor, pk, write=True)
        d = _valid(StageInputSerializer, request)
        updated = _service(
            do_change_stage,
            actor=actor,
            proceedings=proceedings,
            expected_version=d["expected_version"],
            stage=d["stage"],
            changed_on=d["changed_on"],
        )
        return Response(proceedings_data(actor, updated))


class ParticipantListAPI(APIView):
    @extend_schema(
        summary="Link a person as victim, witness or assisting law enforcement",
        request=ParticipantInputSerializer,
        responses={201: ParticipantSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        proceedings = access_proceedings(actor, pk, write=True)
        d = _valid(ParticipantInputSerializer, request)
        case = None
        if d["case"]:
            case = linkable_cases(actor).filter(reference=d["case"]).first()
            if case is None:
                raise ApiValidationError(
                    {
                        "case": [
                            _(
                                "No case with this number that your agency holds or that was "
                                "referred to it."
                            )
                        ]
                    }
                )
        person = PersonInput(**d["person"]) if d["person"] else None
        participant = _service(
            do_link_participant,
            actor=actor,
            proceedings=proceedings,
            data=ParticipantInput(
                role=d["role"], linked_on=d["linked_on"], case=case, person=person
            ),
        )
        return Response(
            participant_data(actor, proceedings, participant), status=status.HTTP_201_CREATED
        )


class ParticipantDetailAPI(APIView):
    @extend_schema(summary="Read a participant", responses=ParticipantSerializer)
    def get(self, request: Request, participant_id: int) -> Response:
        actor = request_actor(request)
        participant = access_participant(actor, participant_id)
        record_proceedings_read(
            actor=actor, proceedings=participant.proceedings, purpose="api participant"
        )
        return Response(participant_data(actor, participant.proceedings, participant))


class ParticipantEndAPI(APIView):
    @extend_schema(
        summary="End a participation (its measures and expulsion suspension end)",
        request=EndParticipationInputSerializer,
        responses=ParticipantSerializer,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        actor = request_actor(request)
        participant = access_participant(actor, participant_id, write=True)
        d = _valid(EndParticipationInputSerializer, request)
        updated = _service(
            do_end_participation,
            actor=actor,
            participant=participant,
            ended_on=d["ended_on"],
            reason=d["reason"],
        )
        return Response(participant_data(actor, participant.proceedings, updated))


class InterferenceAPI(APIView):
    @extend_schema(
        summary="Record the victim's interference (Art. 18 part 2): measures end",
        request=InterferenceInputSerializer,
        responses=ParticipantSerializer,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        actor = request_actor(request)
        participant = access_participant(actor, participant_id, write=True)
        d = _valid(InterferenceInputSerializer, request)
        updated = _service(
            do_record_interference,
            actor=actor,
            participant=participant,
            recorded_on=d["recorded_on"],
            note=d["note"],
        )
        return Response(participant_data(actor, participant.proceedings, updated))


class MeasureListAPI(APIView):
    @extend_schema(
        summary="Apply a protection measure (Art. 18) to a victim",
        request=MeasureInputSerializer,
        responses={201: MeasureSerializer},
    )
    def post(self, request: Request, participant_id: int) -> Response:
        actor = request_actor(request)
        participant = access_participant(actor, participant_id, write=True)
        d = _valid(MeasureInputSerializer, request)
        measure = _service(
            do_apply_measure, actor=actor, participant=participant, data=MeasureInput(**d)
        )
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)


def _measure(actor: Actor, measure_id: int) -> ProtectionMeasure:
    measure = get_or_404(
        ProtectionMeasure.objects.select_related("participant__proceedings"), pk=measure_id
    )
    access_participant(actor, measure.participant_id, write=True)
    return measure


class MeasureExtendAPI(APIView):
    @extend_schema(
        summary="Extend a measure to a new end date",
        request=ExtendInputSerializer,
        responses={200: MeasureSerializer, 409: None},
    )
    def post(self, request: Request, measure_id: int) -> Response:
        actor = request_actor(request)
        measure = _measure(actor, measure_id)
        d = _valid(ExtendInputSerializer, request)
        updated = _service(
            do_extend_measure,
            actor=actor,
            measure=measure,
            expected_version=d["expected_version"],
            ends_on=d["ends_on"],
        )
        return Response(MeasureSerializer(updated).data)


class MeasureEndAPI(APIView):
    @extend_schema(
        summary="End a measure, with the reason",
        request=EndMeasureInputSerializer,
        responses={200: MeasureSerializer, 409: None},
    )
    def post(self, request: Request, measure_id: int) -> Response:
        actor = request_actor(request)
        measure = _measure(actor, measure_id)
        d = _valid(EndMeasureInputSerializer, request)
        updated = _service(
            do_end_measure,
            actor=actor,
            measure=measure,
            expected_version=d["expected_version"],
            ended_on=d["ended_on"],
            reason=d["reason"],
        )
        return Response(MeasureSerializer(updated).data)


class LegalAssistanceAPI(APIView):
    @extend_schema(
        summary="Record legal assistance given to a victim and the rights explained",
        request=AssistanceInputSerializer,
        responses={201: AssistanceSerializer},
    )
    def post(self, request: Request, participant_id: int) -> Response:
        actor = request_actor(request)
        participant = access_participant(actor, participant_id)
        if not can_record_assistance(actor, participant):
            raise Http404
        d = _valid(AssistanceInputSerializer, request)
        entry = _service(
            do_record_legal_assistance,
            actor=actor,
            participant=participant,
            data=AssistanceInput(**d),
        )
        return Response(AssistanceSerializer(entry).data, status=status.HTTP_201_CREATED)


class SuspectListAPI(APIView):
    @extend_schema(
        summary="Add a suspect (identity stored encrypted)",
        request=SuspectSerializer,
        responses={201: SuspectSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        proceedings = access_proceedings(actor, pk, write=True)
        d = _valid(SuspectSerializer, request)
        suspect = _service(
            do_add_suspect, actor=actor, proceedings=proceedings, data=SuspectInput(**d)
        )
        return Response(SuspectSerializer(suspect).data, status=status.HTTP_201_CREATED)


class LegalPersonListAPI(APIView):
    @extend_schema(
        summary="Add a legal person used for the offence",
        request=LegalPersonSerializer,
        responses={201: LegalPersonSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_actor(request)
        proceedings = access_proceedings(actor, pk, write=True)
        d = _valid(LegalPersonSerializer, request)
        legal_person = _service(
            do_add_legal_person,
            actor=actor,
            proceedings=proceedings,
            data=LegalPersonInput(
                name=d["name"],
                kind=d["kind"],
                taxpayer_number=d["taxpayer_number"],
                country=d["country"],
                organisation_id=d["organisation_id"],
            ),
        )
        return Response(LegalPersonSerializer(legal_person).data, status=status.HTTP_201_CREATED)


class ExpulsionCheckAPI(APIView):
    @extend_schema(
        summary="Are expulsion and deportation of a person suspended? (Art. 22 p.1)",
        description=(
            "By reference number, or by name and date of birth. Answers yes/no with the legal "
            "basis and the stage of the proceedings, nothing else. Every check is audited with "
            "its purpose."
        ),
        request=ExpulsionQuerySerializer,
        responses=ExpulsionAnswerSerializer,
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        if not actor.can(Cap.EXPULSION_CHECK):
            raise PermissionDenied()
        d = _valid(ExpulsionQuerySerializer, request)
        result = _service(do_check_expulsion, actor=actor, query=ExpulsionQuery(**d))
        return Response(
            {
                "suspended": result.suspended,
                "legal_basis": result.legal_basis.cite(),
                "legal_basis_key": result.legal_basis.key,
                "stage": result.stage.code if result.stage else None,
                "stage_name": result.stage.name() if result.stage else None,
                "since": result.since,
                "until": result.until_stage.name() if result.until_stage else "",
                "art30_decisions": [
                    {
                        "kind": c.kind,
                        "kind_name": c.kind_name,
                        "legal_basis": c.citation,
                        "decision_number": c.decision_number,
                        "decided_on": c.decided_on,
                        "issuing_body": c.issuing_body,
                        "stay_until": c.stay_until,
                    }
                    for c in result.consequences
                ],
            }
        )

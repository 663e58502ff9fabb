"""Serializers of the registries API. Input is parsed here; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from palermo.cases.vocab import ExploitationForm
from palermo.people.vocab import Gender
from palermo.registries.models import (
    AdvertDecision,
    CastingCheck,
    InvolvedOrganisation,
    Licence,
    LicenceStatusChange,
    OrganisationStep,
    ReportedTourist,
    StudentNotice,
    TouristReport,
)
from palermo.registries.vocab import (
    AdvertKind,
    CastingCheckOutcome,
    CastingPurpose,
    DecisionOutcome,
    HolderType,
    LicenceKind,
    LicenceStatus,
    OrganisationKind,
    OrganisationStepKind,
    TravelPurpose,
)


def _text(max_length: int = 300, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


def _date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, **kwargs)


class LicenceStatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = LicenceStatusChange
        fields = [
            "from_status",
            "to_status",
            "decided_on",
            "document_reference",
            "reason",
            "legal_basis",
        ]


class LicenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=LicenceKind.choices)
    number = serializers.CharField(max_length=60)
    holder_name = serializers.CharField(max_length=300)
    holder_type = serializers.ChoiceField(choices=HolderType.choices)
    taxpayer_number = serializers.CharField(max_length=20)
    issued_on = serializers.DateField()
    valid_from = serializers.DateField()
    valid_until = _date()
    status = serializers.CharField(
        read_only=True, help_text="Stored status: active, suspended, revoked."
    )
    effective_status = serializers.CharField(
        read_only=True, help_text="The status today: as stored, or `expired` after the validity."
    )
    legal_basis = serializers.CharField(read_only=True)
    status_changes = LicenceStatusChangeSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)

    def to_representation(self, instance: Licence) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["effective_status"] = instance.effective_status()
        return data


class LicenceUpdateSerializer(LicenceSerializer):
    expected_version = serializers.IntegerField(write_only=True)


class LicenceStatusSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=LicenceStatus.choices)
    decided_on = serializers.DateField()
    document_reference = serializers.CharField(max_length=200)
    reason = _text(5000)
    expected_version = serializers.IntegerField()


class OrganisationStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationStep
        fields = ["step", "occurred_on", "document_reference", "legal_basis", "note"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountryField()
    steps = OrganisationStepSerializer(many=True, read_only=True)
    is_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = InvolvedOrganisation
        fields = [
            "id", "name", "registration_number", "country", "kind", "stage", "suspended_on",
            "court_requested_on", "ruling_on", "listed_on", "liquidated_on", "confiscated_amount",
            "confiscated_currency", "office_ban_on", "is_published", "steps", "version",
        ]  # fmt: skip
        read_only_fields = fields


class OrganisationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    registration_number = _text(60)
    country = CountryField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    suspended_on = serializers.DateField()
    document_reference = serializers.CharField(max_length=200)
    note = _text(5000)


class StepCreateSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=[c for c in OrganisationStepKind.choices if c[0] != OrganisationStepKind.SUSPENDED]
    )
    occurred_on = serializers.DateField()
    document_reference = serializers.CharField(max_length=200)
    note = _text(5000)
    confiscated_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    confiscated_currency = _text(3)
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class TouristSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    family_name = serializers.CharField(max_length=200)
    given_name = _text(200)
    patronymic = _text(200)
    date_of_birth = _date()
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    citizenship = CountryField(required=False, allow_blank=True, default="")
    case = serializers.SerializerMethodField()

    def get_case(self, obj: ReportedTourist) -> str | None:
        return obj.case.reference if obj.case_id else None  # type: ignore[union-attr]


class TouristReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    report_number = serializers.CharField(max_length=60)
    agency_name = serializers.CharField(max_length=300)
    agency_taxpayer_number = serializers.CharField(max_length=20)
    agency_licence_number = _text(60)
    region = serializers.CharField(max_length=20)
    destination_country = CountryField()
    departed_on = serializers.DateField()
    returned_on = serializers.DateField()
    reported_on = serializers.DateField()
    due_on = serializers.DateField(read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    late_by_working_days = serializers.IntegerField(read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    tourists = TouristSerializer(many=True)

    def to_representation(self, instance: TouristReport) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["tourists"] = TouristSerializer(
            instance.tourists.select_related("case"), many=True
        ).data
        return data


class OpenCaseSerializer(serializers.Serializer):
    exploitation_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices),
        required=False,
        default=list,
    )
    region = _text(20)


class AdvertDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdvertDecision
        fields = ["party", "outcome", "reason", "decided_on"]


class AdvertSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    submission_number = serializers.CharField(max_length=60)
    advertiser_name = serializers.CharField(max_length=300)
    advertiser_taxpayer_number = serializers.CharField(max_length=20)
    kind = serializers.ChoiceField(choices=AdvertKind.choices)
    media = serializers.CharField(max_length=300)
    text = serializers.CharField(max_length=20000)
    submitted_on = serializers.DateField()
    status = serializers.CharField(read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    decisions = AdvertDecisionSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)


class AdvertDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reason = _text(5000)
    decided_on = _date()


class StudentNoticeSerializer(serializers.ModelSerializer):
    destination_country = CountryField()
    family_name = serializers.CharField(max_length=200)
    given_name = _text(200)
    patronymic = _text(200)
    date_of_birth = _date()
    sender_taxpayer_number = serializers.CharField(max_length=20)
    purpose = serializers.ChoiceField(choices=TravelPurpose.choices)
    migration_informed_on = _date()

    class Meta:
        model = StudentNotice
        fields = [
            "id", "notice_number", "sender_name", "sender_taxpayer_number", "institution_name",
            "family_name", "given_name", "patronymic", "date_of_birth", "destination_country",
            "purpose", "departs_on", "returns_on", "permission_date", "permission_number",
            "migration_informed_on", "legal_basis", "version",
        ]  # fmt: skip
        read_only_fields = ["id", "legal_basis", "version"]
        # The services check uniqueness and give the message; the serializer must not first.
        validators: list[Any] = []


class MigrationInformedSerializer(serializers.Serializer):
    migration_informed_on = serializers.DateField()
    expected_version = serializers.IntegerField()


class CheckLicenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.CharField()
    status = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class CheckListingSerializer(serializers.Serializer):
    stage = serializers.CharField()
    country = serializers.CharField()
    ruling_on = serializers.DateField(allow_null=True)
    listed_on = serializers.DateField(allow_null=True)


class AgencyCheckSerializer(serializers.Serializer):
    name = serializers.CharField()
    taxpayer_number = serializers.CharField()
    verdict = serializers.ChoiceField(
        choices=["on_list", "under_proceedings", "licensed", "not_licensed"]
    )
    licensed = serializers.BooleanField()
    on_list = serializers.BooleanField()
    licences = CheckLicenceSerializer(many=True)
    listings = CheckListingSerializer(many=True)


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    registry = serializers.CharField()
    ok = serializers.BooleanField()
    created = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)  # type: ignore[assignment]


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class CastingCheckSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.display_name", read_only=True)

    class Meta:
        model = CastingCheck
        fields = ["id", "checked_on", "outcome", "findings", "offence_report", "agency"]


class CastingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    registration_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    organiser_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    organiser_taxpayer_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True
    )
    purpose = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="One of: " + ", ".join(CastingPurpose.values),
    )
    destination_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, default=""
    )
    notice_text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    notice_media = serializers.CharField(max_length=300, required=False, allow_blank=True)
    notice_published_on = _date()
    held_from = _date()
    held_until = _date()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    last_check_outcome = serializers.CharField(read_only=True)
    legal_basis = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    checks = CastingCheckSerializer(many=True, read_only=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["destination_country"] = str(instance.destination_country or "")
        return data


class CastingCheckInputSerializer(serializers.Serializer):
    checked_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="One of: " + ", ".join(CastingCheckOutcome.values),
    )
    findings = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    offence_report = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)

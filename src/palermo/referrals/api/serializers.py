"""Serializers: input validation of form, and output limited to what the reader may see."""

from __future__ import annotations

from typing import Any

from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.medical import free_medical_care_data, free_medical_care_for
from palermo.referrals.models import AssistedReturn, Referral, ServiceOffering
from palermo.referrals.vocab import (
    HTCDS_REFERRAL_REASON,
    AvrStatus,
    GoalStatus,
    ReferralReason,
    SharePart,
    SupportType,
    Urgency,
)


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class LegalBasisSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    citation = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "ServiceLegalBasis"  # the cases API has its own "LegalBasis" component


class FreeMedicalServiceSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class FreeMedicalCareSerializer(serializers.Serializer):
    """The medical services victims get free of charge (the pack's ``medical_care`` section)."""

    legal_basis = LegalBasisSerializer(read_only=True)
    services = FreeMedicalServiceSerializer(many=True, read_only=True)


class ServiceTypeSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.SerializerMethodField()
    htcds_type = serializers.CharField(source="htcds_name", read_only=True)
    builtin = serializers.BooleanField(read_only=True)
    legal_basis = LegalBasisSerializer(read_only=True, allow_null=True)
    free_medical_care = serializers.SerializerMethodField(
        help_text="For a medical service type: the services victims get free of charge."
    )

    def get_name(self, obj: Any) -> str:
        return str(obj.name())

    @extend_schema_field(FreeMedicalCareSerializer(allow_null=True))
    def get_free_medical_care(self, obj: Any) -> dict[str, Any] | None:
        return free_medical_care_data(free_medical_care_for(obj.code))


# --- the service directory ---------------------------------------------------------------------


class OfferingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    agency_id = serializers.IntegerField(
        write_only=True, required=False, help_text="Defaults to your own agency."
    )
    service_type = serializers.CharField(max_length=60)
    service_name = serializers.SerializerMethodField()
    regions = serializers.ListField(
        child=serializers.CharField(max_length=20),
        source="region_codes",
        required=False,
        default=list,
        help_text="Region codes; empty: the whole country.",
    )
    national = serializers.BooleanField(read_only=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    is_active = serializers.BooleanField(required=False, default=True)
    version = serializers.IntegerField(read_only=True)

    def get_service_name(self, obj: ServiceOffering) -> str:
        return get_catalogue().label(obj.service_type)


class OfferingUpdateSerializer(OfferingSerializer):
    expected_version = serializers.IntegerField(write_only=True, required=False)


# --- referrals ----------------------------------------------------------------------------------


class ReferralCreateSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    to_agency_id = serializers.IntegerField()
    services = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=True)
    reason = serializers.ChoiceField(
        choices=ReferralReason.choices, default=ReferralReason.ADDITIONAL_SERVICES
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    details = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    region = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20,
        help_text="Region where the services are needed; empty: the receiving agency's region.",
    )  # fmt: skip
    share = serializers.ListField(
        child=serializers.ChoiceField(choices=SharePart.choices),
        required=False,
        default=lambda: [SharePart.EXPLOITATION.value],
        help_text="Parts of the file shared once accepted; identity parts need the person's consent.",
    )


class TransitionSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False, help_text="The `version` you read; 409 if it changed since."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReferralSerializer(serializers.Serializer):
    """A referral as the reader may see it: ``context["parts"]`` says which parts of the case."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    case_id = serializers.IntegerField(read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    from_agency = AgencyRefSerializer(read_only=True)
    to_agency = AgencyRefSerializer(read_only=True)
    services = serializers.ListField(source="service_codes", read_only=True)
    reason = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)
    reason_htcds = serializers.SerializerMethodField()
    urgency = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    sent_on = serializers.DateField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    response_working_days = serializers.IntegerField(read_only=True)
    deadline_basis = serializers.CharField(read_only=True)
    shared_parts = serializers.SerializerMethodField()
    details = serializers.CharField(read_only=True)
    decline_reason = serializers.CharField(read_only=True)
    close_reason = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    summary = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    free_medical_care = serializers.SerializerMethodField(
        help_text="When the referral asks for a medical service: the services victims get free "
        "of charge, and the rule that says so."
    )

    @extend_schema_field(FreeMedicalCareSerializer(allow_null=True))
    def get_free_medical_care(self, obj: Referral) -> dict[str, Any] | None:
        return free_medical_care_data(free_medical_care_for(obj.service_codes))

    def get_reason_htcds(self, obj: Referral) -> str:
        return HTCDS_REFERRAL_REASON.get(ReferralReason(obj.reason), "Other")

    def get_shared_parts(self, obj: Referral) -> list[str]:
        return sorted(obj.share_flags)

    def get_summary(self, obj: Referral) -> dict[str, Any]:
        return {
            "region": obj.case.region,
            "gender": obj.case.person.gender,
            "age_band": obj.age_band,
        }

    def get_case(self, obj: Referral) -> dict[str, Any] | None:
        parts = self.context.get("parts", {}).get(obj.pk, frozenset())
        if not parts:
            return None
        case = obj.case
        data: dict[str, Any] = {"reference": case.reference}
        if SharePart.IDENTITY in parts:
            person = case.person
            data["person"] = {
                name: getattr(person, name)
                for name in (
                    "family_name", "given_name", "patronymic", "family_name_latin",
                    "given_name_latin",
                )
            }  # fmt: skip
        if SharePart.DATE_OF_BIRTH in parts:
            born = case.person.date_of_birth
            data["date_of_birth"] = born.isoformat() if born else None  # type: ignore[attr-defined]
        if SharePart.EXPLOITATION in parts:
            data["exploitation_forms"] = case.exploitation_form_codes
            data["country_of_recruitment"] = str(case.country_of_recruitment or "")
            data["country_of_exploitation"] = str(case.country_of_exploitation or "")
            data["exploitation_started_on"] = case.exploitation_started_on
            data["exploitation_ended_on"] = case.exploitation_ended_on
        if SharePart.NARRATIVE in parts:
            data["narrative"] = case.narrative
        return data


# --- assistance ---------------------------------------------------------------------------------


class NotesMixin(serializers.Serializer):
    """Hides encrypted free text from readers who may not see the case's notes."""

    notes_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_notes", False):
            for name in self.notes_fields:
                if name in data:
                    data[name] = None
        return data


class DeliverySerializer(NotesMixin):
    notes_fields = ("notes",)
    id = serializers.IntegerField(read_only=True)
    service_type = serializers.CharField(max_length=60)
    delivered_on = serializers.DateField()
    agency = AgencyRefSerializer(read_only=True)
    referral = serializers.CharField(source="referral.reference", read_only=True, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class GoalSerializer(NotesMixin):
    notes_fields = ("description",)
    id = serializers.IntegerField(read_only=True)
    support_type = serializers.ChoiceField(choices=SupportType.choices)
    description = serializers.CharField(max_length=2000)
    target_on = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=GoalStatus.choices, default=GoalStatus.OPEN)
    status_changed_on = serializers.DateField(read_only=True, allow_null=True)
    agency = AgencyRefSerializer(read_only=True)
    version = serializers.IntegerField(read_only=True)


class GoalUpdateSerializer(GoalSerializer):
    expected_version = serializers.IntegerField(write_only=True, required=False)


class FollowUpSerializer(NotesMixin):
    notes_fields = ("note",)
    id = serializers.IntegerField(read_only=True)
    case_id = serializers.IntegerField(read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    followed_up_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    next_follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    agency = AgencyRefSerializer(read_only=True)


class AvrOpenSerializer(serializers.Serializer):
    counselled_on = serializers.DateField()
    destination_country = CountryField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AvrSerializer(NotesMixin):
    notes_fields = ("notes",)
    id = serializers.IntegerField(read_only=True)
    case_id = serializers.IntegerField(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=AvrStatus.choices)
    counselling_dates = serializers.SerializerMethodField()
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    destination_country = CountryField(required=False, allow_blank=True, default="")
    departure_on = serializers.DateField(required=False, allow_null=True, default=None)
    travel_documents = serializers.BooleanField(required=False, default=False)
    ticket = serializers.BooleanField(required=False, default=False)
    escort = serializers.BooleanField(required=False, default=False)
    reintegration_grant = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    version = serializers.IntegerField(read_only=True)

    def get_counselling_dates(self, obj: AssistedReturn) -> list[str]:
        return [s.counselled_on.isoformat() for s in obj.counselling_sessions.all()]


class AvrUpdateSerializer(AvrSerializer):
    expected_version = serializers.IntegerField(write_only=True, required=False)


class CounsellingSerializer(serializers.Serializer):
    counselled_on = serializers.DateField()


# --- notifications ------------------------------------------------------------------------------


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    text = serializers.SerializerMethodField()
    link = serializers.CharField(read_only=True)
    object_type = serializers.CharField(read_only=True)
    object_id = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    read_at = serializers.DateTimeField(read_only=True)

    def get_text(self, obj: Any) -> str:
        from palermo.core.notifications import render

        return render(obj)

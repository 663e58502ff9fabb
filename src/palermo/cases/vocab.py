"""Case vocabulary, following IOM's HTCDS 2.0 where it has a term."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TraffickingStatus(models.TextChoices):
    """HTCDS vic_TraffickingStatus."""

    POSSIBLE = "possible", _("Possible victim (presumed)")
    ACTUAL = "actual", _("Actual victim (recognised)")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim of trafficking")


HTCDS_TRAFFICKING_STATUS = {
    TraffickingStatus.POSSIBLE: "PossibleVictimOfTrafficking",
    TraffickingStatus.ACTUAL: "ActualVictimOfTrafficking",
    TraffickingStatus.NOT_A_VICTIM: "NotAVictimOfTrafficking",
}


# What a status decision can decide: the two statuses a decision moves a presumed victim to.
DECISION_OUTCOME_CHOICES = [
    (TraffickingStatus.ACTUAL.value, TraffickingStatus.ACTUAL.label),
    (TraffickingStatus.NOT_A_VICTIM.value, TraffickingStatus.NOT_A_VICTIM.label),
]


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status."""

    ACTIVE = "active", _("Active")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    CLOSED_REFERRED = "closed_referred", _("Closed (referred)")


class ExploitationForm(models.TextChoices):
    """Forms of exploitation named in the law and the seeds; each maps to an HTCDS
    TypeOfExploitation (ForcedLabour / SexualExploitation / Other) for exports."""

    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SLAVE_LABOUR = "slave_labour", _("Slave labour")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    CHILD_SEXUAL_ABUSE_MATERIAL = "child_sexual_abuse_material", _("Child pornography")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminal activity")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs or tissues")
    ILLEGAL_ADOPTION = "illegal_adoption", _("Illegal adoption")
    OTHER = "other", _("Other")


HTCDS_EXPLOITATION_TYPE = {
    ExploitationForm.SEXUAL_EXPLOITATION: "SexualExploitation",
    ExploitationForm.CHILD_SEXUAL_ABUSE_MATERIAL: "SexualExploitation",
    ExploitationForm.FORCED_LABOUR: "ForcedLabour",
    ExploitationForm.SLAVE_LABOUR: "ForcedLabour",
    ExploitationForm.FORCED_BEGGING: "ForcedLabour",
    ExploitationForm.FORCED_CRIMINALITY: "Other",
    ExploitationForm.FORCED_MARRIAGE: "Other",
    ExploitationForm.ORGAN_REMOVAL: "Other",
    ExploitationForm.ILLEGAL_ADOPTION: "Other",
    ExploitationForm.OTHER: "Other",
}


class IdentificationMethod(models.TextChoices):
    """How the person came to notice (seed 004 §32-33, §65: first responders)."""

    LAW_ENFORCEMENT_OPERATION = "law_enforcement", _("Law-enforcement operation")
    BORDER_CHECK = "border_check", _("Border check")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    HOTLINE = "hotline", _("Hotline call")
    NGO_OUTREACH = "ngo_outreach", _("NGO outreach")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    HEALTH_SERVICE = "health_service", _("Health service")
    EDUCATION = "education", _("School or teacher")
    CONSULAR = "consular", _("Consular office abroad")
    FOREIGN_AUTHORITY = "foreign_authority", _("Referral from a foreign authority")
    FAMILY_OR_COMMUNITY = "family_or_community", _("Family or community")
    OTHER = "other", _("Other")


# Case statuses in which a case is open (HTCDS cas_Status Active / FollowUp) or closed.
OPEN_STATUSES = (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP)
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)

HTCDS_CASE_STATUS = {
    CaseStatus.ACTIVE: "Active",
    CaseStatus.FOLLOW_UP: "FollowUp",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.CLOSED_REFERRED: "ClosedReferred",
}


class ClosureReason(models.TextChoices):
    """Why a case was closed (a detail of HTCDS cas_Status Closed / ClosedReferred)."""

    ASSISTANCE_COMPLETED = "assistance_completed", _("Assistance completed")
    DECLINED_ASSISTANCE = "declined_assistance", _("The person declined further assistance")
    LOST_CONTACT = "lost_contact", _("Contact with the person was lost")
    REFERRED = "referred", _("Referred to another agency, which continues the work")
    NOT_A_VICTIM = "not_a_victim", _("Decided not to be a victim of trafficking")
    RETURNED = "returned", _("Returned to the country of origin or residence")
    DECEASED = "deceased", _("The person died")
    OTHER = "other", _("Other")


class AgeGroup(models.TextChoices):
    """Which indicators and rule a screening uses. When unsure, screen as a child."""

    ADULT = "adult", _("Adult (18 or over)")
    CHILD = "child", _("Child (under 18, or possibly under 18)")


class ConsentPurpose(models.TextChoices):
    """What a person (or their parent or guardian) consents to. HTCDS has one consent field,
    vic_AgreementToManagePersonalData: the data_management purpose."""

    DATA_MANAGEMENT = "data_management", _("Management of personal data in the case file")
    SHARING_WITH_REFERRAL_AGENCIES = (
        "sharing_with_referral_agencies",
        _("Sharing with agencies the case is referred to"),
    )
    SHARING_WITH_LAW_ENFORCEMENT = (
        "sharing_with_law_enforcement",
        _("Sharing with law enforcement, prosecutors and courts"),
    )
    RESEARCH = "research", _("Use in research and statistics")
    FOLLOW_UP_CONTACT = "follow_up_contact", _("Being contacted for follow-up after assistance")
    # Seeds 002, 003: a case referred to a partner country's mechanism or an international body.
    CROSS_BORDER_TRANSFER = (
        "cross_border_transfer",
        _("Transfer to a referral mechanism or organisation in another country"),
    )


HTCDS_CONSENT_FIELD = {ConsentPurpose.DATA_MANAGEMENT: "vic_AgreementToManagePersonalData"}


class ConsentGiver(models.TextChoices):
    """Who gave the consent. A minor's consent is given by a parent or by whoever acts in loco
    parentis (seed 004 §34: minors only with the permission of a parent or guardian)."""

    PERSON = "person", _("The person themself")
    PARENT = "parent", _("Parent")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian or custodian")
    IN_LOCO_PARENTIS = (
        "in_loco_parentis",
        _(
            "Other person acting in loco parentis (e.g. guardianship authority, head of a children's home)"
        ),
    )


class GuardianRole(models.TextChoices):
    """Who stands for a child victim (seed 004 §34: a parent or whoever acts in loco parentis)."""

    PARENT = "parent", _("Parent")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian or custodian")
    IN_LOCO_PARENTIS = "in_loco_parentis", _("Other person acting in loco parentis")
    NONE_KNOWN = "none_known", _("No parent or guardian known (unaccompanied or separated child)")


class InformedHow(models.TextChoices):
    """How an authority or a guardian was informed."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By telephone")
    LETTER = "letter", _("By letter")
    ELECTRONIC = "electronic", _("Electronically (e-mail, system message)")

"""Models of the justice app: criminal proceedings and the persons who take part in them.

Statistical dimensions (stage, articles, roles, dates, minor at the offence) are plain columns;
free text about persons is encrypted. Stage codes and article keys are jurisdiction-pack data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.cases.models import Case
from palermo.core.datakeys import SealedRecord
from palermo.core.fields import EncryptedDateField, EncryptedTextField
from palermo.justice.vocab import (
    LegalPersonKind,
    MeasureStatus,
    OffenderKind,
    ParticipantRole,
    RightExplained,
)
from palermo.people.models import Person
from palermo.people.vocab import CitizenshipStatus


class Proceedings(models.Model):
    """One criminal case (criminal proceedings) conducted by an investigating body."""

    number = models.CharField(_("criminal case number"), max_length=60, unique=True)
    investigating_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="proceedings",
        verbose_name=_("investigating body"),
    )
    # A stage code of the pack's ``justice.stages``.
    stage = models.CharField(_("stage"), max_length=40, db_index=True)
    stage_since = models.DateField(_("stage since"))
    opened_on = models.DateField(_("opened on"))
    offence_date = models.DateField(_("date of the offence"), null=True, blank=True)
    verdict_on = models.DateField(_("verdict on"), null=True, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("criminal proceedings")
        verbose_name_plural = _("criminal proceedings")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["investigating_agency", "-opened_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def article_keys(self) -> list[str]:
        return [a.article for a in self.articles.all()]


class ProceedingsArticle(models.Model):
    """A Criminal Code article charged in the proceedings (a legal-basis key such as ``cc_181``)."""

    proceedings = models.ForeignKey(Proceedings, on_delete=models.CASCADE, related_name="articles")
    article = models.CharField(_("article"), max_length=60, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proceedings", "article"], name="justice_article_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proceedings_id}: {self.article}"


class Participant(models.Model):
    """A person linked to proceedings as victim, witness or assisting law enforcement."""

    proceedings = models.ForeignKey(
        Proceedings, on_delete=models.PROTECT, related_name="participants"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="justice_participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="justice_participations",
        verbose_name=_("case"),
    )
    linked_on = models.DateField(_("linked on"))
    # Age at the offence (or at the opening of the proceedings), from the person's date of birth.
    minor_at_offence = models.BooleanField(_("minor at the offence"), null=True)
    # Art. 18 part 2: the victim interferes with the investigation or the trial.
    interfered_on = models.DateField(_("interference recorded on"), null=True, blank=True)
    interference_basis = models.CharField(_("legal basis"), max_length=60, blank=True)
    interference_note = EncryptedTextField(_("interference"), blank=True)
    ended_on = models.DateField(_("participation ended on"), null=True, blank=True)
    end_reason = EncryptedTextField(_("reason"), blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["proceedings", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proceedings", "person", "role"], name="justice_participant_unique"
            )
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.proceedings_id}/{self.person_id} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def interferes(self) -> bool:
        return self.interfered_on is not None


class StageChange(models.Model):
    """One move of the proceedings from a stage to another (for the timeline and reports)."""

    proceedings = models.ForeignKey(
        Proceedings, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=40, blank=True)
    to_stage = models.CharField(_("to"), max_length=40)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.proceedings_id}: {self.from_stage} -> {self.to_stage}"


class Suspect(SealedRecord):
    """A suspect or accused person: identity encrypted, citizenship plain (statistics)."""

    proceedings = models.ForeignKey(Proceedings, on_delete=models.CASCADE, related_name="suspects")
    # The identity is sealed with the suspect's own data key (crypto-shredding).
    family_name = EncryptedTextField(_("family name"), data_key="data_key")
    given_name = EncryptedTextField(_("given name"), blank=True, data_key="data_key")
    patronymic = EncryptedTextField(_("patronymic"), blank=True, data_key="data_key")
    date_of_birth = EncryptedDateField(
        _("date of birth"), null=True, blank=True, data_key="data_key"
    )
    citizenship = CountryField(_("citizenship"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, data_key="data_key")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("suspect")
        verbose_name_plural = _("suspects")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"suspect {self.pk}"  # never the name

    @property
    def display_name(self) -> str:
        return " ".join(p for p in [self.family_name, self.given_name, self.patronymic] if p)


class LegalPerson(models.Model):
    """A legal person used to commit the offence: tourist, marriage, employment or modelling
    agency (seed 000 §2), optionally the registries' record of an organisation involved."""

    proceedings = models.ForeignKey(
        Proceedings, on_delete=models.CASCADE, related_name="legal_persons"
    )
    name = models.CharField(_("name"), max_length=300)
    taxpayer_number = models.CharField(_("taxpayer number"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LegalPersonKind.choices)
    country = CountryField(_("country of registration"), blank=True)
    organisation = models.ForeignKey(
        "registries.InvolvedOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation in the registry"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("legal person used")
        verbose_name_plural = _("legal persons used")
        ordering = ["id"]
        indexes = [models.Index(fields=["taxpayer_number"])]

    def __str__(self) -> str:
        return self.name


class ProtectionMeasure(models.Model):
    """A protection and rehabilitation measure applied to a victim (Law No. 350-Z Art. 18)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("measure"), max_length=60)  # a measure code of the pack
    legal_basis = models.CharField(_("legal basis"), max_length=60)
    includes_family = models.BooleanField(_("family members protected too"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE
    )
    starts_on = models.DateField(_("applied from"))
    ends_on = models.DateField(_("applied until"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = EncryptedTextField(_("reason for ending"), blank=True)
    # Set when the measure ended because of a rule (Art. 18 p.2), empty when ended by decision.
    end_basis = models.CharField(_("legal basis of the end"), max_length=60, blank=True)
    times_extended = models.PositiveSmallIntegerField(_("times extended"), default=0)
    details = EncryptedTextField(_("details"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["status", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="justice_measure_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.participant_id}"

    @property
    def is_active(self) -> bool:
        return self.status == MeasureStatus.ACTIVE


class ExpulsionSuspension(models.Model):
    """The recorded suspension of expulsion and deportation of a participant (Art. 22 p.1):
    opened when a qualifying participant is linked, closed at the verdict (or when the
    participation ends). The expulsion check computes the answer from the rules and these rows
    agree with it; they make the suspension dated, audited and reportable."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="suspensions"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField(_("legal basis"), max_length=60)
    started_on = models.DateField(_("suspended from"))
    ended_on = models.DateField(_("suspension ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("expulsion suspension")
        verbose_name_plural = _("expulsion suspensions")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["person", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(ended_on__isnull=True),
                name="justice_one_open_suspension",
            )
        ]

    def __str__(self) -> str:
        return f"suspension {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class LegalAssistance(models.Model):
    """Legal assistance given to a victim and the rights explained to them (seed 004 §34)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="legal_assistance"
    )
    given_on = models.DateField(_("date"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assistance = models.BooleanField(_("legal assistance given"), default=False)
    # RightExplained codes.
    rights_explained = models.JSONField(_("rights explained"), default=list)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("legal assistance")
        verbose_name_plural = _("legal assistance")
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"legal assistance {self.pk}"

    def get_rights_display(self) -> list[str]:
        labels = dict(RightExplained.choices)
        return [str(labels.get(code, code)) for code in self.rights_explained]


# --- liability of persons and organisations involved (seed 000 §3.2) ----------------------------


class ForeignNationalConsequence(models.Model):
    """A decision of the migration bodies on a foreign national or stateless person involved in
    trafficking or associated offences (Law No. 350-Z Art. 30): registration or an extension of
    stay refused, the stay shortened, a residence permit refused or annulled.

    The person is not a ``people.Person`` (those are victims and persons at risk, whom the
    duplicate check compares): the identity is kept here, encrypted, with blind-index name keys
    so that the migration officers' check finds it by name and date of birth."""

    kind = models.CharField(_("consequence"), max_length=40, db_index=True)  # a pack code
    legal_basis = models.CharField(_("legal basis"), max_length=60)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"), db_index=True)
    issuing_body = models.CharField(_("issuing body"), max_length=300)
    stay_until = models.DateField(_("stay shortened until"), null=True, blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    given_name = EncryptedTextField(_("given name"), blank=True)
    patronymic = EncryptedTextField(_("patronymic"), blank=True)
    family_name_latin = EncryptedTextField(_("family name (Latin letters)"), blank=True)
    given_name_latin = EncryptedTextField(_("given name (Latin letters)"), blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"))
    citizenship_status = models.CharField(
        _("citizenship status"), max_length=20, choices=CitizenshipStatus.choices
    )
    citizenship = CountryField(_("citizenship"), blank=True)
    grounds = EncryptedTextField(_("grounds"), blank=True)
    proceedings = models.ForeignKey(
        Proceedings,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="foreign_national_consequences",
        verbose_name=_("criminal proceedings"),
    )
    organisation = models.ForeignKey(
        "registries.InvolvedOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation in the registry"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consequence for a foreign national")
        verbose_name_plural = _("consequences for foreign nationals")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body", "decision_number", "kind"],
                name="justice_consequence_decision_unique",
            )
        ]

    def __str__(self) -> str:
        return f"consequence {self.pk}"  # never the name

    @property
    def display_name(self) -> str:
        parts = [self.family_name, self.given_name, self.patronymic]
        latin = " ".join(p for p in [self.family_name_latin, self.given_name_latin] if p)
        name = " ".join(p for p in parts if p)
        return f"{name} ({latin})" if name and latin else name or latin


class ConsequenceNameKey(models.Model):
    """Blind-index keys of the name tokens of a :class:`ForeignNationalConsequence`."""

    consequence = models.ForeignKey(
        ForeignNationalConsequence, on_delete=models.CASCADE, related_name="name_keys"
    )
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consequence", "key"], name="justice_consequence_key")
        ]

    def __str__(self) -> str:
        return f"{self.consequence_id}: {self.key}"


class AdministrativeOffence(models.Model):
    """A decision holding a person or an organisation liable under an article of the Code of
    Administrative Offences that the pack lists (seed 000 §3.2): the article, the date, the
    deciding body and the penalty. Counted in the statistics by article, year and offender."""

    offender_kind = models.CharField(
        _("offender"), max_length=20, choices=OffenderKind.choices, db_index=True
    )
    # A natural person: identity encrypted, citizenship plain (statistics).
    family_name = EncryptedTextField(_("family name"), blank=True)
    given_name = EncryptedTextField(_("given name"), blank=True)
    patronymic = EncryptedTextField(_("patronymic"), blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    # An organisation: its name and registration number are not personal data.
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    taxpayer_number = models.CharField(_("taxpayer number"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        "registries.InvolvedOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation in the registry"),
    )
    article = models.CharField(_("article"), max_length=60, db_index=True)  # a pack key
    offence_date = models.DateField(_("date of the offence"), null=True, blank=True)
    decided_on = models.DateField(_("decision date"), db_index=True)
    deciding_body = models.CharField(_("deciding body"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    penalty = models.CharField(_("penalty"), max_length=40)  # a pack code
    penalty_amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    penalty_unit = models.CharField(_("unit"), max_length=20, blank=True)
    region = models.CharField(_("region"), max_length=20, blank=True, db_index=True)
    proceedings = models.ForeignKey(
        Proceedings,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administrative_offences",
        verbose_name=_("criminal proceedings"),
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("administrative offence")
        verbose_name_plural = _("administrative offences")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["decided_on", "article", "offender_kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(penalty_amount__isnull=True) | models.Q(penalty_amount__gt=0),
                name="justice_offence_amount_positive",
            )
        ]

    def __str__(self) -> str:
        return f"offence {self.pk}"  # never the name

    @property
    def offender_name(self) -> str:
        if self.offender_kind == OffenderKind.ORGANISATION:
            return self.organisation_name
        return " ".join(p for p in [self.family_name, self.given_name, self.patronymic] if p)

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Agency
from palermo.core.datakeys import DataKey, new_data_key
from palermo.core.fields import EncryptedDateField, EncryptedTextField
from palermo.people.vocab import CitizenshipStatus, Gender


class Person(models.Model):
    """A presumed or recognised victim (or a person at risk).

    Identity (names in both scripts, date of birth) is encrypted at rest; sex and citizenship stay
    plain because the statistics count by them. Names are found through PersonNameKey.
    """

    reference = models.CharField(_("reference number"), max_length=32, unique=True)
    family_name = EncryptedTextField(data_key="data_key", verbose_name=_("family name"), blank=True)
    given_name = EncryptedTextField(data_key="data_key", verbose_name=_("given name"), blank=True)
    patronymic = EncryptedTextField(data_key="data_key", verbose_name=_("patronymic"), blank=True)
    family_name_latin = EncryptedTextField(
        data_key="data_key", verbose_name=_("family name (Latin)"), blank=True
    )
    given_name_latin = EncryptedTextField(
        data_key="data_key", verbose_name=_("given name (Latin)"), blank=True
    )
    date_of_birth = EncryptedDateField(
        _("date of birth"), null=True, blank=True, data_key="data_key"
    )
    gender = models.CharField(_("sex / gender"), max_length=32, choices=Gender.choices)
    citizenship_status = models.CharField(
        _("citizenship status"),
        max_length=16,
        choices=CitizenshipStatus.choices,
        default=CitizenshipStatus.CITIZEN,
    )
    citizenship = CountryField(_("citizenship"), blank=True)
    registered_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="registered_persons"
    )
    # The person's own key: the identity above is sealed with it, so destroying it erases the
    # identity everywhere, backups included (crypto-shredding, docs/retention.md).
    data_key = models.OneToOneField(
        DataKey, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # When the identity was destroyed; sex, citizenship and the cases' statistics stay.
    identity_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # A person merged into another is kept as a tombstone pointing at the survivor, so that the
    # merge can be undone (PersonMerge records which cases moved).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_persons",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["gender", "citizenship"])]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in logs, admin breadcrumbs and error reports.
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.data_key_id is None and self.identity_erased_at is None:
            self.data_key = new_data_key()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "data_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if self.identity_erased_at is not None:
            return str(_("(identity erased)"))
        original = " ".join(p for p in [self.family_name, self.given_name, self.patronymic] if p)
        latin = " ".join(p for p in [self.family_name_latin, self.given_name_latin] if p)
        if original and latin and latin.lower() != original.lower():
            return f"{original} ({latin})"
        return original or latin


class PersonNameKey(models.Model):
    """Blind-index keys of a person's name tokens, for exact look-up without decryption."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="person_name_key_unique")
        ]

    def __str__(self) -> str:
        return f"name key of person {self.person_id}"


class PersonMatchKey(models.Model):
    """Blocking keys for duplicate detection: keyed blind indexes of folded name forms, name pairs
    with one-letter deletions, and name or initials with the date of birth (people/matching.py).

    Candidates for a match are the persons sharing keys with the new registration; only they are
    decrypted and scored. A tombstone (merged person) has no keys.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=32)

    class Meta:
        # (key, person) answers "who shares these keys" from the index alone.
        indexes = [models.Index(fields=["key", "person"], name="people_match_key_person")]

    def __str__(self) -> str:
        return f"match key of person {self.person_id}"


class PersonMerge(models.Model):
    """One merge of a duplicate person into a surviving one, and what is needed to undo it."""

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_received", verbose_name=_("kept")
    )
    merged = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_made", verbose_name=_("merged")
    )
    # Ids of the cases that belonged to the merged person: unmerge gives exactly these back.
    moved_case_ids = models.JSONField(default=list)
    reason = EncryptedTextField(_("reason"), blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"merge {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.unmerged_at is None


class DuplicateScan(models.Model):
    """One batch run over every person looking for suspected duplicates."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    threshold = models.FloatField()
    persons_checked = models.PositiveIntegerField(default=0)
    pairs_found = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"duplicate scan {self.pk}"


class SuspectedDuplicate(models.Model):
    """A pair of persons that a scan found alike; an administrator merges or dismisses it."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not the same person")

    scan = models.ForeignKey(DuplicateScan, on_delete=models.CASCADE, related_name="pairs")
    # person_a.pk < person_b.pk, so a pair is found once.
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)  # reason codes (matching.REASONS), never names
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "person_a", "person_b"], name="suspected_duplicate_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")),
                name="suspected_duplicate_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"suspected duplicate {self.person_a_id}/{self.person_b_id}"


class ContactRequest(models.Model):
    """ "Possibly known to agency X": the asking agency wants to get in touch about a person the
    other agency holds. The asking side never learns who it is; the other side sees its own
    person and decides whether to call back (the referral itself is a later step).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    requesting_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="contact_requests_sent",
        verbose_name=_("asking agency"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    target_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="contact_requests_received",
        verbose_name=_("asked agency"),
    )
    # The asked agency's persons who may be the one: shown to the asked agency only.
    persons = models.ManyToManyField(Person, related_name="contact_requests")
    message = EncryptedTextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_agency", "status"]),
            models.Index(fields=["requesting_agency", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"contact request {self.pk}"


class ReferenceCounter(models.Model):
    """Per-scope sequence (e.g. "BY-2026") for reference numbers, locked row by row."""

    scope = models.CharField(max_length=32, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last_value}"

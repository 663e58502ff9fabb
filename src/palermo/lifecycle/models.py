"""Shredding lists: what the retention rules found due, who approved it, what was destroyed.

A list (``ShredBatch``) is proposed by the scheduled scan, reviewed by a national administrator
and then carried out item by item. Each item names a record by kind and id, never by its content:
the list and the audit keep the event, not the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.core.fields import EncryptedTextField


class DataKind(models.TextChoices):
    PERSON_IDENTITY = "person_identity", _("Identity of a person")
    HOTLINE_CALLER_CONTACT = "hotline_caller_contact", _("Hotline caller's contact")
    ANONYMOUS_TIP = "anonymous_tip", _("Anonymous tip")
    TOURIST_NON_RETURN = "tourist_non_return", _("Tourist reported as not returned")
    SUSPECT_IDENTITY = "suspect_identity", _("Identity of a suspect")


class ShredBatch(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        APPROVED = "approved", _("Approved, being destroyed")
        DONE = "done", _("Destroyed")
        REJECTED = "rejected", _("Rejected")

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    as_of = models.DateField(_("due as of"))
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("shredding list")
        verbose_name_plural = _("shredding lists")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"shredding list {self.pk}"


class ShredItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("To destroy")
        DESTROYED = "destroyed", _("Destroyed")
        SKIPPED = "skipped", _("Kept: no longer due")
        REJECTED = "rejected", _("Kept: list rejected")

    batch = models.ForeignKey(ShredBatch, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("kind of data"), max_length=30, choices=DataKind.choices)
    object_id = models.BigIntegerField()
    # A reference that identifies nobody by itself (a person's or a case's number), for review.
    label = models.CharField(_("record"), max_length=80)
    rule = models.CharField(_("retention rule"), max_length=60)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    clock_started_on = models.DateField(_("clock started on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("record to destroy")
        verbose_name_plural = _("records to destroy")
        ordering = ["batch", "kind", "due_on", "id"]
        constraints = [
            # A record is on at most one live list, and destroyed at most once.
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=models.Q(status__in=["pending", "destroyed"]),
                name="lifecycle_shred_item_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class CorrectionRequest(models.Model):
    """A person asks that something held about them be corrected; an officer answers."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted: corrected")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="correction_requests"
    )
    received_on = models.DateField(_("received on"))
    requested_change = EncryptedTextField(_("what the person asks to correct"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = EncryptedTextField(_("answer to the person"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"correction request {self.pk}"

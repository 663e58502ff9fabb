"""Records of what left or entered the system through the data exchange.

Every export is registered (who, when, which rule, the file's hash); the anonymous CTDC file is
kept so that the very file released can be fetched again, an identity-bearing HTCDS file never
is. Imports keep their report (line numbers and reasons, never names). Bulk synthetic runs keep
the range of cases they wrote, so synthetic data can always be told from real data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency


class ReleaseKind(models.TextChoices):
    CTDC = "ctdc", _("CTDC global-dataset layout (k-anonymous)")
    HTCDS_TABLES = "htcds_tables", _("HTCDS 2.0 tables for a partner")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExchangeRelease(models.Model):
    """One file that left the system: who made it, when, under which rule, its SHA-256."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReleaseKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    file_format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    filename = models.CharField(_("file name"), max_length=100)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # The rule applied: k, missing code, its source and legal basis (CTDC); the consent purpose
    # that decided the identity columns (HTCDS tables).
    rule = models.JSONField(_("rule"), default=dict)
    filters = models.JSONField(_("filter"), default=dict)
    # What was generalised or dropped (CTDC), counts per table (HTCDS). Never identities.
    report = models.JSONField(_("report"), default=dict)
    # Only the anonymous CTDC file is kept; an HTCDS file with identities is never stored.
    content = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("data release")
        verbose_name_plural = _("data releases")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class ImportBatch(models.Model):
    """One HTCDS file imported by an agency: all of it, or (when refused) nothing."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    cases = models.PositiveIntegerField(_("cases"), default=0)
    services = models.PositiveIntegerField(_("services"), default=0)
    # The partner's case id (cas_Id) -> the reference of the case created for it.
    case_map = models.JSONField(default=dict)
    # Possible duplicates found at import: [{line, case, visible: [refs], elsewhere: [agencies]}].
    flags = models.JSONField(_("possible duplicates"), default=list)

    class Meta:
        verbose_name = _("HTCDS import")
        verbose_name_plural = _("HTCDS imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"import {self.pk}"


class SyntheticRun(models.Model):
    """One run of the bulk generator: which cases it wrote are synthetic (their references also
    start with the synthetic prefix)."""

    started_by = models.CharField(_("started by"), max_length=150, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seed = models.BigIntegerField()
    cases = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    first_case_id = models.BigIntegerField(null=True)
    last_case_id = models.BigIntegerField(null=True)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"synthetic run {self.pk}"

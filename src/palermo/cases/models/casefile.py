"""The working file of a case: notes, attachments and flags.

Notes and attachments are identity data (free text, scans of documents): the note's text is
encrypted like the case narrative, and an attachment's bytes are encrypted on disk under a
random file key that is itself stored encrypted with the key ring (so ``rotate-keys`` re-wraps
it like any other encrypted value and a copy of the disk without the database reveals nothing).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Agency
from palermo.cases.models.case import Case
from palermo.core.fields import EncryptedCharField, EncryptedTextField


class Visibility(models.TextChoices):
    """Who reads a note or an attachment, from the narrowest audience to the widest. The writing
    agency always reads its own; each level adds readers."""

    AGENCY = "agency", _("Own agency only")
    NATIONAL = "national", _("Own agency and national coordinators")
    SHARED = "shared", _("Shared with the agencies the case is referred to")


class CaseNote(models.Model):
    """A note in the case file. Append-only: a mistake is put right by a correction (a new note
    that names the one it corrects), never by rewriting what others may already have read."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.AGENCY
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"note {self.pk} of case {self.case_id}"


class CaseAttachment(models.Model):
    """A file kept with the case (a scan, a signed consent form), encrypted on disk.

    ``stored_name`` is a random name under ``PALERMO_ATTACHMENTS_DIR``, outside any public path;
    the file is read only through the permission-checked download."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    filename = EncryptedCharField(_("file name"), max_length=255)
    description = EncryptedTextField(_("description"), blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)
    file_key = EncryptedTextField(editable=False)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.AGENCY
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set when the person's identity was destroyed (retention): the file and its key are gone.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"attachment {self.pk} of case {self.case_id}"


class CaseFlag(models.Model):
    """A flag set on a case (``risk_to_safety``, ``interpreter_needed``, ...): the codes are the
    jurisdiction pack's ``case_flags``. Clearing keeps the row (who cleared it, when)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(_("flag"), max_length=60)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now, editable=False)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case flag")
        verbose_name_plural = _("case flags")
        ordering = ["set_at", "id"]
        constraints = [
            # One live flag of a kind per case; cleared ones stay as history.
            models.UniqueConstraint(
                fields=["case", "code"],
                condition=models.Q(cleared_at__isnull=True),
                name="case_flag_one_live_per_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} on case {self.case_id}"

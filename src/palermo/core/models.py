"""The audit log's tables: append-only events chained by hashes, and the chain head.

Rows are written only by :func:`palermo.core.audit.record`, which computes the hash chain. The
model and its queryset refuse every other write (save, delete, update, bulk operations) so that
no code path changes history by accident; changes through raw SQL are caught by
:func:`palermo.core.audit.verify_chain`. See docs/audit.md.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The previous hash of event #1, and the head's hash while the log is empty.
GENESIS_HASH = "0" * 64


class AuditError(Exception):
    """Base class of the audit log's errors."""


class AuditImmutableError(AuditError):
    """Code tried to change or delete an audit event, or to write one around the chain writer."""


def _refuse(what: str) -> NoReturn:
    raise AuditImmutableError(
        f"Audit events are append-only: {what} is refused. New events are written only by "
        "palermo.core.audit.record()."
    )


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, object_type: str, object_id: str | int) -> AuditEventQuerySet:
        """The timeline of one object, oldest first."""
        return self.filter(object_type=object_type, object_id=str(object_id)).order_by("seq")

    # Bulk writes bypass Model.save()/delete(), so they are refused here as well.
    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("updating audit events")

    def delete(self) -> NoReturn:
        _refuse("deleting audit events")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk-creating audit events")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk-updating audit events")


class AuditEvent(models.Model):
    """One audited action: who (snapshot), for which agency (snapshot), what, on which object, why.

    ``data`` holds changed field NAMES and non-identifying values only; identity data (names,
    dates of birth, documents, contacts, addresses, narratives) never enters the log in plain
    text, because the log is kept for years and read by auditors who must not see identities.
    """

    seq = models.BigIntegerField(_("sequence number"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), editable=False)
    # Plain integers, not foreign keys: the log must outlive deleted users and agencies, and a
    # deletion must never cascade into it. The names are snapshots taken when the event happened.
    actor_user_id = models.BigIntegerField(_("actor user id"), null=True, blank=True)
    actor_username = models.CharField(_("actor user name"), max_length=150, blank=True)
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    purpose = models.CharField(_("purpose"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            models.Index(fields=["actor_user_id"], name="core_audit_actor_idx"),
            models.Index(fields=["agency_id"], name="core_audit_agency_idx"),
            models.Index(fields=["occurred_at"], name="core_audit_occurred_idx"),
            models.Index(fields=["action"], name="core_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            _refuse("saving an audit event directly")
        _refuse(f"changing audit event #{self.seq}")

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting audit event #{self.seq}")

    def _insert_sealed(self, using: str) -> None:
        """Insert this new, already hashed event. Only the chain writer calls this."""
        if not self._state.adding or len(self.hash) != 64:
            _refuse("inserting an unsealed or existing audit event")
        super().save(force_insert=True, using=using)


class AuditChainHead(models.Model):
    """The one row naming the newest event (sequence number and hash).

    The writer locks this row (SELECT ... FOR UPDATE) so that appends happen one after another,
    and updates it in the same transaction as the event; verification compares it with the
    newest event, which reveals removal of the newest events (they leave no gap behind them).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_seq = models.BigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_audit_head_singleton"),
        ]

    def __str__(self) -> str:
        return f"{self.last_seq}:{self.last_hash}"


class Notification(models.Model):
    """An in-app message to an agency (its unread count shows in the header of its members).

    The text is not stored: ``kind`` names a message template registered by the app that sends
    it (see :mod:`palermo.core.notifications`), rendered in the reader's language from
    ``params``. ``params`` holds non-identifying values only (reference numbers, codes, dates):
    notifications are read by everyone in the agency and copied into e-mails.
    """

    recipient_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient agency"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient_agency", "read_at"], name="core_notif_unread_idx"),
            models.Index(fields=["recipient_agency", "-created_at"], name="core_notif_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → agency {self.recipient_agency_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# Per-subject data keys (crypto-shredding) live in their own module; imported so Django sees them.
from palermo.core.datakeys import DataKey  # noqa: E402, F401

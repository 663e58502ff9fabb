"""The audit log's tables: append-only events, and the signed seals that chain them in batches.

Events are written only by :func:`palermo.core.audit.record`, without any lock shared between
requests; seals only by the sealer (:mod:`palermo.core.audit.sealing`). The models refuse every
other write (save, delete, update, bulk operations) and database triggers refuse UPDATE and
DELETE, so history is not changed by accident; what raw SQL with the triggers removed can do is
caught by :func:`palermo.core.audit.verify_chain`. See docs/audit.md.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The previous head of seal #1.
GENESIS_HASH = "0" * 64


class AuditError(Exception):
    """Base class of the audit log's errors."""


class AuditImmutableError(AuditError):
    """Code tried to change or delete an audit event, or to write one around the writer."""


def _refuse(what: str) -> NoReturn:
    raise AuditImmutableError(
        f"Audit events are append-only: {what} is refused. New events are written only by "
        "palermo.core.audit.record(), seals only by the sealer."
    )


_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    # Bulk writes bypass Model.save()/delete(), so they are refused here as well.
    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("updating audit records")

    def delete(self) -> NoReturn:
        _refuse("deleting audit records")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk-creating audit records")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk-updating audit records")


class AuditEventQuerySet(AppendOnlyQuerySet["AuditEvent"]):
    def for_object(self, object_type: str, object_id: str | int) -> AuditEventQuerySet:
        """The timeline of one object, oldest first."""
        return self.filter(object_type=object_type, object_id=str(object_id)).order_by("seq")

    def in_seal_order(self) -> AuditEventQuerySet:
        """The order in which events are sealed: by writing transaction, then by number."""
        return self.order_by("txid", "seq")


class TransactionIdField(models.BigIntegerField):
    """The writing transaction's id, filled in by the database and returned by the INSERT."""

    db_returning = True


class AuditEvent(models.Model):
    """One audited action: who (snapshot), for which agency (snapshot), what, on which object, why.

    ``data`` holds changed field NAMES and non-identifying values only; identity data (names,
    dates of birth, documents, contacts, addresses, narratives) never enters the log in plain
    text, because the log is kept for years and read by auditors who must not see identities.
    """

    # The event's number, given by the database when the row is written (no lock, so a
    # rolled-back transaction leaves a gap; the seals, not the numbers, prove completeness).
    seq = models.BigAutoField(_("event number"), primary_key=True)
    # The writing transaction's id (PostgreSQL's 64-bit xid8; 0 on SQLite, whose writers commit
    # one after another): events are sealed in (txid, seq) order, see docs/audit.md.
    txid = TransactionIdField(_("transaction"), default=0, editable=False)
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
            models.Index(fields=["txid", "seq"], name="core_audit_seal_order_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            _refuse("saving an audit event directly")
        _refuse(f"changing audit event #{self.seq}")

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting audit event #{self.seq}")

    def _append(self, using: str) -> None:
        """Insert this new event. Only the writer calls this."""
        if not self._state.adding or self.seq is not None:
            _refuse("inserting an existing audit event")
        super().save(force_insert=True, using=using)


class AuditSealQuerySet(AppendOnlyQuerySet["AuditSeal"]):
    pass


class AuditSeal(models.Model):
    """A signed batch of events: the Merkle root of their leaves, chained to the previous seal.

    ``leaves`` lists ``[seq, leaf hash]`` of every event of the batch in seal order; the root
    is the RFC 6962 Merkle tree hash over those leaf hashes; ``head`` hashes this seal's fields
    together with the previous seal's head, and ``signature`` is the Ed25519 signature of
    ``head`` by the key ``key_id``. Seal N covers every event after seal N-1 up to and including
    the event (``last_txid``, ``last_seq``) in seal order.
    """

    number = models.BigIntegerField(_("seal number"), primary_key=True)
    sealed_at = models.DateTimeField(_("sealed at"), editable=False)
    size = models.PositiveIntegerField(_("events in the batch"))
    tree_size = models.BigIntegerField(_("events sealed so far"))
    last_txid = models.BigIntegerField(_("last transaction"))
    last_seq = models.BigIntegerField(_("last event number"))
    leaves = models.JSONField(_("leaves"), default=list)
    root = models.CharField(_("Merkle root"), max_length=64)
    prev_head = models.CharField(_("previous head"), max_length=64)
    head = models.CharField(_("head"), max_length=64)
    key_id = models.CharField(_("signing key"), max_length=16)
    signature = models.CharField(_("signature"), max_length=128)

    objects = AuditSealQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"seal {self.number}:{self.head}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse("saving an audit seal directly")

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting audit seal #{self.number}")

    def _append(self, using: str) -> None:
        """Insert this new seal. Only the sealer calls this."""
        if not self._state.adding or len(self.signature) != 128:
            _refuse("inserting an unsigned or existing audit seal")
        super().save(force_insert=True, using=using)


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


class IdempotentRequest(models.Model):
    """A create request sent with an ``Idempotency-Key`` header, and the answer it got.

    The same key, user and endpoint again get the stored answer instead of acting twice (see
    palermo.core.idempotency). The answer may carry identity data, so it is stored encrypted.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=300)
    request_hash = models.CharField(max_length=64)
    # None while the first request is still being processed.
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)  # encrypted JSON
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "endpoint"], name="idempotent_request_unique"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="core_idem_created_idx")]

    def __str__(self) -> str:
        return f"{self.endpoint} [{self.key}]"


# Per-subject data keys (crypto-shredding) live in their own module; imported so Django sees them.
from palermo.core.datakeys import DataKey  # noqa: E402, F401

"""Every change of the data lifecycle: proposing, approving, rejecting and carrying out a
shredding list. Views, API, the CLI and the scheduled job call these.

Destruction is per record, each in its own transaction with its own audit event, so a run that is
killed halfway keeps what it finished, never half-destroys a record, and the next run resumes with
the records still pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import erase_case_files_of_person
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.lifecycle import retention
from palermo.lifecycle.access import can_produce_subject_file, can_review_shredding
from palermo.lifecycle.models import CorrectionRequest, DataKind, ShredBatch, ShredItem
from palermo.lifecycle.sealed import shred_record
from palermo.lifecycle.subject_access import build_subject_file
from palermo.people.models import Person
from palermo.people.services import erase_person_identity

PURPOSE = "data retention"


def do_scan_retention(*, today: date | None = None) -> ShredBatch | None:
    """Propose a shredding list of everything due and not yet listed (None if nothing is).

    Run by the scheduled job as the system; running it twice lists nothing twice.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        found = retention.due(today)
        if not found:
            return None
        try:
            # A concurrent scan that listed the same records first wins: the unique constraint
            # on live items makes this one fail whole, and it lists nothing twice.
            with transaction.atomic():
                batch = ShredBatch.objects.create(as_of=today)
                ShredItem.objects.bulk_create(
                    [
                        ShredItem(
                            batch=batch,
                            kind=f.kind,
                            object_id=f.object_id,
                            label=f.label,
                            rule=f.rule.code,
                            legal_basis=f.rule.legal_basis.citation,
                            clock_started_on=f.clock_started_on,
                            due_on=f.due_on,
                        )
                        for f in found
                    ]
                )
        except IntegrityError:
            return None
        counts: dict[str, int] = {}
        for f in found:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        record(
            "lifecycle.shredding_proposed",
            obj=batch,
            purpose=PURPOSE,
            data={"as_of": today.isoformat(), "records": len(found), "by_kind": counts},
        )
    return batch


def _decide(actor: Actor, batch_id: int, version: int) -> ShredBatch:
    if not can_review_shredding(actor):
        raise ValidationError(_("Only a national administrator can decide on a shredding list."))
    batch = ShredBatch.objects.select_for_update().get(pk=batch_id)
    if batch.version != version:
        raise ConflictError(_("Someone else decided on this list meanwhile. Reload the page."))
    if batch.status != ShredBatch.Status.PROPOSED:
        raise ValidationError(_("This list has already been decided."))
    return batch


@transaction.atomic
def do_approve_shred_batch(*, actor: Actor, batch: ShredBatch, version: int) -> ShredBatch:
    """Approve destruction; the records are destroyed by the next run (or at once on request)."""
    batch = _decide(actor, batch.pk, version)
    batch.status = ShredBatch.Status.APPROVED
    batch.decided_by = actor.user
    batch.decided_at = timezone.now()
    batch.version += 1
    batch.save(update_fields=["status", "decided_by", "decided_at", "version"])
    record(
        "lifecycle.shredding_approved",
        actor=actor,
        obj=batch,
        purpose=PURPOSE,
        data={"records": batch.items.count()},
    )
    return batch


@transaction.atomic
def do_reject_shred_batch(*, actor: Actor, batch: ShredBatch, version: int) -> ShredBatch:
    """Keep everything on the list; the next scan may propose the records again."""
    batch = _decide(actor, batch.pk, version)
    batch.status = ShredBatch.Status.REJECTED
    batch.decided_by = actor.user
    batch.decided_at = timezone.now()
    batch.version += 1
    batch.save(update_fields=["status", "decided_by", "decided_at", "version"])
    batch.items.filter(status=ShredItem.Status.PENDING).update(status=ShredItem.Status.REJECTED)
    record("lifecycle.shredding_rejected", actor=actor, obj=batch, purpose=PURPOSE)
    return batch


def _erase_person(pk: int) -> bool:
    erased = erase_person_identity(pk)
    # The persons merged into this one are the same human being: their identity goes too (each
    # sealed with its own key), so that undoing the merge later brings back no name.
    for merged in retention.merged_groups().get(pk, []):
        erase_person_identity(merged)
    # The circumstances of the person's cases name people and places: they go with the identity.
    # The cases' statistical columns (dates, region, forms, age) stay.
    Case.objects.filter(person_id=pk).update(narrative="")
    # So do the notes and the attachments of the case files.
    erase_case_files_of_person(pk)
    return erased


def _destroy(kind: str, pk: int) -> bool:
    if kind == DataKind.PERSON_IDENTITY:
        return _erase_person(pk)
    # Every other kind is sealed with a data key of its own too (lifecycle/sealed.py).
    return shred_record(kind, pk)


@transaction.atomic
def do_destroy_item(*, item_id: int, actor: Actor | None = None, today: date | None = None) -> str:
    """Destroy one approved record, or keep it if a hold appeared since; returns its status.

    Idempotent: an item already destroyed or kept is left as it is.
    """
    item = ShredItem.objects.select_for_update().select_related("batch").get(pk=item_id)
    if item.status != ShredItem.Status.PENDING:
        return item.status
    if item.batch.status != ShredBatch.Status.APPROVED:
        raise ValidationError(_("Only an approved list is carried out."))
    today = today or timezone.localdate()
    if retention.still_due(item.kind, item.object_id, today) is None:
        item.status = ShredItem.Status.SKIPPED
        action = "lifecycle.destruction_skipped"
    else:
        _destroy(item.kind, item.object_id)
        item.status = ShredItem.Status.DESTROYED
        action = "lifecycle.data_destroyed"
    item.done_at = timezone.now()
    item.save(update_fields=["status", "done_at"])
    # The event, not the data: kind, record number, rule and its legal basis.
    record(
        action,
        actor=actor,
        object_type=f"lifecycle.{item.kind}",
        object_id=item.object_id,
        purpose=PURPOSE,
        data={
            "batch": item.batch_id,
            "record": item.label,
            "rule": item.rule,
            "legal_basis": item.legal_basis,
        },
    )
    return item.status


@transaction.atomic
def _finish_batch(batch_id: int, actor: Actor | None) -> None:
    batch = ShredBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != ShredBatch.Status.APPROVED:
        return
    if batch.items.filter(status=ShredItem.Status.PENDING).exists():
        return
    batch.status = ShredBatch.Status.DONE
    batch.completed_at = timezone.now()
    batch.version += 1
    batch.save(update_fields=["status", "completed_at", "version"])
    counts = {
        str(status): batch.items.filter(status=status).count()
        for status in (ShredItem.Status.DESTROYED, ShredItem.Status.SKIPPED)
    }
    record("lifecycle.shredding_completed", actor=actor, obj=batch, purpose=PURPOSE, data=counts)


def do_carry_out_shredding(
    *, actor: Actor | None = None, batch: ShredBatch | None = None, today: date | None = None
) -> int:
    """Destroy the pending records of approved lists (one list, or all); returns how many were
    handled. Each record is its own transaction: safe to kill, safe to run again."""
    if actor is not None and not can_review_shredding(actor):
        raise ValidationError(_("Only a national administrator can carry out a shredding list."))
    batches = ShredBatch.objects.filter(status=ShredBatch.Status.APPROVED)
    if batch is not None:
        batches = batches.filter(pk=batch.pk)
    handled = 0
    for batch_id in list(batches.order_by("pk").values_list("pk", flat=True)):
        pending = ShredItem.objects.filter(batch_id=batch_id, status=ShredItem.Status.PENDING)
        for item_id in list(pending.order_by("pk").values_list("pk", flat=True)):
            do_destroy_item(item_id=item_id, actor=actor, today=today)
            handled += 1
        _finish_batch(batch_id, actor)
    return handled


# --- a person's own file (subject access) and corrections --------------------------------------

SUBJECT_PURPOSE = "subject access request"
MAX_REQUEST = 5000


def _require_subject_access(actor: Actor) -> None:
    if not can_produce_subject_file(actor):
        raise ValidationError(_("Only an authorised officer can answer a person's request."))


@transaction.atomic
def do_produce_subject_file(*, actor: Actor, person: Person, file_format: str) -> dict[str, Any]:
    """Everything held about the person, for the person; the production itself is audited."""
    _require_subject_access(actor)
    if file_format not in ("json", "pdf"):
        raise ValidationError({"format": [_("Choose PDF or JSON.")]})
    document = build_subject_file(person)
    record(
        "person.subject_file_produced",
        actor=actor,
        obj=person,
        purpose=SUBJECT_PURPOSE,
        data={"format": file_format, "sections": sorted(document)},
    )
    return document


@dataclass
class CorrectionInput:
    received_on: date | None = None
    requested_change: str = ""


@transaction.atomic
def do_record_correction_request(
    *, actor: Actor, person: Person, data: CorrectionInput
) -> CorrectionRequest:
    _require_subject_access(actor)
    errors: dict[str, list[str]] = {}
    text = (data.requested_change or "").strip()
    if not text:
        errors["requested_change"] = [_("Write what the person asks to correct.")]
    elif len(text) > MAX_REQUEST:
        errors["requested_change"] = [
            _("At most %(n)d characters.") % {"n": MAX_REQUEST},
        ]
    if data.received_on is None:
        errors["received_on"] = [_("Enter the date the request was received.")]
    elif data.received_on > timezone.localdate():
        errors["received_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    request = CorrectionRequest.objects.create(
        person=person,
        received_on=cast(date, data.received_on),
        requested_change=text,
        recorded_by=actor.user,
    )
    record(
        "person.correction_requested",
        actor=actor,
        obj=person,
        purpose=SUBJECT_PURPOSE,
        data={"correction_request": request.pk},
    )
    return request


@transaction.atomic
def do_answer_correction_request(
    *, actor: Actor, request: CorrectionRequest, accept: bool, answer: str, version: int
) -> CorrectionRequest:
    """Accept (the officer has corrected the record) or refuse, with the answer to the person."""
    _require_subject_access(actor)
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.version != version:
        raise ConflictError(_("Someone else answered this request meanwhile. Reload the page."))
    if locked.status != CorrectionRequest.Status.OPEN:
        raise ValidationError(_("This request has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Write the answer given to the person.")]})
    if len(answer) > MAX_REQUEST:
        raise ValidationError({"answer": [_("At most %(n)d characters.") % {"n": MAX_REQUEST}]})
    locked.status = (
        CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REFUSED
    )
    locked.answer = answer
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "answer", "decided_by", "decided_at", "version"])
    record(
        "person.correction_answered",
        actor=actor,
        obj=locked.person,
        purpose=SUBJECT_PURPOSE,
        data={"correction_request": locked.pk, "status": locked.status},
    )
    return locked

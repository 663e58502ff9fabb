"""Duplicate detection services: the check at registration with its disclosure rule, contact
requests to other agencies, batch scans, and reversible merges (docs/duplicates.md).

Every state change here is a ``do_*`` function in the style of services.py (re-exported there).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.core.audit import record
from palermo.core.crypto import DecryptionError, decrypt_str, encrypt_str
from palermo.core.errors import ConflictError
from palermo.people._cases import case_records, cases_for
from palermo.people.access import (
    can_check_duplicates,
    can_handle_contact_requests,
    can_merge_persons,
)
from palermo.people.batch import scan_pairs
from palermo.people.matching import (
    DEFAULT_THRESHOLD,
    Identity,
    find_matches,
    reason_labels,
)
from palermo.people.models import (
    ContactRequest,
    DuplicateScan,
    Person,
    PersonMatchKey,
    PersonMerge,
    SuspectedDuplicate,
)

if TYPE_CHECKING:
    from palermo.people.services import PersonInput

CONTACT_TOKEN_CONTEXT = "people.ContactRequest.token"  # noqa: S105  (an encryption context)
_TOKEN_PLAINTEXT_LENGTH = 512
CONTACT_TOKEN_MAX_AGE = 24 * 3600  # seconds a "possibly known to agency X" hint stays usable
MAX_MESSAGE_LENGTH = 2000
MAX_REASON_LENGTH = 2000
PURPOSE = "duplicate check"


# --- the check at registration ------------------------------------------------------------------


@dataclass(frozen=True)
class VisibleMatch:
    """A match in a case the actor may see: shown with reference, names and why."""

    person: Person
    score: float
    reasons: tuple[str, ...]
    case_references: list[str]

    @property
    def reason_labels(self) -> list[str]:
        return reason_labels(self.reasons)


@dataclass(frozen=True)
class AgencyHint:
    """A match the actor may not see: only "possibly known to agency X", and a way to ask."""

    agency: Agency
    token: str  # opaque (encrypted): the persons and the asker, for do_request_contact


@dataclass
class MatchReport:
    visible: list[VisibleMatch] = field(default_factory=list)
    elsewhere: list[AgencyHint] = field(default_factory=list)
    checked: bool = False  # False when there was no name to check

    @property
    def count(self) -> int:
        return len(self.visible) + len(self.elsewhere)


def _holding_agencies(person_ids: list[int]) -> dict[int, set[int]]:
    """person id -> ids of the agencies holding a case of the person (or that registered them)."""
    holders: dict[int, set[int]] = {pid: set() for pid in person_ids}
    for person_id, agency_id in case_records().holders(person_ids):
        holders[person_id].add(agency_id)
    for person_id, agency_id in Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "registered_by_id"
    ):
        if not holders[person_id]:
            holders[person_id].add(agency_id)
    return holders


def _contact_token(actor: Actor, agency_id: int, person_ids: list[int]) -> str:
    payload = {
        "agency": agency_id,
        "persons": sorted(person_ids),
        "user": actor.user.pk,
        "from": getattr(actor.agency, "pk", None),
        "at": int(time.time()),
    }
    text = json.dumps(payload, sort_keys=True)
    # Padded, so that the token's length does not tell how many persons matched there.
    text += " " * max(0, _TOKEN_PLAINTEXT_LENGTH - len(text))
    return encrypt_str(text, context=CONTACT_TOKEN_CONTEXT)


def _validate_query(data: PersonInput) -> dict[str, list[str]]:
    from palermo.people.services import MAX_NAME_LENGTH

    errors: dict[str, list[str]] = {}
    for name in (
        "family_name",
        "given_name",
        "patronymic",
        "family_name_latin",
        "given_name_latin",
    ):
        if len(getattr(data, name) or "") > MAX_NAME_LENGTH:
            errors.setdefault(name, []).append(
                _("A name can have at most %(n)d characters.") % {"n": MAX_NAME_LENGTH}
            )
    return errors


@transaction.atomic
def do_check_duplicates(
    *,
    actor: Actor,
    data: PersonInput,
    exclude_person_id: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> MatchReport:
    """Possible matches for a person being registered, across every agency of the country.

    A match whose case the actor may see comes with its reference and names; a match held only
    by another agency comes as "possibly known to agency X" and nothing else. Audited (purpose
    "duplicate check"); the audit event names the persons shown, never a name.
    """
    if not can_check_duplicates(actor):
        raise ValidationError(_("Your role cannot check for duplicates."))
    data = data.cleaned()
    errors = _validate_query(data)
    if errors:
        raise ValidationError(errors)
    identity = Identity.of(data)
    report = MatchReport()
    if identity.is_empty:
        return report
    report.checked = True
    exclude = [exclude_person_id] if exclude_person_id else []
    matches = find_matches(identity, exclude=exclude, threshold=threshold)
    ids = [m.person_id for m in matches]
    visible_cases: dict[int, list[str]] = {}
    for person_id, reference in (
        cases_for(actor)
        .filter(person_id__in=ids)
        .order_by("reference")
        .values_list("person_id", "reference")
    ):
        visible_cases.setdefault(person_id, []).append(reference)
    national = _sees_every_person(actor)
    shown = [pid for pid in ids if pid in visible_cases or national]
    persons = Person.objects.in_bulk(shown)  # decrypted: only those the actor may see
    hidden: list[int] = []
    for match in matches:
        if match.person_id in persons:
            report.visible.append(
                VisibleMatch(
                    person=persons[match.person_id],
                    score=match.score,
                    reasons=match.reasons,
                    case_references=visible_cases.get(match.person_id, []),
                )
            )
        else:
            hidden.append(match.person_id)
    by_agency: dict[int, list[int]] = {}
    for person_id, holders in _holding_agencies(hidden).items():
        for agency_id in holders:
            by_agency.setdefault(agency_id, []).append(person_id)
    # The asker's own agency never appears as "elsewhere" (its cases are visible to it anyway).
    by_agency.pop(getattr(actor.agency, "pk", -1), None)
    agencies = Agency.objects.in_bulk(list(by_agency))
    for agency_id in sorted(by_agency, key=lambda a: agencies[a].name):
        report.elsewhere.append(
            AgencyHint(
                agency=agencies[agency_id],
                token=_contact_token(actor, agency_id, by_agency[agency_id]),
            )
        )
    record(
        "person.duplicate_check",
        actor=actor,
        object_type="people.person",
        purpose=PURPOSE,
        data={
            "candidates_matched": len(matches),
            "shown": [m.person.reference for m in report.visible],
            "elsewhere_agencies": sorted(by_agency),
            "excluded": exclude,
        },
    )
    return report


def _sees_every_person(actor: Actor) -> bool:
    from palermo.accounts.roles import Cap

    return actor.can(Cap.CASE_VIEW_NATIONAL)


# --- contact requests ---------------------------------------------------------------------------


def _read_token(actor: Actor, token: str) -> dict[str, Any]:
    invalid = ValidationError(
        {"token": [_("This match is no longer valid. Check for duplicates again.")]}
    )
    try:
        payload = json.loads(decrypt_str(token or "", context=CONTACT_TOKEN_CONTEXT))
    except (DecryptionError, ValueError):
        raise invalid from None
    if (
        not isinstance(payload, dict)
        or payload.get("user") != actor.user.pk
        or payload.get("from") != getattr(actor.agency, "pk", None)
        or not isinstance(payload.get("at"), int)
        or time.time() - payload["at"] > CONTACT_TOKEN_MAX_AGE
    ):
        raise invalid
    return payload


@transaction.atomic
def do_request_contact(*, actor: Actor, token: str, message: str = "") -> ContactRequest:
    """Asks the agency behind a "possibly known to agency X" hint to get in touch.

    The asker learns nothing more; the asked agency sees its own person(s) in its list.
    """
    if not can_check_duplicates(actor) or actor.agency is None:
        raise ValidationError(_("Your role cannot ask other agencies for contact."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "message": [
                    _("A message can have at most %(n)d characters.") % {"n": MAX_MESSAGE_LENGTH}
                ]
            }
        )
    payload = _read_token(actor, token)
    target = Agency.objects.filter(pk=int(payload.get("agency") or 0), is_active=True).first()
    persons = list(Person.objects.filter(pk__in=payload.get("persons") or []))
    if target is None or not persons:
        raise ValidationError(
            {"token": [_("This match is no longer valid. Check for duplicates again.")]}
        )
    already = ContactRequest.objects.filter(
        requesting_agency=actor.agency,
        target_agency=target,
        status=ContactRequest.Status.OPEN,
        persons__in=persons,
    )
    if already.exists():
        raise ValidationError(
            {"token": [_("Your agency has already asked this agency; the request is open.")]}
        )
    request = ContactRequest.objects.create(
        requesting_agency=actor.agency,
        requested_by=actor.user,
        target_agency=target,
        message=message,
    )
    request.persons.set(persons)
    record(
        "person.contact_requested",
        actor=actor,
        obj=request,
        purpose=PURPOSE,
        data={
            "target_agency": target.pk,
            "persons": [p.reference for p in persons],
            "with_message": bool(message),
        },
    )
    return request


@transaction.atomic
def do_answer_contact_request(
    *, actor: Actor, request: ContactRequest, status: str
) -> ContactRequest:
    """The asked agency marks a request answered (it got in touch) or declined."""
    if not can_handle_contact_requests(actor) or request.target_agency_id != getattr(
        actor.agency, "pk", None
    ):
        raise ValidationError(_("Only the asked agency can answer this request."))
    if status not in (ContactRequest.Status.ANSWERED, ContactRequest.Status.DECLINED):
        raise ValidationError({"status": [_("Choose answered or declined.")]})
    locked = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ContactRequest.Status.OPEN:
        raise ConflictError(_("Someone else has already answered this request."))
    locked.status = status
    locked.closed_by = actor.user
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_by", "closed_at"])
    record(
        "person.contact_request_closed",
        actor=actor,
        obj=locked,
        purpose=PURPOSE,
        data={"status": status, "requesting_agency": locked.requesting_agency_id},
    )
    return locked


# --- batch scans and merges ---------------------------------------------------------------------


@transaction.atomic
def do_scan_duplicates(
    *, actor: Actor | None, threshold: float = DEFAULT_THRESHOLD
) -> DuplicateScan:
    """Checks every person against all others; stores the suspected pairs for review.

    ``actor=None`` is the system (a scheduled run); otherwise a national administrator.
    """
    if actor is not None and not can_merge_persons(actor):
        raise ValidationError(_("Your role cannot run duplicate scans."))
    scan = DuplicateScan.objects.create(
        started_by=actor.user if actor is not None else None, threshold=threshold
    )
    # One pass, blocked on the stored match keys (people/batch.py), not a check per person.
    checked, pairs = scan_pairs(threshold=threshold)
    seen: dict[tuple[int, int], SuspectedDuplicate] = {
        (pair.person_a, pair.person_b): SuspectedDuplicate(
            scan=scan,
            person_a_id=pair.person_a,
            person_b_id=pair.person_b,
            score=pair.score,
            reasons=list(pair.reasons),
        )
        for pair in pairs
    }
    SuspectedDuplicate.objects.bulk_create(seen.values(), batch_size=500)
    # A pair an administrator already judged "not the same person" stays judged.
    dismissed = set(
        SuspectedDuplicate.objects.filter(status=SuspectedDuplicate.Status.DISMISSED)
        .exclude(scan=scan)
        .values_list("person_a_id", "person_b_id")
    )
    if dismissed:
        for pair in scan.pairs.all():
            if (pair.person_a_id, pair.person_b_id) in dismissed:
                pair.status = SuspectedDuplicate.Status.DISMISSED
                pair.save(update_fields=["status"])
    scan.persons_checked = checked
    scan.pairs_found = len(seen)
    scan.finished_at = timezone.now()
    scan.save(update_fields=["persons_checked", "pairs_found", "finished_at"])
    record(
        "person.duplicate_scan",
        actor=actor,
        obj=scan,
        purpose=PURPOSE,
        data={"persons_checked": checked, "pairs_found": len(seen), "threshold": threshold},
    )
    return scan


@transaction.atomic
def do_dismiss_suspected_duplicate(*, actor: Actor, pair: SuspectedDuplicate) -> SuspectedDuplicate:
    """An administrator judges a suspected pair to be two different persons."""
    if not can_merge_persons(actor):
        raise ValidationError(_("Your role cannot review duplicates."))
    locked = SuspectedDuplicate.objects.select_for_update().get(pk=pair.pk)
    if locked.status != SuspectedDuplicate.Status.OPEN:
        raise ConflictError(_("This pair has already been reviewed."))
    locked.status = SuspectedDuplicate.Status.DISMISSED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        "person.duplicate_dismissed",
        actor=actor,
        obj=locked,
        purpose=PURPOSE,
        data={"person_a": locked.person_a.reference, "person_b": locked.person_b.reference},
    )
    return locked


def _lock_persons(*ids: int) -> dict[int, Person]:
    # Always in id order, so that two merges of overlapping pairs cannot deadlock.
    return {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


@transaction.atomic
def do_merge_persons(
    *, actor: Actor, survivor: Person, merged: Person, reason: str = ""
) -> PersonMerge:
    """Moves every case of ``merged`` to ``survivor`` and keeps ``merged`` as a tombstone.

    Reversible: the merge record keeps which cases moved (do_unmerge_persons).
    """
    if not can_merge_persons(actor):
        raise ValidationError(_("Your role cannot merge persons."))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if survivor.pk == merged.pk:
        errors.setdefault("merged", []).append(_("A person cannot be merged with itself."))
    if len(reason) > MAX_REASON_LENGTH:
        errors.setdefault("reason", []).append(
            _("The reason can have at most %(n)d characters.") % {"n": MAX_REASON_LENGTH}
        )
    if errors:
        raise ValidationError(errors)
    locked = _lock_persons(survivor.pk, merged.pk)
    keep, gone = locked[survivor.pk], locked[merged.pk]
    if keep.merged_into_id or gone.merged_into_id:
        raise ConflictError(
            _("One of these persons has already been merged into another. Reload the page.")
        )
    cases = case_records().lock_cases(person_id=gone.pk)
    case_ids = [c.pk for c in cases]
    # The cases app moves its own rows (and bumps their version, so that an edit opened on the
    # old person fails instead of writing the merged person's identity over the survivor's).
    case_records().move_cases(case_ids, keep)
    gone.merged_into = keep
    gone.save(update_fields=["merged_into", "updated_at"])
    PersonMatchKey.objects.filter(person=gone).delete()
    merge = PersonMerge.objects.create(
        survivor=keep, merged=gone, moved_case_ids=case_ids, reason=reason, merged_by=actor.user
    )
    a, b = sorted((keep.pk, gone.pk))
    SuspectedDuplicate.objects.filter(
        person_a_id=a, person_b_id=b, status=SuspectedDuplicate.Status.OPEN
    ).update(
        status=SuspectedDuplicate.Status.MERGED, decided_by=actor.user, decided_at=timezone.now()
    )
    record(
        "person.merged",
        actor=actor,
        obj=keep,
        purpose=PURPOSE,
        data={
            "merge": merge.pk,
            "survivor": keep.reference,
            "merged": gone.reference,
            "cases_moved": [c.reference for c in cases],
        },
    )
    return merge


@transaction.atomic
def do_unmerge_persons(*, actor: Actor, merge: PersonMerge) -> PersonMerge:
    """Undoes a merge: the tombstone becomes a person again and gets its own cases back."""
    from palermo.people.services import refresh_match_keys

    if not can_merge_persons(actor):
        raise ValidationError(_("Your role cannot unmerge persons."))
    locked_merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if locked_merge.unmerged_at is not None:
        raise ConflictError(_("This merge has already been undone."))
    locked = _lock_persons(locked_merge.survivor_id, locked_merge.merged_id)
    keep, gone = locked[locked_merge.survivor_id], locked[locked_merge.merged_id]
    if keep.merged_into_id:
        raise ConflictError(
            _("The kept person has since been merged into another one: undo that merge first.")
        )
    cases = case_records().lock_cases(case_ids=locked_merge.moved_case_ids)
    if any(c.person_id != keep.pk for c in cases):
        raise ConflictError(
            _(
                "Some of the moved cases no longer belong to the kept person: undo later merges first."
            )
        )
    case_records().move_cases([c.pk for c in cases], gone)
    gone.merged_into = None
    gone.save(update_fields=["merged_into", "updated_at"])
    refresh_match_keys(gone)
    locked_merge.unmerged_by = actor.user
    locked_merge.unmerged_at = timezone.now()
    locked_merge.save(update_fields=["unmerged_by", "unmerged_at"])
    record(
        "person.unmerged",
        actor=actor,
        obj=gone,
        purpose=PURPOSE,
        data={
            "merge": locked_merge.pk,
            "survivor": keep.reference,
            "restored": gone.reference,
            "cases_restored": [c.reference for c in cases],
        },
    )
    return locked_merge


def record_person_comparison(*, actor: Actor, persons: list[Person]) -> None:
    """Audits that an administrator saw the identities of persons side by side."""
    with transaction.atomic():
        record(
            "person.identity_listed",
            actor=actor,
            object_type="people.person",
            purpose="duplicate review",
            data={"persons": [p.reference for p in persons]},
        )

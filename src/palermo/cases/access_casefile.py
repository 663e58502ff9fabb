"""Who reads and writes the working file of a case: notes, attachments, flags, "who looked".

A note or an attachment is identity data: only roles that see identities read them, and each
one says who may (:class:`~palermo.cases.models.Visibility`):

* ``agency``: the agency that wrote it;
* ``national``: that agency and national roles (coordinators, administrators);
* ``shared``: those, the owning agency, and the agencies the case is referred to while the
  referral shares the circumstances and notes (``narrative``) and the person's consent covers
  the sharing — withdrawn consent or a revoked referral hides them at once.

Everything that is not readable answers 404, like an object that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import can_edit_case, cases_for, owns_case, visible_parts
from palermo.cases.models import Case, CaseAttachment, CaseNote, Visibility
from palermo.core.access import deny, get_or_404


def _agency_id(actor: Actor) -> int | None:
    return getattr(actor.agency, "pk", None)


def readable(actor: Actor, case: Case) -> Q:
    """The condition on a case's notes or attachments that this actor may read."""
    if not actor.can(Cap.IDENTITY_VIEW):
        return Q(pk__in=[])
    audience = Q(agency_id=_agency_id(actor)) if actor.agency is not None else Q(pk__in=[])
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        audience |= Q(visibility__in=[Visibility.NATIONAL, Visibility.SHARED])
    elif owns_case(actor, case) or "narrative" in visible_parts(actor, case):
        audience |= Q(visibility=Visibility.SHARED)
    return audience


def notes_for(actor: Actor, case: Case) -> QuerySet[CaseNote]:
    return (
        case.notes.filter(readable(actor, case))
        .select_related("agency", "author", "correction")
        .order_by("-created_at", "-id")
    )


def attachments_for(actor: Actor, case: Case) -> QuerySet[CaseAttachment]:
    return (
        case.attachments.filter(readable(actor, case), erased_at__isnull=True)
        .select_related("agency", "uploaded_by")
        .order_by("-created_at", "-id")
    )


def can_write_to_file(actor: Actor, case: Case) -> bool:
    """Add notes and attachments: the owning agency's case staff (or national editors), and the
    staff of an agency that works on the case through a referral that shares its notes."""
    if actor.agency is None or not actor.can(Cap.IDENTITY_VIEW):
        return False
    if can_edit_case(actor, case):
        return True
    return actor.can(Cap.CASE_EDIT_AGENCY) and "narrative" in visible_parts(actor, case)


def access_note(actor: Actor, case: Case, note_id: object) -> CaseNote:
    return get_or_404(notes_for(actor, case), pk=note_id)


def can_correct_note(actor: Actor, case: Case, note: CaseNote) -> bool:
    """Only the agency that wrote a note corrects it, and only once (a correction can itself be
    corrected)."""
    return (
        can_write_to_file(actor, case)
        and note.agency_id == _agency_id(actor)
        and not hasattr(note, "correction")
    )


def access_attachment(actor: Actor, case: Case, attachment_id: object) -> CaseAttachment:
    return get_or_404(attachments_for(actor, case), pk=attachment_id)


def can_flag_case(actor: Actor, case: Case) -> bool:
    """Set and clear flags: whoever may edit the case (its owning agency, national editors)."""
    return can_edit_case(actor, case)


def can_see_who_looked(actor: Actor) -> bool:
    """The reads of a file are oversight: national roles, and the administrator (who reads the
    audit log) of the agency that owns the case."""
    return actor.can(Cap.CASE_VIEW_NATIONAL) or (
        actor.can(Cap.AUDIT_VIEW) and actor.agency is not None
    )


def access_case_reads(actor: Actor, case_id: object) -> Case:
    """The case whose reads the actor may list, or 404."""
    if actor.can(Cap.CASE_VIEW_NATIONAL):
        return get_or_404(cases_for(actor), pk=case_id)
    if actor.can(Cap.AUDIT_VIEW) and actor.agency is not None:
        return get_or_404(
            Case.objects.select_related("owning_agency").filter(owning_agency=actor.agency),
            pk=case_id,
        )
    raise deny()

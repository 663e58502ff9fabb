"""Who may see which criminal proceedings. Every lookup and list starts here (DESIGN.md rule 2).

* The investigating body's staff (``Cap.PROCEEDINGS_WORK``) see and edit their own agency's
  proceedings in full.
* National roles (``Cap.PROCEEDINGS_VIEW_NATIONAL``) read every proceedings in full.
* An agency that may see a case (it owns it, or an accepted referral shares it) linked to a
  participant is *party* to the proceedings: it gets a reduced view (number, stage, articles and
  the measures, legal assistance and expulsion status of its own persons), never the others.
* Everyone else — a migration officer included — gets 404, exactly like "not found". Migration
  officers learn the expulsion status through :mod:`palermo.justice.expulsion` only.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.models import Case
from palermo.core.access import deny, get_or_404
from palermo.justice.models import (
    AdministrativeOffence,
    ForeignNationalConsequence,
    Participant,
    Proceedings,
)


class View(StrEnum):
    FULL = "full"
    PARTY = "party"


def _visible_case_ids(actor: Actor) -> QuerySet[Case, int]:
    from palermo.cases.access import cases_for

    return cases_for(actor).values_list("pk", flat=True)


def proceedings_for(actor: Actor) -> QuerySet[Proceedings]:
    """The proceedings this actor may see at all (fully or as a party)."""
    base = Proceedings.objects.select_related("investigating_agency")
    if actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL):
        return base.all()
    if actor.agency is None:
        return base.none()
    scope = Q(pk__in=[])
    if actor.can(Cap.PROCEEDINGS_WORK):
        scope |= Q(investigating_agency=actor.agency)
    if actor.can(Cap.CASE_VIEW_AGENCY):
        party = Participant.objects.filter(
            case__isnull=False, case_id__in=_visible_case_ids(actor)
        ).values("proceedings_id")
        scope |= Q(pk__in=party)
    return base.filter(scope).distinct()


def works_on_proceedings(actor: Actor) -> QuerySet[Proceedings]:
    """The proceedings the actor's agency conducts (see :func:`works_on`)."""
    if not actor.can(Cap.PROCEEDINGS_WORK) or actor.agency is None:
        return Proceedings.objects.none()
    return Proceedings.objects.filter(investigating_agency=actor.agency)


def works_on(actor: Actor, proceedings: Proceedings) -> bool:
    """The investigating body's staff: they create and change the proceedings."""
    return (
        actor.can(Cap.PROCEEDINGS_WORK)
        and actor.agency is not None
        and proceedings.investigating_agency_id == actor.agency.pk
    )


def view_level(actor: Actor, proceedings: Proceedings) -> View:
    """FULL for the investigating body and national roles, PARTY otherwise (the caller has
    already checked that the actor may see the proceedings at all)."""
    if actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL) or works_on(actor, proceedings):
        return View.FULL
    return View.PARTY


def visible_participants(actor: Actor, proceedings: Proceedings) -> QuerySet[Participant]:
    """Every participant for the full view; for a party only those linked to its visible cases."""
    qs = proceedings.participants.select_related("person", "case", "case__owning_agency")
    if view_level(actor, proceedings) is View.FULL:
        return qs.all()
    if not actor.can(Cap.CASE_VIEW_AGENCY):
        return qs.none()
    return qs.filter(case__isnull=False, case_id__in=_visible_case_ids(actor))


def access_proceedings(actor: Actor, pk: object, *, write: bool = False) -> Proceedings:
    """The proceedings, or Http404 — for "does not exist" and "not yours" alike.

    ``write=True`` requires the investigating body (``Cap.PROCEEDINGS_WORK`` in the agency that
    conducts them)."""
    proceedings = get_or_404(proceedings_for(actor), pk=pk)
    if write and not works_on(actor, proceedings):
        raise deny()
    return proceedings


def access_participant(actor: Actor, pk: object, *, write: bool = False) -> Participant:
    """A participant the actor may see (see :func:`visible_participants`), or Http404."""
    participant = get_or_404(
        Participant.objects.select_related("proceedings", "person", "case"), pk=pk
    )
    proceedings = get_or_404(proceedings_for(actor), pk=participant.proceedings_id)
    if not visible_participants(actor, proceedings).filter(pk=participant.pk).exists():
        raise deny()
    if write and not works_on(actor, proceedings):
        raise deny()
    return participant


def identity_shown(actor: Actor, proceedings: Proceedings, participant: Participant) -> bool:
    """Names of a participant: the full view with the identity capability; a party only where
    its case's referral and the person's consent share the identity."""
    from palermo.cases.access import identity_visible

    if not actor.can(Cap.IDENTITY_VIEW):
        return False
    if participant.case is None:
        # A person entered in the proceedings themselves: the investigating body knows them.
        return view_level(actor, proceedings) is View.FULL
    # A victim of a case: names only where the case shares them (a case linked through a
    # referral that is not yet accepted, or without consent, shows its reference number only).
    return identity_visible(actor, participant.case)


def linkable_cases(actor: Actor) -> QuerySet[Case]:
    """The cases whose person the actor may link to proceedings its agency conducts.

    The investigating body links the victims of the cases it may see (its own, those referred
    to it and accepted with the person's consent, every case for national roles) and of every
    case referred to it while that referral is open (sent or accepted): referring a case to the
    investigating body reports the crime, and taking the victim into the proceedings is that
    body's duty whatever the person's consent to sharing. Linking shows nothing more of the
    case: its names appear only where the case shares them (:func:`identity_shown`).
    """
    from palermo.cases.access import cases_for
    from palermo.referrals.access import open_referral_case_ids

    if not actor.can(Cap.PROCEEDINGS_WORK) or actor.agency is None:
        return Case.objects.none()
    return Case.objects.filter(
        Q(pk__in=cases_for(actor).values("pk")) | Q(pk__in=open_referral_case_ids(actor.agency))
    ).select_related("person")


# --- liability: Art. 30 consequences and administrative offences ---------------------------------


def consequences_for(actor: Actor) -> QuerySet[ForeignNationalConsequence]:
    """Art. 30 decisions in full (names included): those the actor's agency recorded, or all for
    national roles. Migration officers of other agencies learn them through the expulsion check
    only (:mod:`palermo.justice.services.expulsion`)."""
    base = ForeignNationalConsequence.objects.select_related("agency")
    if actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL):
        return base.all()
    if actor.can(Cap.FOREIGN_NATIONAL_RECORD) and actor.agency is not None:
        return base.filter(agency=actor.agency)
    return base.none()


def can_see_consequences(actor: Actor) -> bool:
    return actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL) or (
        actor.can(Cap.FOREIGN_NATIONAL_RECORD) and actor.agency is not None
    )


def access_consequence(actor: Actor, pk: object) -> ForeignNationalConsequence:
    return get_or_404(consequences_for(actor), pk=pk)


def offences_for(actor: Actor) -> QuerySet[AdministrativeOffence]:
    """Administrative offences in full: those the actor's agency recorded, or all for national
    roles. Analysts see them only as counts (the statistics)."""
    base = AdministrativeOffence.objects.select_related("agency")
    if actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL):
        return base.all()
    if actor.can(Cap.OFFENCE_RECORD) and actor.agency is not None:
        return base.filter(agency=actor.agency)
    return base.none()


def can_see_offences(actor: Actor) -> bool:
    return actor.can(Cap.PROCEEDINGS_VIEW_NATIONAL) or (
        actor.can(Cap.OFFENCE_RECORD) and actor.agency is not None
    )


def access_offence(actor: Actor, pk: object) -> AdministrativeOffence:
    return get_or_404(offences_for(actor), pk=pk)

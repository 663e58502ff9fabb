"""Who may see and do what with shelters (DESIGN.md rules 2 and 3: need to know).

* **Facilities.** National coordinators (``shelter.view_national``) see every facility with its
  address and occupancy. The operator agency's staff see their own facilities with the address;
  its shelter managers (``shelter.manage``) manage them. Everyone else who refers cases (case
  workers, CT officers, investigators, the hotline) sees the open facilities' name, region,
  groups admitted and free places — never the address or the guard details.
* **Admissions.** The operator's staff see the admissions of their facilities; the agency that
  owns a case sees its case's admissions (and refusals); national coordinators see all.
* **Identity.** A resident's real name is shown only to users who may see the case's identity
  *and* are on the case: the owning agency, national roles, and the shelter managers who decide
  admissions. Every other member of staff (medical, care, security) sees the alias (seed 004
  §34: complete confidentiality of victims to the personnel).
* **Occupancy figures.** National coordinators and analysts for every facility, shelter managers
  for their own.

Every lookup raises Http404 for "no access", exactly like "not found".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.cases.access import identity_visible, owns_case
from palermo.core.access import deny, get_or_404
from palermo.jurisdictions.pack import get_pack
from palermo.shelters.models import Admission, Facility


def _agency_id(actor: Actor) -> int | None:
    return actor.agency.pk if actor.agency is not None else None


def is_national(actor: Actor) -> bool:
    return actor.can(Cap.SHELTER_VIEW_NATIONAL)


def refers_cases(actor: Actor) -> bool:
    """People who choose where to refer: they see the directory of open facilities."""
    return actor.agency is not None and actor.can_any(
        Cap.REFERRAL_WORK, Cap.CASE_VIEW_AGENCY, Cap.SHELTER_MANAGE
    )


# --- facilities --------------------------------------------------------------------------------


def facilities_for(actor: Actor) -> QuerySet[Facility]:
    base = Facility.objects.select_related("operator")
    if is_national(actor):
        return base.all()
    if actor.agency is None:
        return base.none()
    scope = Q(operator=actor.agency)
    if refers_cases(actor):
        scope |= Q(is_active=True)
    return base.filter(scope)


def is_operator_staff(actor: Actor, facility: Facility) -> bool:
    return facility.operator_id == _agency_id(actor)


def can_see_address(actor: Actor, facility: Facility) -> bool:
    """The address and guard details: the operator's staff and national coordinators only."""
    return is_national(actor) or is_operator_staff(actor, facility)


def can_see_residents(actor: Actor, facility: Facility) -> bool:
    return is_national(actor) or is_operator_staff(actor, facility)


def can_manage_facility(actor: Actor, facility: Facility) -> bool:
    return actor.can(Cap.SHELTER_MANAGE) and is_operator_staff(actor, facility)


def can_create_facility(actor: Actor) -> bool:
    """A shelter manager of an agency whose kind the pack lets operate a facility."""
    rules = get_pack().shelters
    return (
        actor.can(Cap.SHELTER_MANAGE)
        and actor.agency is not None
        and rules is not None
        and rules.may_operate(actor.agency.kind)
    )


def access_facility(actor: Actor, facility_id: object, *, write: bool = False) -> Facility:
    """The facility, or Http404. ``write``: to edit it or admit to it."""
    facility = get_or_404(facilities_for(actor), pk=facility_id)
    if write and not can_manage_facility(actor, facility):
        raise deny()
    return facility


# --- admissions --------------------------------------------------------------------------------


def admissions_for(actor: Actor) -> QuerySet[Admission]:
    base = Admission.objects.select_related(
        "facility", "facility__operator", "case", "case__person", "case__owning_agency"
    )
    if is_national(actor):
        return base.all()
    if actor.agency is None:
        return base.none()
    scope = Q(facility__operator=actor.agency)
    if actor.can(Cap.CASE_VIEW_AGENCY):
        scope |= Q(case__owning_agency=actor.agency)
    return base.filter(scope)


def can_manage_admission(actor: Actor, admission: Admission) -> bool:
    return can_manage_facility(actor, admission.facility)


def access_admission(actor: Actor, admission_id: object, *, write: bool = False) -> Admission:
    """The admission, or Http404. ``write``: discharge, transfer, place or remove from the
    waiting list — the operator's shelter managers."""
    admission = get_or_404(admissions_for(actor), pk=admission_id)
    if write and not can_manage_admission(actor, admission):
        raise deny()
    return admission


def shows_identity(actor: Actor, admission: Admission) -> bool:
    """Whether the resident's real name is shown rather than the alias (see the module doc)."""
    case = admission.case
    if not identity_visible(actor, case):
        return False
    return owns_case(actor, case) or can_manage_admission(actor, admission)


# --- occupancy ----------------------------------------------------------------------------------


def can_view_occupancy(actor: Actor) -> bool:
    return is_national(actor) or actor.can(Cap.STATS_VIEW) or actor.can(Cap.SHELTER_MANAGE)


def facilities_for_occupancy(actor: Actor) -> QuerySet[Facility]:
    """The facilities counted in this actor's occupancy figures (numbers, no one's identity)."""
    if is_national(actor) or actor.can(Cap.STATS_VIEW):
        return Facility.objects.all()
    if actor.can(Cap.SHELTER_MANAGE) and actor.agency is not None:
        return Facility.objects.filter(operator=actor.agency)
    return Facility.objects.none()


def can_view_directory(actor: Actor) -> bool:
    return (
        is_national(actor)
        or refers_cases(actor)
        or (actor.agency is not None and actor.agency.shelter_facilities.exists())
    )

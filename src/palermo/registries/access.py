"""Who may see which registry entry. Every lookup and list starts here (DESIGN.md rule 2).

The registries are national: registry officers (and the national administrator) manage all of
them. Hotline operators and CT officers read the licence registry and the organisations list;
CT officers read the tourist non-return reports of their agency's region; the ministries that
agree adverts read adverts. Anything else answers 404, exactly like "not found".
"""

from __future__ import annotations

from django.db.models import QuerySet

from palermo.accounts.actor import Actor
from palermo.core.access import deny, get_or_404
from palermo.registries.models import (
    Advert,
    Casting,
    InvolvedOrganisation,
    Licence,
    ReportedTourist,
    StudentNotice,
    TouristReport,
)
from palermo.registries.permissions import (
    ADVERT_REVIEW,
    REGISTRY_NON_RETURN_VIEW,
    can,
    can_manage,
    can_view,
)


def _checked(actor: Actor, obj: object, *, write: bool) -> None:
    if write and not can_manage(actor):
        raise deny()


def licences_for(actor: Actor) -> QuerySet[Licence]:
    if can_view(actor):
        return Licence.objects.all()
    return Licence.objects.none()


def access_licence(actor: Actor, licence_id: object, *, write: bool = False) -> Licence:
    licence = get_or_404(licences_for(actor), pk=licence_id)
    _checked(actor, licence, write=write)
    return licence


def organisations_for(actor: Actor) -> QuerySet[InvolvedOrganisation]:
    if can_view(actor):
        return InvolvedOrganisation.objects.all()
    return InvolvedOrganisation.objects.none()


def access_organisation(
    actor: Actor, organisation_id: object, *, write: bool = False
) -> InvolvedOrganisation:
    organisation = get_or_404(organisations_for(actor), pk=organisation_id)
    _checked(actor, organisation, write=write)
    return organisation


def can_view_tourist_reports(actor: Actor) -> bool:
    return can_manage(actor) or can(actor, REGISTRY_NON_RETURN_VIEW)


def tourist_reports_for(actor: Actor) -> QuerySet[TouristReport]:
    """Registry managers: every report. CT officers: their agency's region (national: all)."""
    if can_manage(actor):
        return TouristReport.objects.all()
    if can(actor, REGISTRY_NON_RETURN_VIEW) and actor.agency is not None:
        if actor.agency.region:
            return TouristReport.objects.filter(region=actor.agency.region)
        return TouristReport.objects.all()
    return TouristReport.objects.none()


def access_tourist_report(actor: Actor, report_id: object, *, write: bool = False) -> TouristReport:
    report = get_or_404(tourist_reports_for(actor), pk=report_id)
    _checked(actor, report, write=write)
    return report


def access_reported_tourist(actor: Actor, tourist_id: object) -> ReportedTourist:
    """A reported person, through the scope of their report (read access)."""
    return get_or_404(
        ReportedTourist.objects.select_related("report").filter(
            report__in=tourist_reports_for(actor)
        ),
        pk=tourist_id,
    )


def can_view_adverts(actor: Actor) -> bool:
    return can_manage(actor) or can(actor, ADVERT_REVIEW)


def adverts_for(actor: Actor) -> QuerySet[Advert]:
    if can_view_adverts(actor):
        return Advert.objects.all()
    return Advert.objects.none()


def access_advert(actor: Actor, advert_id: object, *, write: bool = False) -> Advert:
    advert = get_or_404(adverts_for(actor).prefetch_related("decisions"), pk=advert_id)
    _checked(actor, advert, write=write)
    return advert


def student_notices_for(actor: Actor) -> QuerySet[StudentNotice]:
    if can_manage(actor):
        return StudentNotice.objects.all()
    return StudentNotice.objects.none()


def access_student_notice(actor: Actor, notice_id: object, *, write: bool = False) -> StudentNotice:
    notice = get_or_404(student_notices_for(actor), pk=notice_id)
    _checked(actor, notice, write=write)
    return notice


def castings_for(actor: Actor) -> QuerySet[Casting]:
    """Castings (Art. 15 p.1-2): whoever reads the registries; organisers are public data."""
    if can_view(actor):
        return Casting.objects.all()
    return Casting.objects.none()


def access_casting(actor: Actor, casting_id: object, *, write: bool = False) -> Casting:
    casting = get_or_404(castings_for(actor).prefetch_related("checks__agency"), pk=casting_id)
    _checked(actor, casting, write=write)
    return casting


def may_export(actor: Actor, registry: str) -> bool:
    if registry in ("licences", "organisations"):
        return can_view(actor)
    if registry == "tourist_reports":
        return can_view_tourist_reports(actor)
    if registry == "adverts":
        return can_view_adverts(actor)
    return can_manage(actor)

"""The service directory: which agency offers which services in which regions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.models import Agency
from palermo.core.audit import record
from palermo.jurisdictions.pack import get_pack
from palermo.referrals.access import can_manage_offerings
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.models import ServiceOffering, ServiceOfferingRegion
from palermo.referrals.services._common import ErrorList, check_version


@dataclass
class OfferingInput:
    service_type: str = ""
    regions: list[str] = field(default_factory=list)  # empty: the whole country
    notes: str = ""
    is_active: bool = True


def validate_offering(data: OfferingInput, errors: ErrorList) -> OfferingInput:
    if get_catalogue().get(data.service_type) is None:
        errors.add("service_type", _("Choose a service from the list."))
    known = {r.code for r in get_pack().regions}
    regions = sorted(set(data.regions))
    unknown = [r for r in regions if r not in known]
    if unknown:
        errors.add(
            "regions",
            _("Not a region of this jurisdiction: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    notes = errors.text("notes", data.notes, limit=2000)
    return OfferingInput(
        service_type=data.service_type, regions=regions, notes=notes, is_active=data.is_active
    )


def _set_regions(offering: ServiceOffering, regions: list[str]) -> bool:
    current = set(offering.region_rows.values_list("region", flat=True))
    wanted = set(regions)
    if current == wanted:
        return False
    offering.region_rows.filter(region__in=current - wanted).delete()
    ServiceOfferingRegion.objects.bulk_create(
        [ServiceOfferingRegion(offering=offering, region=r) for r in sorted(wanted - current)]
    )
    return True


@transaction.atomic
def do_create_offering(
    *, actor: Actor | None, agency: Agency, data: OfferingInput
) -> ServiceOffering:
    """Adds a service to an agency's directory entry (actor None: the system, e.g. demo data)."""
    if actor is not None and not can_manage_offerings(actor, agency):
        raise ValidationError(_("You cannot manage this agency's services."))
    errors = ErrorList()
    data = validate_offering(data, errors)
    if not agency.is_active:
        errors.add("agency", _("This agency is no longer active."))
    if ServiceOffering.objects.filter(agency=agency, service_type=data.service_type).exists():
        errors.add(
            "service_type",
            _("This agency already lists this service; edit that entry instead."),
        )
    errors.raise_if_any()
    offering = ServiceOffering.objects.create(
        agency=agency,
        service_type=data.service_type,
        national=not data.regions,
        notes=data.notes,
        is_active=data.is_active,
    )
    _set_regions(offering, data.regions)
    record(
        "service_offering.created",
        actor=actor,
        obj=offering,
        purpose="service directory",
        data={
            "agency": agency.pk,
            "service_type": data.service_type,
            "regions": data.regions,
            "active": data.is_active,
        },
    )
    return offering


@transaction.atomic
def do_update_offering(
    *,
    actor: Actor | None,
    offering: ServiceOffering,
    data: OfferingInput,
    expected_version: int | None = None,
) -> ServiceOffering:
    """Changes the regions, notes or active flag of an offering (its service type is fixed)."""
    if actor is not None and not can_manage_offerings(actor, offering.agency_id):
        raise ValidationError(_("You cannot manage this agency's services."))
    errors = ErrorList()
    data = validate_offering(data, errors)
    if data.service_type != offering.service_type:
        errors.add(
            "service_type",
            _("The service of an entry cannot change; add a new entry for another service."),
        )
    errors.raise_if_any()
    locked = ServiceOffering.objects.select_for_update().get(pk=offering.pk)
    check_version(locked.version, expected_version)
    changed = [
        name
        for name, new in (("notes", data.notes), ("is_active", data.is_active))
        if getattr(locked, name) != new
    ]
    for name in changed:
        setattr(locked, name, getattr(data, name))
    if _set_regions(locked, data.regions):
        changed.append("regions")
        locked.national = not data.regions
    if changed:
        locked.version += 1
        locked.save()
        record(
            "service_offering.updated",
            actor=actor,
            obj=locked,
            purpose="service directory",
            data={
                "fields": changed,
                "agency": locked.agency_id,
                "service_type": locked.service_type,
                "regions": data.regions,
                "active": locked.is_active,
            },
        )
    return locked

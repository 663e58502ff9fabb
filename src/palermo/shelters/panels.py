"""The shelters app's panel on the agency dashboard (see palermo.core.panels)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.accounts.roles import Cap
from palermo.core.panels import register_panel
from palermo.shelters.models import Admission, Facility
from palermo.shelters.queries import places_by_facility
from palermo.shelters.vocab import AdmissionStatus


@dataclass(frozen=True)
class FacilityLoad:
    facility: Facility
    capacity: int
    occupied: int
    waiting: int


@register_panel("shelters.occupancy", template="shelters/_panel_occupancy.html", order=25)
def occupancy_panel(actor: Actor) -> dict[str, Any] | None:
    """The operator's own facilities: places taken and free, people on the waiting list."""
    if not actor.can(Cap.SHELTER_MANAGE) or actor.agency is None:
        return None
    facilities = list(Facility.objects.filter(operator=actor.agency).order_by("name", "id"))
    places = places_by_facility(facilities)
    waiting = dict(
        Admission.objects.filter(facility__in=facilities, status=AdmissionStatus.WAITING)
        .values_list("facility_id")
        .annotate(n=Count("id"))
    )
    loads = [
        FacilityLoad(
            facility=f,
            capacity=sum(row.capacity for row in places[f.pk]),
            occupied=sum(row.occupied for row in places[f.pk]),
            waiting=waiting.get(f.pk, 0),
        )
        for f in facilities
    ]
    capacity = sum(load.capacity for load in loads)
    occupied = sum(load.occupied for load in loads)
    return {
        "facility_loads": loads,
        "occupancy_chart": [
            (_("Places taken"), occupied),
            (_("Places free"), max(capacity - occupied, 0)),
            (_("On the waiting list"), sum(load.waiting for load in loads)),
        ],
    }

"""Read-side helpers: free places per facility, the waiting list, occupancy per month.

Occupancy counts stays (admission to discharge) — plain dates and place kinds, no identities.
A bed-day is a night spent: the day of admission counts, the day of discharge does not.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When

from palermo.accounts.actor import Actor
from palermo.jurisdictions.pack import get_pack
from palermo.shelters.access import facilities_for
from palermo.shelters.models import Admission, Facility, FacilityPlaces
from palermo.shelters.rules import Facts, decide, place_fits, shelter_rules
from palermo.shelters.services import place_kind_name
from palermo.shelters.vocab import AdmissionStatus, Priority


@dataclass
class PlaceRow:
    kind: str
    name: str
    capacity: int
    occupied: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.occupied, 0)


def places_by_facility(facilities: Iterable[Facility]) -> dict[int, list[PlaceRow]]:
    """Per facility id: its kinds of places (those with places) with capacity and residents."""
    ids = [f.pk for f in facilities]
    occupied: dict[tuple[int, str], int] = {}
    for facility_id, kind in Admission.objects.filter(
        facility_id__in=ids, status=AdmissionStatus.RESIDENT
    ).values_list("facility_id", "place_kind"):
        occupied[(facility_id, kind)] = occupied.get((facility_id, kind), 0) + 1
    result: dict[int, list[PlaceRow]] = {pk: [] for pk in ids}
    for row in FacilityPlaces.objects.filter(facility_id__in=ids, capacity__gt=0):
        result[row.facility_id].append(
            PlaceRow(
                row.kind,
                place_kind_name(row.kind),
                row.capacity,
                occupied.get((row.facility_id, row.kind), 0),
            )
        )
    return result


def residents_of(facility: Facility) -> QuerySet[Admission]:
    return (
        facility.admissions.filter(status=AdmissionStatus.RESIDENT)
        .select_related("case", "case__person", "case__owning_agency", "facility")
        .order_by("admitted_on", "id")
    )


def waiting_list_of(facility: Facility) -> QuerySet[Admission]:
    """By priority (urgent first), then by how long the person has waited."""
    return (
        facility.admissions.filter(status=AdmissionStatus.WAITING)
        .select_related("case", "case__person", "case__owning_agency", "facility")
        .annotate(
            rank=When_(
                When(priority=Priority.URGENT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "waiting_since", "id")
    )


def region_name(code: str) -> str:
    region = get_pack().region(code) if code else None
    return region.name() if region else (code or "—")


# --- occupancy ----------------------------------------------------------------------------------


@dataclass
class Month:
    admissions: int = 0
    discharges: int = 0
    residents: int = 0
    bed_days: int = 0
    place_days: int = 0  # places × days of the month passed

    @property
    def rate(self) -> int | None:
        """Occupancy in per cent of the places available."""
        return round(100 * self.bed_days / self.place_days) if self.place_days else None

    def add(self, other: Month) -> None:
        self.admissions += other.admissions
        self.discharges += other.discharges
        self.residents += other.residents
        self.bed_days += other.bed_days
        self.place_days += other.place_days


@dataclass
class OccupancyRow:
    label: str
    region: str
    capacity: int
    months: list[Month | None] = field(default_factory=list)  # None: a month still to come

    def total(self) -> Month:
        total = Month()
        for month in self.months:
            if month is not None:
                total.add(month)
        # A person staying over several months is one resident of the year.
        total.residents = 0
        return total


@dataclass
class OccupancyReport:
    year: int
    facilities: list[OccupancyRow]
    regions: list[OccupancyRow]
    national: OccupancyRow


def _month_bounds(year: int, month: int, today: date) -> tuple[date, date] | None:
    start = date(year, month, 1)
    if start > today:
        return None
    end = date(year, month, calendar.monthrange(year, month)[1])
    return start, min(end, today)


def _facility_months(
    stays: list[tuple[date, date | None]], capacity: int, year: int, today: date
) -> list[Month | None]:
    months: list[Month | None] = []
    for number in range(1, 13):
        bounds = _month_bounds(year, number, today)
        if bounds is None:
            months.append(None)
            continue
        start, end = bounds
        month = Month(place_days=capacity * ((end - start).days + 1))
        for admitted, discharged in stays:
            last_night = (discharged - timedelta(days=1)) if discharged else end
            if admitted <= end and (discharged is None or discharged >= start):
                month.residents += 1
            if start <= admitted <= end:
                month.admissions += 1
            if discharged and start <= discharged <= end:
                month.discharges += 1
            first, last = max(admitted, start), min(last_night, end)
            if last >= first:
                month.bed_days += (last - first).days + 1
        months.append(month)
    return months


def occupancy(facilities: QuerySet[Facility], year: int, today: date) -> OccupancyReport:
    """Admissions, discharges, residents, bed-days and occupancy per facility and per region,
    per month of ``year``. Capacity is today's number of places."""
    facility_list = list(facilities.order_by("region", "name", "id"))
    capacities: dict[int, int] = {f.pk: 0 for f in facility_list}
    for row in FacilityPlaces.objects.filter(facility__in=facility_list):
        capacities[row.facility_id] += row.capacity
    stays: dict[int, list[tuple[date, date | None]]] = {f.pk: [] for f in facility_list}
    for facility_id, admitted, discharged in Admission.objects.filter(
        facility__in=facility_list,
        admitted_on__isnull=False,
        admitted_on__lte=date(year, 12, 31),
        status__in=(
            AdmissionStatus.RESIDENT,
            AdmissionStatus.DISCHARGED,
            AdmissionStatus.TRANSFERRED,
        ),
    ).values_list("facility_id", "admitted_on", "discharged_on"):
        if admitted is not None and (discharged is None or discharged >= date(year, 1, 1)):
            stays[facility_id].append((admitted, discharged))
    rows = [
        OccupancyRow(
            f.name,
            f.region,
            capacities[f.pk],
            _facility_months(stays[f.pk], capacities[f.pk], year, today),
        )
        for f in facility_list
    ]

    def combine(label: str, region: str, parts: list[OccupancyRow]) -> OccupancyRow:
        months: list[Month | None] = []
        for index in range(12):
            if _month_bounds(year, index + 1, today) is None:
                months.append(None)
                continue
            month = Month()
            for part in parts:
                if (found := part.months[index]) is not None:
                    month.add(found)
            months.append(month)
        return OccupancyRow(label, region, sum(p.capacity for p in parts), months)

    regions = []
    for code in sorted({row.region for row in rows}):
        regions.append(combine(region_name(code), code, [r for r in rows if r.region == code]))
    national = combine(get_pack().name(), "", rows)
    return OccupancyReport(year=year, facilities=rows, regions=regions, national=national)


def placement_suggestions(actor: Actor, admission: Admission) -> list[dict[str, Any]]:
    """Other open facilities that would admit the person and have a fitting free place."""
    rules = shelter_rules()
    if rules is None:
        return []
    facts = Facts.from_json(admission.facts)
    others = [
        f for f in facilities_for(actor).filter(is_active=True) if f.pk != admission.facility_id
    ]
    places = places_by_facility(others)
    found = []
    for facility in others:
        decision = decide(
            rules,
            facts,
            facility_region=facility.region,
            admitted_groups=list(facility.admitted_groups),
            guardian_named=bool(admission.guardian_name),
        )
        if not decision.admitted:
            continue
        fitting = [
            p
            for p in places[facility.pk]
            if p.free and place_fits(rules, p.kind, facts, facility.region)
        ]
        if fitting:
            found.append(
                {"facility": facility, "region": region_name(facility.region), "places": fitting}
            )
    return found

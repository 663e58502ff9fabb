"""Shelters and assisted voluntary returns: admissions, refusals by the pack's §34 point, bed-days
(seed 004 §34, Law No. 350-Z Art. 21) and returns by country (seed 004 §60).

Region narrows by the facility's region (shelters) or the case's region (returns); the kind of
agency by the facility's operator or the agency that organised the return. These tables count
admissions, refusals, nights and returns, not persons; the definitions say so.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from palermo.jurisdictions.pack import get_pack
from palermo.referrals.models import AssistedReturn
from palermo.referrals.vocab import AvrStatus
from palermo.shelters.models import Admission
from palermo.shelters.vocab import Outcome
from palermo.stats.figures.labels import UNKNOWN
from palermo.stats.figures.persons import Filters
from palermo.stats.figures.tables import FigureTable

GROUP_NOT_ADMITTED = "group_not_admitted"


def _regions() -> list[str]:
    return [r.code for r in get_pack().regions] + [UNKNOWN]


def _place_kinds() -> list[str]:
    rules = get_pack().shelters
    return [k.code for k in rules.place_kinds] if rules else []


def _grid_table(
    key: str, counts: Counter[tuple[str, str]], *, contributors: Counter[tuple[str, str]] | None
) -> FigureTable:
    regions = _regions()
    kinds = _place_kinds()
    kinds += sorted({kind for _region, kind in counts if kind not in kinds})
    return FigureTable(
        key=key,
        row_dimension="region",
        rows=regions,
        column_dimension="place_kind",
        columns=kinds,
        cells=[[counts.get((r, k), 0) for k in kinds] for r in regions],
        contributors=(
            None
            if contributors is None
            else [[contributors.get((r, k), 0) for k in kinds] for r in regions]
        ),
    )


def _stays(filters: Filters):  # type: ignore[no-untyped-def]
    stays = Admission.objects.filter(outcome=Outcome.ADMIT, admitted_on__isnull=False)
    if filters.region:
        stays = stays.filter(facility__region=filters.region)
    if filters.agency_kind:
        stays = stays.filter(facility__operator__kind=filters.agency_kind)
    return stays


def shelter_tables(filters: Filters) -> list[FigureTable]:
    return [_admissions(filters), _bed_days(filters), _refusals(filters)]


def _region_code(value: object) -> str:
    return str(value or "") or UNKNOWN


def _admissions(filters: Filters) -> FigureTable:
    start, end = filters.period.start, filters.period.end
    # A transfer moves a resident between facilities: it is not a new admission.
    admitted = _stays(filters).filter(
        admitted_on__gte=start, admitted_on__lte=end, transferred_from__isnull=True
    )
    counts: Counter[tuple[str, str]] = Counter()
    for row in admitted.values("facility__region", "place_kind").annotate(n=Count("pk")).order_by():
        counts[(_region_code(row["facility__region"]), row["place_kind"])] += int(row["n"])
    return _grid_table("shelter_admissions", counts, contributors=None)


def _bed_days(filters: Filters) -> FigureTable:
    """Nights spent in a place within the period: from the later of admission and the period's
    start to the earlier of discharge and the day after the period."""
    start, end = filters.period.start, filters.period.end
    after = end + timedelta(days=1)
    stay_start = Greatest(F("admitted_on"), Value(start), output_field=DateField())
    stay_end = Least(
        Coalesce(F("discharged_on"), Value(after), output_field=DateField()),
        Value(after),
        output_field=DateField(),
    )
    nights = ExpressionWrapper(stay_end - stay_start, output_field=DurationField())
    stays = (
        _stays(filters)
        .filter(admitted_on__lte=end)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=start))
    )
    days: Counter[tuple[str, str]] = Counter()
    residents: Counter[tuple[str, str]] = Counter()
    grouped = (
        stays.values("facility__region", "place_kind")
        .annotate(nights=Sum(nights), n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        cell = (_region_code(row["facility__region"]), row["place_kind"])
        total = row["nights"] or timedelta()
        days[cell] += total.days
        residents[cell] += int(row["n"])
    return _grid_table("shelter_bed_days", days, contributors=residents)


def _refusals(filters: Filters) -> FigureTable:
    """Refusals decided in the period, by the legal basis (the §34 point) of every rule that
    refused; a refusal on several points counts under each."""
    refused = Admission.objects.filter(
        outcome=Outcome.REFUSE,
        decided_at__date__gte=filters.period.start,
        decided_at__date__lte=filters.period.end,
    )
    if filters.region:
        refused = refused.filter(facility__region=filters.region)
    if filters.agency_kind:
        refused = refused.filter(facility__operator__kind=filters.agency_kind)
    rules = get_pack().shelters
    bases_of = (
        {r.code: [b.key for b in r.legal_bases] for r in rules.rules if r.refuses} if rules else {}
    )
    rows: list[str] = []
    for bases in bases_of.values():
        rows += [b for b in bases if b not in rows]
    counts: Counter[str] = Counter()
    total = 0
    for row in refused.values("refused_by").annotate(n=Count("pk")).order_by():
        n = int(row["n"])
        total += n
        codes = row["refused_by"] or []
        points = {b for code in codes for b in bases_of.get(code, [code])}
        for point in points or {GROUP_NOT_ADMITTED}:
            counts[point] += n
    rows += sorted(c for c in counts if c not in rows and c != GROUP_NOT_ADMITTED)
    rows.append(GROUP_NOT_ADMITTED)
    return FigureTable(
        key="shelter_refusals",
        row_dimension="refusal_ground",
        rows=rows,
        column_dimension="count",
        columns=["refusals"],
        cells=[[counts.get(code, 0)] for code in rows],
        counted_column_totals=[total],
        row_totals=False,
    )


def return_tables(filters: Filters) -> list[FigureTable]:
    """Assisted voluntary returns whose departure fell in the period, by country of return."""
    returns = AssistedReturn.objects.filter(
        status=AvrStatus.RETURNED,
        departure_on__gte=filters.period.start,
        departure_on__lte=filters.period.end,
    )
    if filters.region:
        returns = returns.filter(case__region=filters.region)
    if filters.agency_kind:
        returns = returns.filter(agency__kind=filters.agency_kind)
    counts: Counter[str] = Counter()
    for row in returns.values("destination_country").annotate(n=Count("pk")).order_by():
        counts[str(row["destination_country"] or "") or UNKNOWN] += int(row["n"])
    ordered = sorted(counts, key=lambda c: (-counts[c], c))
    return [
        FigureTable(
            key="returns_by_country",
            row_dimension="country",
            rows=ordered,
            column_dimension="count",
            columns=["returns"],
            cells=[[counts[c]] for c in ordered],
            row_totals=False,
        )
    ]

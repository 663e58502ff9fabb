"""The yearly prevention summary for the National Rapporteur: counts and reach, by region and type.

An activity counts in the year it began. ``activities`` counts records, ``items`` sums the number
of items (e.g. 363 publications recorded as one line), ``reach`` sums the people reached. Reach by
audience is not split (an activity may have several audiences): the audience table counts
activities per audience.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from palermo.jurisdictions.pack import get_pack
from palermo.prevention.models import Activity, ActivityAudience
from palermo.prevention.vocab import ActivityType, Audience


@dataclass
class Line:
    code: str
    label: str
    activities: int = 0
    items: int = 0
    reach: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "label": self.label, "activities": self.activities,
                "items": self.items, "reach": self.reach}  # fmt: skip


@dataclass
class PreventionSummary:
    year: int
    total: Line
    by_region: list[Line]
    by_type: list[Line]
    by_audience: list[Line]  # activities per audience (items and reach not split)
    region_by_type: list[tuple[Line, list[Line]]]

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "total": self.total.as_dict(),
            "by_region": [x.as_dict() for x in self.by_region],
            "by_type": [x.as_dict() for x in self.by_type],
            "by_audience": [x.as_dict() for x in self.by_audience],
            "region_by_type": [
                {**region.as_dict(), "by_type": [x.as_dict() for x in cells]}
                for region, cells in self.region_by_type
            ],
        }


def prevention_summary(activities: QuerySet[Activity], year: int) -> PreventionSummary:
    qs = activities.filter(starts_on__year=year)
    regions = [("", _("National"))] + [(r.code, r.name()) for r in get_pack().regions]
    types = list(ActivityType.choices)
    cells: dict[tuple[str, str], Line] = {}
    for row in (
        qs.values("region", "activity_type")
        .annotate(n=Count("id"), items=Sum("items"), reach=Sum("reach"))
        .order_by()
    ):
        cells[(row["region"], row["activity_type"])] = Line(
            row["activity_type"], "", row["n"], row["items"] or 0, row["reach"] or 0
        )

    def total(code: str, label: object, parts: list[Line]) -> Line:
        return Line(code, str(label), sum(p.activities for p in parts),
                    sum(p.items for p in parts), sum(p.reach for p in parts))  # fmt: skip

    region_by_type = []
    by_region = []
    for code, label in regions:
        row_cells = []
        for t, tl in types:
            cell = cells.get((code, t))
            row_cells.append(
                Line(t, str(tl), cell.activities, cell.items, cell.reach)
                if cell
                else Line(t, str(tl))
            )
        line = total(code, label, row_cells)
        by_region.append(line)
        region_by_type.append((line, row_cells))
    by_type = [
        total(t, tl, [cells[(r, t)] for r, _l in regions if (r, t) in cells]) for t, tl in types
    ]
    audience_counts = {
        row["audience"]: row["n"]
        for row in ActivityAudience.objects.filter(activity__in=qs)
        .values("audience")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    }
    by_audience = [Line(a, str(al), audience_counts.get(a, 0)) for a, al in Audience.choices]
    return PreventionSummary(
        year=year,
        total=total("", _("All"), by_region),
        by_region=by_region,
        by_type=by_type,
        by_audience=by_audience,
        region_by_type=region_by_type,
    )

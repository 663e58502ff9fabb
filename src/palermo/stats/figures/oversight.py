"""Registries, the hotline and prevention: licences and their decisions, organisations involved in
trafficking, tourist non-return reports, hotline calls and tips, prevention activities and reach.

These count records of businesses, calls and events, not victims. Region narrows by the region
recorded on the record (the caller's, the activity's, the reporting agency's; the licence and
organisation registers are national and are not narrowed); the kind of agency by the agency that
took the call or organised the activity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models import CharField as CharOutput

from palermo.hotline.models import Call, Tip
from palermo.hotline.vocab import Outcome, TipSource, TipStatus, Topic
from palermo.jurisdictions.pack import get_pack
from palermo.prevention.models import Activity
from palermo.prevention.vocab import ActivityType
from palermo.registries.models import (
    InvolvedOrganisation,
    Licence,
    LicenceStatusChange,
    TouristReport,
)
from palermo.registries.vocab import EXPIRED, LicenceKind, LicenceStatus, OrganisationStage
from palermo.stats.figures.labels import UNKNOWN
from palermo.stats.figures.persons import Filters
from palermo.stats.figures.tables import FigureTable

LICENCE_STATES = [*LicenceStatus.values, EXPIRED]
TIMELINESS = ["on_time", "late"]


def _counts(qs: QuerySet[Any], *columns: str) -> Counter[tuple[str, ...]]:
    counts: Counter[tuple[str, ...]] = Counter()
    for row in qs.values(*columns).annotate(n=Count("pk")).order_by():
        counts[tuple(str(row[c] or "") or UNKNOWN for c in columns)] += int(row["n"])
    return counts


def _cross(
    key: str,
    dims: tuple[str, str],
    rows: Iterable[str],
    columns: list[str],
    counts: Counter[tuple[str, ...]],
) -> FigureTable:
    ordered = list(rows)
    ordered += sorted({r for r, _c in counts if r not in ordered})
    return FigureTable(
        key=key,
        row_dimension=dims[0],
        rows=ordered,
        column_dimension=dims[1],
        columns=columns,
        cells=[[counts.get((r, c), 0) for c in columns] for r in ordered],
    )


def _column(
    key: str, dimension: str, column: str, rows: Iterable[str], counts: Counter[str]
) -> FigureTable:
    ordered = list(rows)
    ordered += sorted(c for c in counts if c not in ordered)
    return FigureTable(
        key=key,
        row_dimension=dimension,
        rows=ordered,
        column_dimension="count",
        columns=[column],
        cells=[[counts.get(code, 0)] for code in ordered],
        row_totals=False,
    )


def registry_tables(filters: Filters) -> list[FigureTable]:
    start, end = filters.period.start, filters.period.end
    # The licences in force at any time up to the period's end, by their state: a licence whose
    # validity ended before the end of the period counts as expired.
    licences = Licence.objects.filter(issued_on__lte=end).annotate(
        state=Case(
            When(Q(valid_until__lt=end) & ~Q(status=LicenceStatus.REVOKED), then=Value(EXPIRED)),
            default=F("status"),
            output_field=CharOutput(),
        )
    )
    decisions = LicenceStatusChange.objects.filter(decided_on__gte=start, decided_on__lte=end)
    organisations = InvolvedOrganisation.objects.filter(
        suspended_on__gte=start, suspended_on__lte=end
    )
    reports = TouristReport.objects.filter(reported_on__gte=start, reported_on__lte=end)
    if filters.region:
        reports = reports.filter(region=filters.region)
    reports = reports.annotate(
        timeliness=Case(
            When(late_by_working_days__gt=0, then=Value("late")),
            default=Value("on_time"),
            output_field=CharOutput(),
        )
    )
    regions = [r.code for r in get_pack().regions]
    return [
        _cross(
            "registry_licences",
            ("licence_kind", "licence_state"),
            LicenceKind.values,
            LICENCE_STATES,
            _counts(licences, "kind", "state"),
        ),
        _cross(
            "registry_licence_decisions",
            ("licence_kind", "licence_decision"),
            LicenceKind.values,
            [LicenceStatus.SUSPENDED, LicenceStatus.REVOKED, LicenceStatus.ACTIVE],
            _counts(decisions, "licence__kind", "to_status"),
        ),
        _column(
            "registry_organisations",
            "organisation_stage",
            "organisations",
            OrganisationStage.values,
            Counter({k[0]: n for k, n in _counts(organisations, "stage").items()}),
        ),
        _cross(
            "registry_tourist_reports",
            ("region", "timeliness"),
            regions,
            TIMELINESS,
            _counts(reports, "region", "timeliness"),
        ),
    ]


def hotline_tables(filters: Filters) -> list[FigureTable]:
    start, end = filters.period.start, filters.period.end
    calls = Call.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
    tips = Tip.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
    if filters.region:
        calls = calls.filter(region=filters.region)
        tips = tips.filter(region=filters.region)
    if filters.agency_kind:
        calls = calls.filter(agency__kind=filters.agency_kind)
        tips = tips.filter(call__agency__kind=filters.agency_kind)
    return [
        _cross(
            "hotline_calls",
            ("call_topic", "call_outcome"),
            Topic.values,
            list(Outcome.values),
            _counts(calls, "topic", "outcome"),
        ),
        _cross(
            "hotline_tips",
            ("tip_source", "tip_status"),
            TipSource.values,
            list(TipStatus.values),
            _counts(tips, "source", "status"),
        ),
    ]


def prevention_tables(filters: Filters) -> list[FigureTable]:
    """Activities that began in the period by type; and the people they reached, an amount
    controlled like every amount (docs/statistics.md, "Amounts")."""
    activities = Activity.objects.filter(
        starts_on__gte=filters.period.start, starts_on__lte=filters.period.end
    )
    if filters.region:
        activities = activities.filter(region=filters.region)
    if filters.agency_kind:
        activities = activities.filter(organiser__kind=filters.agency_kind)
    counts: Counter[str] = Counter()
    reach: Counter[str] = Counter()
    grouped = activities.values("activity_type").annotate(n=Count("pk"), reach=Sum("reach"))
    for row in grouped.order_by():
        counts[row["activity_type"]] += int(row["n"])
        reach[row["activity_type"]] += int(row["reach"] or 0)
    types = list(ActivityType.values)
    reached = _column("prevention_reach", "activity_type", "people_reached", types, reach)
    reached.contributors = [[counts.get(t, 0)] for t in reached.rows]
    return [
        _column("prevention_activities", "activity_type", "activities", types, counts),
        reached,
    ]

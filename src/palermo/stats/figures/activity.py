"""The referral mechanism at work: referrals made and answered, services delivered, decisions on
victim status and their time against the deadline. These tables count events (a referral, a
delivery, a decision), not persons; the definitions say so.

Region narrows by the case's region; the kind of agency by the agency that acted (the sender of a
referral, the agency that delivered a service, the deciding body).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import TypeVar

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)

from palermo.cases.models import StatusDecision
from palermo.cases.vocab import DECISION_OUTCOME_CHOICES
from palermo.referrals.catalogue import get_catalogue
from palermo.referrals.models import Referral, ServiceDelivery
from palermo.referrals.vocab import ReferralStatus, SupportType
from palermo.stats.figures.persons import Filters, _one_column
from palermo.stats.figures.tables import FigureTable

M = TypeVar("M", bound=Model)

# Working-day deadlines are in the pack; these buckets only describe how long answers took.
ANSWER_BUCKETS = ("same_day", "1_3_days", "4_10_days", "over_10_days")
TIMELINESS = ["on_time", "late", "no_deadline"]


def _narrow(qs: QuerySet[M], filters: Filters, case: str, agency: str) -> QuerySet[M]:
    if filters.region:
        qs = qs.filter(**{f"{case}region": filters.region})
    if filters.agency_kind:
        qs = qs.filter(**{f"{agency}__kind": filters.agency_kind})
    return qs


def activity_tables(filters: Filters) -> list[FigureTable]:
    start, end = filters.period.start, filters.period.end
    referrals = _narrow(
        Referral.objects.filter(sent_on__gte=start, sent_on__lte=end),
        filters,
        "case__",
        "from_agency",
    )
    return [*_referrals(referrals), _services(filters), _decisions(filters)]


def _referrals(referrals: QuerySet[Referral]) -> list[FigureTable]:
    """Referrals by status, and the answered ones by how long the answer took, from one grouped
    scan: the answer time is bucketed in the database (whole days elapsed, as
    ``timedelta.days`` counts them; no bucket while unanswered)."""
    waited = ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField())
    bucket = Case(
        When(answered_at__isnull=True, then=Value("")),
        When(waited__lt=timedelta(days=1), then=Value("same_day")),
        When(waited__lt=timedelta(days=4), then=Value("1_3_days")),
        When(waited__lt=timedelta(days=11), then=Value("4_10_days")),
        default=Value("over_10_days"),
        output_field=CharField(),
    )
    grouped = (
        referrals.annotate(waited=waited)
        .annotate(bucket=bucket)
        .values("status", "bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    statuses: Counter[str] = Counter()
    answer_times: Counter[str] = Counter()
    for row in grouped:
        statuses[row["status"]] += int(row["n"])
        if row["bucket"]:
            answer_times[row["bucket"]] += int(row["n"])
    return [
        _one_column("referrals_status", "referral_status", statuses, list(ReferralStatus.values)),
        _one_column("referrals_answer_time", "answer_time", answer_times, list(ANSWER_BUCKETS)),
    ]


def _services(filters: Filters) -> FigureTable:
    deliveries = _narrow(
        ServiceDelivery.objects.filter(
            delivered_on__gte=filters.period.start, delivered_on__lte=filters.period.end
        ),
        filters,
        "case__",
        "agency",
    )
    catalogue = get_catalogue()
    counts: Counter[str] = Counter()
    for row in deliveries.values("service_type").annotate(n=Count("pk")).order_by():
        entry = catalogue.get(row["service_type"])
        if entry is not None:
            counts[entry.htcds_type] += row["n"]
    return _one_column("services_by_type", "support_type", counts, list(SupportType.values))


def _decisions(filters: Filters) -> FigureTable:
    decisions = _narrow(
        StatusDecision.objects.filter(
            decided_on__gte=filters.period.start, decided_on__lte=filters.period.end
        ),
        filters,
        "case__",
        "deciding_agency",
    )
    counts: Counter[tuple[str, str]] = Counter()
    grouped = (
        decisions.annotate(
            in_time=Q(due_on__isnull=False) & Q(decided_on__lte=F("due_on")),
        )
        .values("outcome", "in_time", "due_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        timeliness = (
            "no_deadline" if row["due_on"] is None else ("on_time" if row["in_time"] else "late")
        )
        counts[(row["outcome"], timeliness)] += row["n"]
    outcomes = [code for code, _label in DECISION_OUTCOME_CHOICES]
    return FigureTable(
        key="status_decisions",
        row_dimension="decision_outcome",
        rows=outcomes,
        column_dimension="timeliness",
        columns=TIMELINESS,
        cells=[[counts.get((o, t), 0) for t in TIMELINESS] for o in outcomes],
    )

"""Criminal proceedings: proceedings by Criminal Code article and stage, suspects and accused,
legal persons used, protection measures (Law No. 350-Z Art. 18) and suspensions of expulsion
(Art. 22 p.1).

Region narrows by the investigating agency's region, the kind of agency by its kind. Proceedings
opened in the period are counted (a proceeding with several articles counts under each, and the
table says so); measures and suspensions by the day they started.
"""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    Count,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from palermo.jurisdictions.pack import get_pack
from palermo.justice.models import (
    ExpulsionSuspension,
    LegalPerson,
    Proceedings,
    ProceedingsArticle,
    ProtectionMeasure,
    Suspect,
)
from palermo.justice.vocab import LegalPersonKind, MeasureStatus
from palermo.stats.figures.labels import UNKNOWN
from palermo.stats.figures.persons import Filters
from palermo.stats.figures.tables import FigureTable

M = TypeVar("M", bound=Model)
STILL_SUSPENDED = "still_suspended"


def _narrow(qs: QuerySet[M], filters: Filters, proceedings: str) -> QuerySet[M]:
    if filters.region:
        qs = qs.filter(**{f"{proceedings}investigating_agency__region": filters.region})
    if filters.agency_kind:
        qs = qs.filter(**{f"{proceedings}investigating_agency__kind": filters.agency_kind})
    return qs


def _stages() -> list[str]:
    rules = get_pack().justice
    return [s.code for s in rules.stages] if rules else []


def _with_extra(known: list[str], seen: set[str]) -> list[str]:
    return known + sorted(seen - set(known))


def justice_tables(filters: Filters) -> list[FigureTable]:
    start, end = filters.period.start, filters.period.end
    opened = _narrow(
        Proceedings.objects.filter(opened_on__gte=start, opened_on__lte=end), filters, ""
    )
    return [
        _by_article(opened),
        _one_per_stage(
            "justice_suspects",
            "suspects",
            Suspect.objects.filter(proceedings__in=opened.values("pk")),
        ),
        _suspects_per_proceedings(opened),
        _legal_persons(opened),
        _measures(filters),
        _measures_ended(filters),
        _suspensions(filters),
    ]


def _by_article(opened: QuerySet[Proceedings]) -> FigureTable:
    counts: Counter[tuple[str, str]] = Counter()
    articles = ProceedingsArticle.objects.filter(proceedings__in=opened.values("pk"))
    grouped = (
        articles.values("article", "proceedings__stage")
        .annotate(n=Count("proceedings", distinct=True))
        .order_by()
    )
    for row in grouped:
        counts[(row["article"], row["proceedings__stage"])] += int(row["n"])
    by_stage: Counter[str] = Counter()
    for stage_row in opened.values("stage").annotate(n=Count("pk")).order_by():
        by_stage[stage_row["stage"]] += int(stage_row["n"])
    rules = get_pack().justice
    stages = _with_extra(_stages(), set(by_stage))
    rows = _with_extra([a.key for a in rules.articles] if rules else [], {a for a, _s in counts})
    return FigureTable(
        key="justice_proceedings",
        row_dimension="article",
        rows=rows,
        column_dimension="stage",
        columns=stages,
        cells=[[counts.get((a, s), 0) for s in stages] for a in rows],
        counted_column_totals=[by_stage.get(s, 0) for s in stages],
    )


def _one_per_stage(key: str, column: str, qs: QuerySet[Suspect]) -> FigureTable:
    counts: Counter[str] = Counter()
    for row in qs.values("proceedings__stage").annotate(n=Count("pk")).order_by():
        counts[row["proceedings__stage"]] += int(row["n"])
    stages = _with_extra(_stages(), set(counts))
    return FigureTable(
        key=key,
        row_dimension="stage",
        rows=stages,
        column_dimension="count",
        columns=[column],
        cells=[[counts.get(s, 0)] for s in stages],
        row_totals=False,
    )


# How many suspects or accused a proceeding names, in bands: 0 (suspect not yet identified), one
# offender, a pair, a small group, an organised group.
SUSPECT_BANDS = ["none", "one", "two", "three_four", "five_plus"]


def _suspects_per_proceedings(opened: QuerySet[Proceedings]) -> FigureTable:
    """Proceedings opened in the period by how many suspects and accused they name, counted in
    one grouped query (a count per proceeding, then a band)."""
    named = Coalesce(
        Subquery(
            Suspect.objects.filter(proceedings=OuterRef("pk"))
            .order_by()
            .values("proceedings")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )
    band = DbCase(
        When(named_suspects=0, then=Value("none")),
        When(named_suspects=1, then=Value("one")),
        When(named_suspects=2, then=Value("two")),
        When(named_suspects__lte=4, then=Value("three_four")),
        default=Value("five_plus"),
        output_field=CharField(),
    )
    grouped = (
        opened.annotate(named_suspects=named)
        .annotate(band=band)
        .values("band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter[str] = Counter({row["band"]: int(row["n"]) for row in grouped})
    return FigureTable(
        key="justice_suspects_per_proceedings",
        row_dimension="suspect_count",
        rows=SUSPECT_BANDS,
        column_dimension="count",
        columns=["proceedings"],
        cells=[[counts.get(b, 0)] for b in SUSPECT_BANDS],
        row_totals=False,
    )


def _legal_persons(opened: QuerySet[Proceedings]) -> FigureTable:
    counts: Counter[str] = Counter()
    legal = LegalPerson.objects.filter(proceedings__in=opened.values("pk"))
    for row in legal.values("kind").annotate(n=Count("pk")).order_by():
        counts[row["kind"]] += int(row["n"])
    kinds = _with_extra(list(LegalPersonKind.values), set(counts))
    return FigureTable(
        key="justice_legal_persons",
        row_dimension="legal_person_kind",
        rows=kinds,
        column_dimension="count",
        columns=["legal_persons"],
        cells=[[counts.get(k, 0)] for k in kinds],
        row_totals=False,
    )


def _measures(filters: Filters) -> FigureTable:
    measures = _narrow(
        ProtectionMeasure.objects.filter(
            starts_on__gte=filters.period.start, starts_on__lte=filters.period.end
        ),
        filters,
        "participant__proceedings__",
    )
    counts: Counter[tuple[str, str]] = Counter()
    for row in measures.values("kind", "status").annotate(n=Count("pk")).order_by():
        counts[(row["kind"], row["status"])] += int(row["n"])
    rules = get_pack().justice
    kinds = _with_extra([m.code for m in rules.measures] if rules else [], {k for k, _s in counts})
    states = list(MeasureStatus.values)
    return FigureTable(
        key="justice_protection_measures",
        row_dimension="measure",
        rows=kinds,
        column_dimension="measure_status",
        columns=states,
        cells=[[counts.get((k, s), 0) for s in states] for k in kinds],
    )


END_GROUNDS = ["by_decision", "by_rule"]


def _measures_ended(filters: Filters) -> FigureTable:
    """Measures that ended in the period, whenever applied: by a decision, or by a rule of the
    pack (Art. 18 p.2: the victim interfered with the investigation or the trial)."""
    ended = _narrow(
        ProtectionMeasure.objects.filter(
            ended_on__gte=filters.period.start, ended_on__lte=filters.period.end
        ),
        filters,
        "participant__proceedings__",
    )
    counts: Counter[tuple[str, str]] = Counter()
    for row in ended.values("kind", "end_basis").annotate(n=Count("pk")).order_by():
        counts[(row["kind"], "by_rule" if row["end_basis"] else "by_decision")] += int(row["n"])
    rules = get_pack().justice
    kinds = _with_extra([m.code for m in rules.measures] if rules else [], {k for k, _g in counts})
    return FigureTable(
        key="justice_protection_measures_ended",
        row_dimension="measure",
        rows=kinds,
        column_dimension="measure_end",
        columns=END_GROUNDS,
        cells=[[counts.get((k, g), 0) for g in END_GROUNDS] for k in kinds],
    )


def _suspensions(filters: Filters) -> FigureTable:
    suspensions = _narrow(
        ExpulsionSuspension.objects.filter(
            started_on__gte=filters.period.start, started_on__lte=filters.period.end
        ),
        filters,
        "participant__proceedings__",
    )
    counts: Counter[str] = Counter()
    for row in suspensions.values("ended_on", "end_reason").annotate(n=Count("pk")).order_by():
        code = STILL_SUSPENDED if row["ended_on"] is None else (row["end_reason"] or UNKNOWN)
        counts[code] += int(row["n"])
    rows = [STILL_SUSPENDED, *sorted(c for c in counts if c != STILL_SUSPENDED)]
    return FigureTable(
        key="justice_expulsion_suspensions",
        row_dimension="suspension_state",
        rows=rows,
        column_dimension="count",
        columns=["suspensions"],
        cells=[[counts.get(c, 0)] for c in rows],
        row_totals=False,
    )

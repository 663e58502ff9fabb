"""Liability of persons and organisations involved in trafficking (seed 000 §3.2): decisions on
administrative offences under the articles of the Code of Administrative Offences that the pack
lists, by article and kind of offender (a natural person or an organisation).

These count decisions (one offender, one article), not persons. The period is the decision date;
the region is the one recorded with the decision (the recording agency's by default) and the kind
of agency is the recording agency's. Nothing is decrypted: article, offender kind, region and
date are plain columns.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from palermo.justice.models import AdministrativeOffence
from palermo.justice.rules import justice_rules
from palermo.justice.vocab import OffenderKind
from palermo.stats.figures.persons import Filters
from palermo.stats.figures.tables import FigureTable

OFFENDER_COLUMNS = [OffenderKind.PERSON.value, OffenderKind.ORGANISATION.value]


def offences_tables(filters: Filters) -> list[FigureTable]:
    offences = AdministrativeOffence.objects.filter(
        decided_on__gte=filters.period.start, decided_on__lte=filters.period.end
    )
    if filters.region:
        offences = offences.filter(region=filters.region)
    if filters.agency_kind:
        offences = offences.filter(agency__kind=filters.agency_kind)
    counts: Counter[tuple[str, str]] = Counter()
    for row in offences.values("article", "offender_kind").annotate(n=Count("pk")).order_by():
        counts[(row["article"], row["offender_kind"])] += int(row["n"])
    rules = justice_rules().offences
    articles = [a.key for a in rules.articles] if rules else []
    # An article no longer in the pack still counts, after the pack's own.
    articles += sorted({a for a, _kind in counts if a not in articles})
    return [
        FigureTable(
            key="administrative_offences",
            row_dimension="offence_article",
            rows=articles,
            column_dimension="offender_kind",
            columns=OFFENDER_COLUMNS,
            cells=[[counts.get((a, k), 0) for k in OFFENDER_COLUMNS] for a in articles],
        )
    ]

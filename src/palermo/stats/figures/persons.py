"""Persons identified: every figure counts a person once, however many agencies know them.

The rule (docs/statistics.md, "Counting persons once"):

* a *person* is a Person record that is not a merge tombstone. When a national administrator
  confirms two records as duplicates he merges them (people/duplicates.py ``do_merge_persons``):
  every case of the merged record moves to the survivor, so all the cases of one human being
  point at one person;
* the population of a period is every case identified in it (``identified_on``) that was not
  decided "not a victim", narrowed by region and the kind of identifying agency when asked;
* each person's *first case* in the population (earliest identification, then lowest id) gives
  the single-valued dimensions (age, minor, region, country of exploitation), so that each person
  is in exactly one row and the tables add up;
* multi-valued dimensions look at all the person's cases in the population: recognised if any
  case is recognised; a form of exploitation if any case records it (a person counts under each
  of their forms); the set of sectors that identified them.

Everything is computed by grouped COUNT queries on plain columns: no identity is decrypted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from palermo.cases.models import Case
from palermo.cases.vocab import ExploitationForm, TraffickingStatus
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import CitizenshipStatus, Gender
from palermo.stats.figures.labels import AGE_BANDS, STATELESS, UNKNOWN, age_band
from palermo.stats.figures.period import Period
from palermo.stats.figures.tables import FigureTable

AGE_GROUPS = ["adult", "minor", UNKNOWN]


@dataclass(frozen=True)
class Filters:
    period: Period
    region: str = ""
    agency_kind: str = ""

    def year_before(self) -> Filters:
        return Filters(self.period.year_before(), self.region, self.agency_kind)


def population(filters: Filters) -> QuerySet[Case]:
    cases = Case.objects.filter(
        identified_on__gte=filters.period.start, identified_on__lte=filters.period.end
    ).exclude(trafficking_status=TraffickingStatus.NOT_A_VICTIM)
    if filters.region:
        cases = cases.filter(region=filters.region)
    if filters.agency_kind:
        # The annotation is added by with_identifying_kind, which the plugin cannot follow.
        cases = with_identifying_kind(cases).filter(
            identifying_kind=filters.agency_kind  # type: ignore[misc]
        )
    return cases


def with_identifying_kind(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The kind of agency that identified each case (its owner when none is recorded).

    Joined only where a figure needs it: two agency joins on every figure query cost more
    than the figure itself on a large population."""
    if "identifying_kind" in cases.query.annotations:
        return cases
    return cases.annotate(
        identifying_kind=Coalesce(F("identifying_agency__kind"), F("owning_agency__kind"))
    )


def first_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """One case per person: the earliest identified in the population (then the lowest id)."""
    earlier = cases.filter(person_id=OuterRef("person_id")).filter(
        Q(identified_on__lt=OuterRef("identified_on"))
        | Q(identified_on=OuterRef("identified_on"), pk__lt=OuterRef("pk"))
    )
    return cases.exclude(Exists(earlier))


def _grouped(qs: QuerySet[Case], *columns: str) -> list[dict[str, Any]]:
    return list(qs.values(*columns).annotate(n=Count("pk")).order_by())


def _age_group(is_minor: object) -> str:
    return UNKNOWN if is_minor is None else ("minor" if is_minor else "adult")


def _one_column(key: str, dimension: str, counts: Counter[str], rows: Iterable[str]) -> FigureTable:
    ordered = list(rows)
    ordered += sorted((c for c in counts if c not in ordered), key=lambda c: (-counts[c], c))
    return FigureTable(
        key=key,
        row_dimension=dimension,
        rows=ordered,
        column_dimension="count",
        columns=["persons"],
        cells=[[counts.get(code, 0)] for code in ordered],
        row_totals=False,
    )


def persons_tables(filters: Filters) -> list[FigureTable]:
    cases = population(filters)
    firsts = first_cases(cases)
    pack = get_pack()
    tables = [
        _status(cases, firsts),
        _sex_age(firsts),
        _age_bands(firsts),
        _forms(cases, firsts),
        _citizenship(firsts),
    ]
    countries: Counter[str] = Counter()
    locations: Counter[str] = Counter()
    for row in _grouped(firsts, "country_of_exploitation"):
        code = str(row["country_of_exploitation"] or "") or UNKNOWN
        countries[code] += int(row["n"])
        place = UNKNOWN if code == UNKNOWN else ("inside" if code == pack.country else "abroad")
        locations[place] += int(row["n"])
    tables.append(_one_column("persons_country", "country", countries, []))
    tables.append(
        _one_column("persons_location", "location", locations, ["inside", "abroad", UNKNOWN])
    )
    regions: Counter[str] = Counter()
    for row in _grouped(firsts, "region"):
        regions[str(row["region"] or "") or UNKNOWN] += int(row["n"])
    tables.append(_one_column("persons_region", "region", regions, [r.code for r in pack.regions]))
    tables.append(_sectors(cases, firsts))
    return tables


def _per_person(cases: QuerySet[Case], **flags: Q) -> QuerySet[Case, Any]:
    """One row per person of the population with a 0/1 flag per condition: 1 when any of the
    person's cases meets it (one grouped scan, not a lookup per person)."""
    return (
        cases.order_by()
        .values("person_id")
        .annotate(
            **{
                name: Max(DbCase(When(condition, then=Value(1)), default=Value(0)))
                for name, condition in flags.items()
            }
        )
    )


def _status(cases: QuerySet[Case], firsts: QuerySet[Case]) -> FigureTable:
    persons = _per_person(cases, recognised=Q(trafficking_status=TraffickingStatus.ACTUAL))
    totals = persons.aggregate(
        actual=Count("person_id", filter=Q(recognised=1)),
        possible=Count("person_id", filter=Q(recognised=0)),
    )
    counts: Counter[str] = Counter(
        {
            str(TraffickingStatus.ACTUAL): int(totals["actual"] or 0),
            str(TraffickingStatus.POSSIBLE): int(totals["possible"] or 0),
        }
    )
    rows = [TraffickingStatus.POSSIBLE.value, TraffickingStatus.ACTUAL.value]
    return _one_column("persons_status", "status", counts, rows)


def _sex_age(firsts: QuerySet[Case]) -> FigureTable:
    counts: Counter[tuple[str, str]] = Counter()
    for row in _grouped(firsts, "person__gender", "is_minor"):
        counts[(str(row["person__gender"]), _age_group(row["is_minor"]))] += int(row["n"])
    sexes = list(Gender.values)
    return FigureTable(
        key="persons_sex_age",
        row_dimension="sex",
        rows=sexes,
        column_dimension="age_group",
        columns=AGE_GROUPS,
        cells=[[counts.get((s, a), 0) for a in AGE_GROUPS] for s in sexes],
    )


def _age_bands(firsts: QuerySet[Case]) -> FigureTable:
    counts: Counter[str] = Counter()
    for row in _grouped(firsts, "age_at_identification"):
        age = row["age_at_identification"]
        counts[age_band(age if isinstance(age, int) else None)] += int(row["n"])
    rows = [code for code, _low, _high in AGE_BANDS] + [UNKNOWN]
    return _one_column("persons_age_band", "age_band", counts, rows)


def _forms(cases: QuerySet[Case], firsts: QuerySet[Case]) -> FigureTable:
    """Persons by form and age group: a person counts under every form any of their cases in
    the population records, in the age group of their first case.

    One grouped query joins each first case to its person's cases in the population and their
    forms (a hash join, not a lookup per form row); a second counts the persons with any form
    by age group, so "not recorded" is the rest of each column's persons.
    """
    with_form = firsts.filter(
        person__cases__pk__in=cases.values("pk"), person__cases__exploitation_forms__isnull=False
    )
    counts: Counter[tuple[str, str]] = Counter()
    for form_row in (
        with_form.values("is_minor", form=F("person__cases__exploitation_forms__form"))
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    ):
        counts[(str(form_row["form"]), _age_group(form_row["is_minor"]))] += int(form_row["n"])
    by_age: Counter[str] = Counter()
    for row in _grouped(firsts, "is_minor"):
        by_age[_age_group(row["is_minor"])] += int(row["n"])
    recorded: Counter[str] = Counter()
    for with_any in (
        with_form.values("is_minor").annotate(n=Count("person_id", distinct=True)).order_by()
    ):
        recorded[_age_group(with_any["is_minor"])] += int(with_any["n"])
    for age in AGE_GROUPS:
        counts[("not_recorded", age)] = by_age.get(age, 0) - recorded.get(age, 0)
    rows = [*ExploitationForm.values, "not_recorded"]
    return FigureTable(
        key="persons_form_age",
        row_dimension="form",
        rows=rows,
        column_dimension="age_group",
        columns=AGE_GROUPS,
        cells=[[counts.get((f, a), 0) for a in AGE_GROUPS] for f in rows],
        counted_column_totals=[by_age.get(a, 0) for a in AGE_GROUPS],
    )


def _citizenship(firsts: QuerySet[Case]) -> FigureTable:
    counts: Counter[str] = Counter()
    for row in _grouped(firsts, "person__citizenship_status", "person__citizenship"):
        if row["person__citizenship_status"] == CitizenshipStatus.STATELESS:
            code = STATELESS
        else:
            code = str(row["person__citizenship"] or "") or UNKNOWN
        counts[code] += int(row["n"])
    return _one_column("persons_citizenship", "country", counts, [])


def _sectors(cases: QuerySet[Case], firsts: QuerySet[Case]) -> FigureTable:
    """Persons by the set of sectors whose agencies identified them: a flag per sector over all
    the person's cases, then one count per combination of flags, in one query."""
    rules = get_pack().statistics
    sectors = list(rules.sectors) if rules else []
    persons = _per_person(
        with_identifying_kind(cases),
        **{f"in_{s.code}": Q(identifying_kind__in=s.agency_kinds) for s in sectors},
    )
    combinations = list(product((0, 1), repeat=len(sectors)))
    totals = persons.aggregate(
        **{
            f"n{i}": Count(
                "person_id",
                filter=Q(**{f"in_{s.code}": flag for s, flag in zip(sectors, combo, strict=True)}),
            )
            for i, combo in enumerate(combinations)
        }
    )
    counts: Counter[str] = Counter()
    for i, combo in enumerate(combinations):
        code = "+".join(s.code for s, flag in zip(sectors, combo, strict=True) if flag) or UNKNOWN
        if totals[f"n{i}"]:
            counts[code] += int(totals[f"n{i}"])
    codes = [s.code for s in sectors]
    pairs = [f"{a}+{b}" for i, a in enumerate(codes) for b in codes[i + 1 :]]
    rows = [*codes, *pairs, "+".join(codes)] if len(codes) > 2 else [*codes, *pairs]
    return _one_column("persons_sector", "sectors", counts, rows)

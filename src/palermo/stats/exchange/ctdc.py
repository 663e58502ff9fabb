"""The CTDC global-dataset layout: one row per victim, quasi-identifiers generalised.

Persons are counted once: a merged person's cases belong to the survivor, and the few cases that
may still point at a merged-away person are folded into the survivor here too. A person's row
takes the year, age and country of their first identification and the forms of exploitation of
all their cases. Cases decided "not a victim" are left out.

Column names and codes follow the CTDC global dataset (ctdatacollaborative.org): ``ageBroad``
bands, ``majorityStatus`` Adult/Minor, ``is...`` 0/1 columns for the types of exploitation, and the
pack's missing code (-99 in Belarus) for anything unknown or suppressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Min, QuerySet
from django.db.models.functions import Coalesce

from palermo.cases.models import Case, CaseExploitation
from palermo.cases.vocab import ExploitationForm as EF
from palermo.cases.vocab import TraffickingStatus
from palermo.people.vocab import HTCDS_GENDER, Gender
from palermo.stats.exchange.kanon import AnonymityReport, Row, Step, anonymise

# CTDC's age bands, written as in its dataset ("0--8").
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, None, "48+"),
)
# The forms of exploitation behind each CTDC 0/1 column.
FORM_COLUMNS: dict[str, frozenset[str]] = {
    "isForcedLabour": frozenset({EF.FORCED_LABOUR, EF.SLAVE_LABOUR, EF.FORCED_BEGGING}),
    "isSexualExploit": frozenset({EF.SEXUAL_EXPLOITATION, EF.CHILD_SEXUAL_ABUSE_MATERIAL}),
    "isOtherExploit": frozenset({EF.FORCED_CRIMINALITY, EF.ILLEGAL_ADOPTION, EF.OTHER}),
    "isForcedMarriage": frozenset({EF.FORCED_MARRIAGE}),
    "isOrganRemoval": frozenset({EF.ORGAN_REMOVAL}),
    "isSlaveryAndPractices": frozenset({EF.SLAVE_LABOUR}),
    "typeOfLabourBegging": frozenset({EF.FORCED_BEGGING}),
    "typeOfSexPornography": frozenset({EF.CHILD_SEXUAL_ABUSE_MATERIAL}),
}
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
)
# The order in which a record in a too-small group gives up detail: the age band first (adult or
# minor stays), then citizenship, country of exploitation, adult/minor, and gender. The year of
# registration is never generalised: such a record is dropped instead.
STEPS = (
    Step("age_band_to_majority", "ageBroad"),
    Step("citizenship", "citizenship"),
    Step("country_of_exploitation", "CountryOfExploitation"),
    Step("majority_status", "majorityStatus"),
    Step("gender", "gender"),
)
HEADER = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfLabourBegging",
    "typeOfSexPornography",
    "CountryOfExploitation",
)
DATASOURCE = "Case Management"


def age_band(age: int | None, missing: int) -> str | int:
    if age is None:
        return missing
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return missing


@dataclass
class _Victim:
    year: int
    gender: str
    age: int | None
    minor: bool | None
    citizenship: str
    country: str
    forms: set[str]


def _victims(cases: QuerySet[Case], year_from: int | None, year_to: int | None) -> list[_Victim]:
    """One entry per person (merged persons collapsed), from the statistical columns only.

    The years narrow in SQL: only the cases of persons whose first identification falls in them
    are read (the person's year is that of their first identification, as before).
    """
    victims = cases.exclude(trafficking_status=TraffickingStatus.NOT_A_VICTIM).annotate(
        person_key=Coalesce(F("person__merged_into_id"), F("person_id"))
    )
    if year_from is not None or year_to is not None:
        firsts = victims.order_by().values("person_key").annotate(first=Min("identified_on"))
        if year_from is not None:
            firsts = firsts.filter(first__gte=date(year_from, 1, 1))
        if year_to is not None:
            firsts = firsts.filter(first__lte=date(year_to, 12, 31))
        victims = victims.filter(person_key__in=firsts.values("person_key"))
    rows = victims.order_by("person_key", "identified_on", "id").values_list(
        "id",
        "person_key",
        "identified_on",
        "person__gender",
        "age_at_identification",
        "is_minor",
        "person__citizenship",
        "country_of_exploitation",
    )
    by_person: dict[int, _Victim] = {}
    case_person: dict[int, int] = {}
    for case_id, key, identified_on, gender, age, minor, citizenship, country in rows.iterator(
        chunk_size=5000
    ):
        case_person[case_id] = key
        if key not in by_person:
            by_person[key] = _Victim(
                identified_on.year, gender, age, minor, citizenship, country, set()
            )
    forms = CaseExploitation.objects.filter(case__in=victims.values("pk")).values_list(
        "case_id", "form"
    )
    for case_id, form in forms.iterator(chunk_size=20000):
        key = case_person.get(case_id)
        if key is not None:
            by_person[key].forms.add(form)
    return list(by_person.values())


def _row(victim: _Victim, missing: int) -> Row:
    gender = HTCDS_GENDER.get(Gender(victim.gender)) if victim.gender in Gender.values else None
    row: Row = {
        "yearOfRegistration": victim.year,
        "Datasource": DATASOURCE,
        "gender": missing if gender in (None, "Unknown") else gender,
        "ageBroad": age_band(victim.age, missing),
        "majorityStatus": missing
        if victim.minor is None
        else ("Minor" if victim.minor else "Adult"),
        "citizenship": victim.citizenship or missing,
        "CountryOfExploitation": victim.country or missing,
    }
    for column, forms in FORM_COLUMNS.items():
        row[column] = int(bool(victim.forms & forms))
    row["isSexAndLabour"] = int(bool(row["isSexualExploit"] and row["isForcedLabour"]))
    return row


def source_rows(
    cases: QuerySet[Case], *, missing: int, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """The CTDC rows before anonymisation (exact values): for analysts inside, and the tests."""
    return [_row(v, missing) for v in _victims(cases, year_from, year_to)]


def anonymous_rows(
    rows: Sequence[Row], *, k: int, missing: int
) -> tuple[list[Row], AnonymityReport]:
    kept, report = anonymise(
        rows, k=k, quasi_identifiers=QUASI_IDENTIFIERS, steps=STEPS, missing=missing
    )
    kept.sort(key=lambda r: tuple(str(r.get(c, "")) for c in HEADER))  # no trace of input order
    return kept, report


def as_table(rows: Iterable[Row]) -> list[list[Any]]:
    return [[r[c] for c in HEADER] for r in rows]

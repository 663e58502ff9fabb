"""The admission facts that the case file already holds: sex, age and citizenship.

The §34 rules (seed 004) turn on these facts, so they come from the case and its person, not
from what the admission form says: a different value needs a reason, and both values and the
reason are stored with the decision. Residence, children, pregnancy, diseases and a minor's
permission are not in the file; the admission form collects them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.utils.translation import gettext as _

from palermo.cases.models import Case
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import CitizenshipStatus, Gender
from palermo.shelters.vocab import Citizenship, Sex

FILE_FACTS = ("sex", "age", "citizenship")
_SEX = {
    Gender.FEMALE: Sex.FEMALE,
    Gender.MALE: Sex.MALE,
    Gender.TRANSGENDER_NONCONFORMING: Sex.OTHER,
}


@dataclass(frozen=True)
class FileFacts:
    sex: str | None = None
    age: int | None = None
    # False when the age is reckoned from the age at identification (no date of birth): the
    # person may have had a birthday since, so one year either way is no difference.
    age_exact: bool = True
    citizenship: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FILE_FACTS if getattr(self, name) is not None}


def _years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def file_facts(case: Case, on: date) -> FileFacts:
    """What the case and its person say on ``on`` (the day of admission)."""
    person = case.person
    sex = _SEX.get(cast(Gender, person.gender))
    age: int | None = None
    exact = True
    born = cast("date | None", person.date_of_birth)
    if born is not None:
        age = _years(born, on)
    elif case.age_at_identification is not None:
        age = case.age_at_identification + max(0, _years(case.identified_on, on))
        exact = False
    citizenship: str | None = None
    if person.citizenship_status == CitizenshipStatus.STATELESS:
        citizenship = Citizenship.STATELESS
    elif person.citizenship_status == CitizenshipStatus.CITIZEN and person.citizenship:
        national = str(person.citizenship) == get_pack().country
        citizenship = Citizenship.NATIONAL if national else Citizenship.FOREIGN
    return FileFacts(sex=sex, age=age, age_exact=exact, citizenship=citizenship)


def differences(known: FileFacts, given: dict[str, Any]) -> dict[str, Any]:
    """The facts given for the admission that differ from the file: name → the file's value."""
    found: dict[str, Any] = {}
    if known.sex is not None and given.get("sex") != known.sex:
        found["sex"] = known.sex
    if known.age is not None and given.get("age") is not None:
        tolerance = 0 if known.age_exact else 1
        if abs(int(given["age"]) - known.age) > tolerance:
            found["age"] = known.age
    if known.citizenship is not None and given.get("citizenship") != known.citizenship:
        found["citizenship"] = known.citizenship
    return found


def value_label(name: str, value: Any) -> str:
    if name == "sex":
        return str(dict(Sex.choices).get(value, value))
    if name == "citizenship":
        return str(dict(Citizenship.choices).get(value, value))
    return str(value)


def difference_message(name: str, file_value: Any) -> str:
    return _(
        "The case file says %(value)s. Keep the file's value, or give the reason for a "
        "different one (it is recorded with the decision)."
    ) % {"value": value_label(name, file_value)}

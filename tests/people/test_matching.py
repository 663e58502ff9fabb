"""Matching quality on small labelled examples: every kind of variant is found, look-alikes are not."""

from __future__ import annotations

from datetime import date

import pytest

from palermo.accounts.models import Agency
from palermo.people.matching import DEFAULT_THRESHOLD, Identity, find_matches, score
from palermo.people.names import fold
from palermo.people.services import create_person
from tests.conftest import person_input

# The stored person: Шаўчэнка Вольга Сяргееўна (Shauchenka Volha), 12 April 1999, female.
NO_LATIN = {"family_name_latin": "", "given_name_latin": ""}
NO_CYRILLIC = {"family_name": "", "given_name": "", "patronymic": ""}

VARIANTS = {
    "russian form": {"family_name": "Шевченко", "given_name": "Ольга", "patronymic": "Сергеевна",
                         "family_name_latin": "Shevchenko", "given_name_latin": "Olga"},
    "russian form, Cyrillic only": dict(family_name="Шевченко", given_name="Ольга", **NO_LATIN),
    "ICAO passport Latin only": dict(family_name_latin="SHAUCHENKA", given_name_latin="VOLHA",
                                     **NO_CYRILLIC),
    "BGN/PCGN Latin only": dict(family_name_latin="Shawchenka", given_name_latin="Vol'ha",
                                **NO_CYRILLIC),
    "national 2007 (diacritics)": dict(family_name_latin="Šaŭčenka", given_name_latin="Voĺha",
                                       **NO_CYRILLIC),
    "Russian ICAO Latin only": dict(family_name_latin="Shevchenko", given_name_latin="Olga",
                                    **NO_CYRILLIC),
    "one-letter typo": dict(family_name="Шаўчэнко", given_name="Вольга", **NO_LATIN),
    "typo in each name": dict(family_name="Шаучэнка", given_name="Волга", **NO_LATIN),
    "consonant typo": dict(family_name="Шаўчэнта", given_name="Вольга", **NO_LATIN),
    "names swapped": {"family_name": "Вольга", "given_name": "Шаўчэнка",
                          "family_name_latin": "Volha", "given_name_latin": "Shauchenka"},
    "day and month swapped": {"date_of_birth": date(1999, 12, 4)},
    "one day off": {"date_of_birth": date(1999, 4, 13)},
    "one year off": {"date_of_birth": date(1998, 4, 12)},
    "date of birth missing": {"date_of_birth": None},
    "russian form, one year off, Latin only": dict(family_name_latin="Shevchenko",
                                                   given_name_latin="Olga",
                                                   date_of_birth=date(2000, 4, 12), **NO_CYRILLIC),
}  # fmt: skip

LOOK_ALIKES = {
    "same surname, other given name, other date": {
        "given_name": "Таццяна", "given_name_latin": "Tatsiana", "patronymic": "Іванаўна",
        "date_of_birth": date(1985, 2, 1)},
    "namesake born years apart": {"date_of_birth": date(1975, 9, 30), "patronymic": "Міхайлаўна"},
    "same surname, a brother": {"given_name": "Аляксандр", "given_name_latin": "Aliaksandr",
                                    "patronymic": "Сяргеевіч", "gender": "male",
                                    "date_of_birth": date(1996, 7, 21)},
    "similar surname, other person": {"family_name": "Шаўчук", "family_name_latin": "Shauchuk",
                                          "given_name": "Валянціна", "given_name_latin": "Valiantsina",
                                          "date_of_birth": date(1999, 8, 1)},
}  # fmt: skip


@pytest.fixture
def stored(db):
    agency = Agency.objects.create(name="Test agency", kind="ngo")
    person = create_person(data=person_input(), registered_by=agency)
    # Noise: other persons the check must not confuse with her.
    create_person(data=person_input(family_name="Іванова", family_name_latin="Ivanova",
                                    given_name="Анна", given_name_latin="Anna"), registered_by=agency)  # fmt: skip
    create_person(data=person_input(family_name="Новік", family_name_latin="Novik",
                                    date_of_birth=date(2001, 1, 1)), registered_by=agency)  # fmt: skip
    return person


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_kind_of_variant_is_found(stored, variant):
    query = Identity.of(person_input(**VARIANTS[variant]))
    matches = find_matches(query)
    assert [m.person_id for m in matches][:1] == [stored.pk], variant
    assert matches[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("kind", LOOK_ALIKES)
def test_look_alikes_stay_below_the_threshold(stored, kind):
    query = Identity.of(person_input(**LOOK_ALIKES[kind]))
    assert stored.pk not in [m.person_id for m in find_matches(query)], kind


def test_reasons_say_why(stored):
    russian = Identity.of(person_input(**VARIANTS["russian form"], date_of_birth=date(1999, 12, 4)))
    result = score(russian, Identity.of(stored))
    assert "family_name_variant" in result.reasons
    assert "given_name_variant" in result.reasons
    assert "dob_day_month_swapped" in result.reasons
    swapped = score(Identity.of(person_input(**VARIANTS["names swapped"])), Identity.of(stored))
    assert "names_swapped" in swapped.reasons
    assert score(Identity.of(person_input(gender="male")), Identity.of(stored)).score < 1


@pytest.mark.parametrize(
    ("belarusian", "russian"),
    [("Вольга", "Ольга"), ("Аляксандр", "Александр"), ("Aliaksandr", "Aleksandr"),
     ("Шаўчэнка", "Шевченко"), ("Сцяпанаў", "Степанов"), ("Дзмітрый", "Дмитрий"),
     ("Таццяна", "Татьяна"), ("Кацярына", "Екатерина"), ("Ганна", "Анна"),
     ("Мікалай", "Николай"), ("Уладзімір", "Владимир"), ("Siarhei", "Sergei")],
)  # fmt: skip
def test_belarusian_and_russian_forms_fold_together(belarusian, russian):
    assert fold(belarusian) == fold(russian)


def test_merged_and_excluded_persons_are_not_candidates(stored):
    query = Identity.of(person_input())
    assert find_matches(query, exclude=[stored.pk]) == []


def test_no_name_no_match(stored):
    assert find_matches(Identity.of(person_input(**NO_CYRILLIC, **NO_LATIN))) == []


def test_a_common_name_without_a_date_of_birth_is_no_evidence(stored):
    agency = stored.registered_by
    no_dob = Identity.of(person_input(date_of_birth=None))
    assert [m.person_id for m in find_matches(no_dob)] == [stored.pk]
    # Five more women of the same name, born on other days: now the name alone tells nothing.
    for year in range(1980, 1985):
        create_person(data=person_input(date_of_birth=date(year, 1, 1)), registered_by=agency)
    assert find_matches(no_dob) == []
    # With the date of birth she is still found, first.
    assert [m.person_id for m in find_matches(Identity.of(person_input()))][:1] == [stored.pk]
    reasons = score(no_dob, Identity.of(stored), name_frequency=7).reasons
    assert "common_name" in reasons

"""Registering statistical populations through the real services, for the statistics tests."""

from __future__ import annotations

from datetime import date

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import do_register_case
from palermo.people.duplicates import do_merge_persons
from tests.conftest import case_input, person_input


def _letters(number: int, alphabet: str) -> str:
    """The number written with letters, one per digit: names may not contain digits."""
    return "".join(alphabet[int(digit)] for digit in str(number))


def register(
    actor: Actor,
    number: int,
    *,
    gender: str = "female",
    minor: bool = False,
    forms: tuple[str, ...] = ("sexual_exploitation",),
    identified_on: date = date(2025, 5, 14),
    region: str = "BY-HM",
    country: str = "RU",
    citizenship: str = "BY",
) -> Case:
    """A presumed victim; ``number`` makes the synthetic name unique (the same number at two
    agencies is the same human being)."""
    age = 15 if minor else 27
    born = date(identified_on.year - age - 1, 12, 1)
    return do_register_case(
        actor=actor,
        person=person_input(
            family_name=f"Прозвішча{_letters(number, 'абвгдежзік')}",
            given_name="Імя",
            family_name_latin=f"Proz{_letters(number, 'abcdefghij')}",
            given_name_latin="Imia",
            date_of_birth=born,
            gender=gender,
            citizenship=citizenship,
        ),
        case=case_input(
            identified_on=identified_on,
            exploitation_started_on=None,
            exploitation_ended_on=None,
            exploitation_forms=list(forms),
            region=region,
            country_of_exploitation=country,
            narrative="",
        ),
    )


def confirm_duplicate(admin: Actor, survivor: Case, duplicate: Case) -> None:
    """A national administrator confirms two registrations as one person by merging them."""
    do_merge_persons(
        actor=admin, survivor=survivor.person, merged=duplicate.person, reason="same person"
    )

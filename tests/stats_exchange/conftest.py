"""Cases for the data-exchange tests, registered through the real services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import ConsentInput, do_record_consent, do_register_case
from tests.conftest import case_input, person_input

# Eleven different women alike on every CTDC quasi-identifier (k = 11 in Belarus).
GIVEN = ["Volha", "Hanna", "Iryna", "Maryia", "Alena", "Tatsiana", "Natallia", "Sviatlana",
         "Liudmila", "Yuliya", "Kseniya"]  # fmt: skip
FAMILY = ["Shauchenka", "Kavaliova", "Novik", "Zhuk", "Karpovich", "Lis", "Hrynevich",
          "Radzevich", "Marozava", "Pashkevich", "Shymanovich"]  # fmt: skip


def register(actor: Actor, i: int, **overrides: object) -> Case:
    person = {
        "family_name": "",
        "given_name": "",
        "patronymic": "",
        "family_name_latin": FAMILY[i % len(FAMILY)],
        "given_name_latin": GIVEN[i % len(GIVEN)],
        "date_of_birth": date(2004, 1 + i % 12, 1 + i),
    }
    case = {"identified_on": date(2026, 3, 2)}
    for key, value in overrides.items():
        (
            person
            if key in person or key in ("gender", "citizenship", "citizenship_status")
            else case
        )[key] = value
    return do_register_case(actor=actor, person=person_input(**person), case=case_input(**case))


def consent(actor: Actor, case: Case, purpose: str) -> None:
    do_record_consent(
        actor=actor,
        case=case,
        data=ConsentInput(
            purpose=purpose,
            given_on=date(2026, 3, 3),
            purpose_explained=True,
            uses_explained=True,
            research_use_explained=True,
            right_of_access_explained=True,
            retention_explained=True,
            withdrawal_explained=True,
        ),
    )


@pytest.fixture
def eleven_alike(actor: Callable[[str], Actor]) -> list[Case]:
    """Eleven women aged 21-23, Belarusian, 2026, exploited in Russia; and one Vietnamese man
    of 50 exploited in Poland, who would be recognisable in any released row."""
    officer = actor("officer_minsk")
    cases = [register(officer, i) for i in range(11)]
    cases.append(
        register(
            officer,
            11,
            family_name_latin="Nguyen",
            given_name_latin="Van An",
            gender="male",
            citizenship="VN",
            date_of_birth=date(1975, 5, 5),
            country_of_exploitation="PL",
        )
    )
    return cases

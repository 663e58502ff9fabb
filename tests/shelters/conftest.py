"""The shelter scene: the Minsk centre (operated by the shelter manager's agency) with a few
places of each kind and an annex; the Minsk officer's case referred to the centre (identity
shared, with the person's consent) and accepted; a nurse of the centre who is not on any case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import cast

import pytest
from django.utils import timezone

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Agency, Membership
from palermo.accounts.roles import ROLES, Role
from palermo.accounts.services import do_add_membership, do_create_user
from palermo.cases.models import Case
from palermo.cases.services import ConsentInput, do_record_consent, do_register_case
from palermo.referrals.demo import ensure_service_directory
from palermo.referrals.models import Referral
from palermo.referrals.services import ReferralInput, do_accept_referral, do_send_referral
from palermo.shelters.models import Facility
from palermo.shelters.services import AdmissionInput, FacilityInput, do_create_facility
from tests.conftest import case_input, person_input

# A member of the centre's staff who works with residents but is not on their cases (medical,
# care): until accounts/roles.py has such a role, the tests add it for their own duration.
STAFF_ROLE = "shelter_staff"
NURSE = "nurse"

CENTRE_PLACES = {
    "women": 2,
    "men": 1,
    "women_with_children": 1,
    "pregnant_women": 1,
    "minors": 1,
    "individual": 1,
}
ALL_GROUPS = [
    "women",
    "men",
    "women_with_children",
    "pregnant_women",
    "minors",
    "non_residents",
    "foreign_or_stateless",
    "with_diseases",
]
ADDRESS = "вул. Сакрэтная, 7, Мінск"


def facility_input(**overrides: object) -> FacilityInput:
    values: dict[str, object] = {
        "name": "Minsk centre",
        "region": "BY-HM",
        "address": ADDRESS,
        "guard": "law_enforcement",
        "guard_details": "Duty unit of the Partyzanski district, +375 17 000-00-00",
        "admitted_groups": list(ALL_GROUPS),
        "places": dict(CENTRE_PLACES),
    }
    values.update(overrides)
    return FacilityInput(**values)  # type: ignore[arg-type]


# The person of tests/conftest.py's person_input: sex, age and citizenship come from the file.
BORN = date(1999, 4, 12)
FILE_FACTS = ("sex", "age", "citizenship")
# Rule tests vary the file's facts on purpose; a real admission would need a reason too.
CHECKED = "Checked against the person's documents at admission."


def age_on(day: date, born: date = BORN) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def admission_input(**overrides: object) -> AdmissionInput:
    """A Belarusian woman born in 1999 living in Minsk, no disease: admitted to a women's place."""
    if any(name in overrides for name in FILE_FACTS):
        overrides.setdefault("override_reason", CHECKED)
    values: dict[str, object] = {
        "place_kind": "women",
        "sex": "female",
        # The file's age on the day of admission.
        "age": age_on(cast(date, overrides.get("admitted_on") or timezone.localdate())),
        "residence_region": "BY-HM",
        "citizenship": "national",
        "disease": "none",
        "admitted_on": timezone.localdate(),
    }
    values.update(overrides)
    return AdmissionInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def centre_agency(personas: dict[str, Membership]) -> Agency:
    return personas["shelter_manager"].agency


@pytest.fixture
def centre(actor: Callable[[str], Actor], centre_agency: Agency) -> Facility:
    return do_create_facility(actor=actor("shelter_manager"), data=facility_input())


@pytest.fixture
def annex(actor: Callable[[str], Actor], centre: Facility) -> Facility:
    """A second facility of the same operator, in Minsk Oblast."""
    return do_create_facility(
        actor=actor("shelter_manager"),
        data=facility_input(
            name="Minsk centre, Barysau annex", region="BY-MI", places={"women": 3}
        ),
    )


def give_sharing_consent(actor: Actor, case: Case) -> None:
    do_record_consent(
        actor=actor,
        case=case,
        data=ConsentInput(
            purpose="sharing_with_referral_agencies",
            given_on=date(2026, 3, 2),
            purpose_explained=True,
            uses_explained=True,
            research_use_explained=True,
            right_of_access_explained=True,
            retention_explained=True,
            withdrawal_explained=True,
        ),
    )


def refer_to_centre(
    actor: Callable[[str], Actor], case: Case, centre_agency: Agency, *, identity: bool = True
) -> Referral:
    ensure_service_directory()
    officer = actor("officer_minsk")
    give_sharing_consent(officer, case)
    referral = do_send_referral(
        actor=officer,
        case=case,
        data=ReferralInput(
            to_agency_id=centre_agency.pk,
            services=["shelter"],
            reason="additional_services_required",
            urgency="urgent",
            share=["identity", "exploitation"] if identity else ["exploitation"],
        ),
    )
    return do_accept_referral(actor=actor("shelter_manager"), referral=referral)


@pytest.fixture
def referred_case(
    actor: Callable[[str], Actor], minsk_case: Case, centre_agency: Agency, centre: Facility
) -> Case:
    """The Minsk officer's case, referred to the centre with the name shared, and accepted."""
    refer_to_centre(actor, minsk_case, centre_agency)
    return minsk_case


@pytest.fixture
def another_case(
    actor: Callable[[str], Actor], centre_agency: Agency, centre: Facility
) -> Callable[..., Case]:
    """More cases of the Minsk officer referred to the centre (``identity``: names shared)."""

    def make(*, identity: bool = True, **person: object) -> Case:
        case = do_register_case(
            actor=actor("officer_minsk"), person=person_input(**person), case=case_input()
        )
        refer_to_centre(actor, case, centre_agency, identity=identity)
        return case

    return make


@pytest.fixture
def nurse(
    personas: dict[str, Membership], centre_agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> Actor:
    if STAFF_ROLE not in ROLES:
        monkeypatch.setitem(ROLES, STAFF_ROLE, Role(STAFF_ROLE, "Shelter staff", frozenset()))
    user = do_create_user(
        actor=None,
        username=NURSE,
        password="persona-password-1",
        first_name="Ala",
        last_name="Sidarenka",
    )
    return actor_for_membership(
        do_add_membership(actor=None, user=user, agency=centre_agency, role=STAFF_ROLE)
    )


def with_facts(data: AdmissionInput, **changes: object) -> AdmissionInput:
    if any(name in changes for name in FILE_FACTS):
        changes.setdefault("override_reason", CHECKED)
    return replace(data, **changes)  # type: ignore[arg-type]

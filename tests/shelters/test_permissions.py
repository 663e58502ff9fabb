"""Permission tables: (persona, page or endpoint) → what the persona gets, for every view and
endpoint of shelters; plus the two confidentiality rules — the address rule (only the operator's
staff and national coordinators learn where a facility is) and the alias rule (staff outside the
case see a resident under an alias, seed 004 §34 point 1).

The scene: the Minsk centre, operated by the shelter manager's agency; the Minsk officer's case
referred to it (names shared, with consent), accepted and admitted; a nurse of the centre with no
access to cases. "No access" answers 404 like "not found"; an API endpoint a role cannot use at
all answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from palermo.shelters.models import Admission, Facility
from palermo.shelters.services import do_add_to_waiting_list, do_admit
from tests.conftest import PERSONA_NAMES
from tests.shelters.conftest import ADDRESS, CHECKED, NURSE, admission_input

ALL = [*PERSONA_NAMES, NURSE]
# Everyone who refers cases (and so chooses a shelter), national roles, and the centre's staff.
DIRECTORY = {
    "officer_minsk",
    "caseworker_gomel",
    "shelter_manager",
    "investigator",
    "hotline_operator",
    "outsider",
    "admin",
    NURSE,
}
MANAGER = {"shelter_manager"}
ADDRESS_READERS = {"shelter_manager", NURSE, "admin"}
RESIDENT_READERS = {"officer_minsk", "shelter_manager", NURSE, "admin"}  # owner, centre, national
NAME_READERS = {"officer_minsk", "shelter_manager", "admin"}  # on the case
OCCUPANCY = {"shelter_manager", "analyst", "admin"}


@dataclass
class Scene:
    facility: Facility
    resident: Admission
    waiting: Admission
    case_id: int

    def fill(self, url: str) -> str:
        return url.format(f=self.facility.pk, a=self.resident.pk, w=self.waiting.pk, c=self.case_id)


@pytest.fixture
def scene(actor, centre, referred_case, another_case) -> Scene:
    manager = actor("shelter_manager")
    resident = do_admit(actor=manager, facility=centre, case=referred_case, data=admission_input())
    waiting = do_add_to_waiting_list(
        actor=manager, facility=centre, case=another_case(), data=admission_input()
    )
    return Scene(centre, resident, waiting, referred_case.pk)


@pytest.fixture
def clients(client_for, nurse) -> dict[str, Client]:
    found = {name: client_for(name) for name in PERSONA_NAMES}
    found[NURSE] = Client()
    found[NURSE].force_login(nurse.user)
    return found


@pytest.fixture
def api_clients(api_for, nurse) -> dict[str, APIClient]:
    found = {name: api_for(name) for name in PERSONA_NAMES}
    found[NURSE] = APIClient()
    found[NURSE].force_authenticate(user=nurse.user)
    return found


def denied_first(allowed: set[str]) -> list[str]:
    """Refused personas first, so that an allowed persona's change cannot hide a refusal."""
    return [p for p in ALL if p not in allowed] + [p for p in ALL if p in allowed]


# --- HTML pages (GET) -------------------------------------------------------------------------
PAGES: list[tuple[str, str, set[str]]] = [
    ("directory", "/shelters/", DIRECTORY),
    ("facility", "/shelters/facilities/{f}/", DIRECTORY),
    ("facility: new", "/shelters/facilities/new/", MANAGER),
    ("facility: edit", "/shelters/facilities/{f}/edit/", MANAGER),
    ("admit: choose the case", "/shelters/facilities/{f}/admit/", MANAGER),
    ("admit: the facts", "/shelters/facilities/{f}/admit/?case={c}", MANAGER),
    ("admission: resident", "/shelters/admissions/{a}/", RESIDENT_READERS),
    ("admission: waiting", "/shelters/admissions/{w}/", RESIDENT_READERS),
    ("discharge", "/shelters/admissions/{a}/discharge/", MANAGER),
    ("transfer", "/shelters/admissions/{a}/transfer/", MANAGER),
    ("occupancy", "/shelters/occupancy/", OCCUPANCY),
]


@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(name, url, allowed, scene, clients):
    got = {p: clients[p].get(scene.fill(url)).status_code for p in ALL}
    assert got == {p: 200 if p in allowed else 404 for p in ALL}


def test_a_missing_facility_or_admission_answers_like_no_access(scene, clients):
    for url in ("/shelters/facilities/999999/", "/shelters/admissions/999999/"):
        assert clients["shelter_manager"].get(url).status_code == 404


# --- the address rule -------------------------------------------------------------------------


def test_only_the_operator_staff_and_national_coordinators_see_the_address(scene, clients):
    for persona in DIRECTORY:
        for url in ("/shelters/", scene.fill("/shelters/facilities/{f}/")):
            html = clients[persona].get(url).content.decode()
            assert scene.facility.name in html
            assert (ADDRESS in html) == (persona in ADDRESS_READERS), (persona, url)
            assert ("Duty unit of the Partyzanski district" in html) == (
                persona in ADDRESS_READERS and "facilities" in url
            ), (persona, url)


def test_the_api_hides_the_address_from_everyone_else(scene, api_clients):
    for persona in DIRECTORY:
        listed = api_clients[persona].get("/api/shelters/facilities/").json()
        one = api_clients[persona].get(scene.fill("/api/shelters/facilities/{f}/")).json()
        for data in (listed[0], one):
            expected = ADDRESS if persona in ADDRESS_READERS else None
            assert data["address"] == expected, persona
            assert (data["guard_details"] is not None) == (persona in ADDRESS_READERS)
            # Free places are for everyone who refers: that is what they choose by.
            assert {p["kind"]: p["free"] for p in data["places"]}["women"] == 1


# --- the alias rule ---------------------------------------------------------------------------


def test_staff_outside_the_case_see_the_alias_never_the_name(scene, clients):
    name = "Шаўчэнка Вольга Сяргееўна"
    alias = scene.resident.alias
    for persona in RESIDENT_READERS:
        for url in (
            scene.fill("/shelters/admissions/{a}/"),
            scene.fill("/shelters/facilities/{f}/"),
        ):
            html = clients[persona].get(url).content.decode()
            if "/facilities/" in url and persona == "officer_minsk":
                continue  # the referring officer sees the facility, not its residents
            assert (name in html) == (persona in NAME_READERS), (persona, url)
            if "/admissions/" in url or persona not in NAME_READERS:
                assert alias in html, (persona, url)
            if persona not in NAME_READERS:
                assert f"Resident {alias}" in html
                assert "Shauchenka" not in html and "Вольга" not in html


def test_the_alias_reveals_nothing_of_the_person(scene):
    for admission in (scene.resident, scene.waiting):
        assert admission.alias.startswith("R-") and admission.alias[2:].isdigit()
    assert scene.resident.alias != scene.waiting.alias


def test_names_are_not_shared_when_the_referral_does_not_share_them(
    actor, centre, another_case, clients
):
    case = another_case(identity=False, family_name="Бандарэнка", given_name="Алена")
    admission = do_admit(
        actor=actor("shelter_manager"), facility=centre, case=case, data=admission_input()
    )
    html = clients["shelter_manager"].get(f"/shelters/admissions/{admission.pk}/").content.decode()
    assert f"Resident {admission.alias}" in html and "Бандарэнка" not in html
    html = clients["officer_minsk"].get(f"/shelters/admissions/{admission.pk}/").content.decode()
    assert "Бандарэнка" in html


def test_the_api_gives_the_name_only_to_those_on_the_case(scene, api_clients):
    for persona in ALL:
        response = api_clients[persona].get(scene.fill("/api/shelters/admissions/{a}/"))
        if persona not in RESIDENT_READERS:
            assert response.status_code == 404, persona
            continue
        data = response.json()
        assert data["alias"] == scene.resident.alias
        assert (data["resident"] is not None) == (persona in NAME_READERS), persona
        # Not even the case number for staff who cannot open the case.
        assert (data["case_id"] is not None) == (persona in NAME_READERS), persona


def test_showing_a_name_is_audited(scene, clients):
    from palermo.core.audit import AuditEvent

    before = AuditEvent.objects.filter(action="person.identity_viewed").count()
    clients[NURSE].get(scene.fill("/shelters/admissions/{a}/"))
    assert AuditEvent.objects.filter(action="person.identity_viewed").count() == before
    clients["shelter_manager"].get(scene.fill("/shelters/admissions/{a}/"))
    assert AuditEvent.objects.filter(action="person.identity_viewed").count() == before + 1


# --- HTML actions (POST) ----------------------------------------------------------------------


def test_only_the_manager_discharges(scene, clients):
    form = {
        "discharged_on": timezone.localdate().isoformat(),
        "reason": "plan_completed",
        "destination": "family",
        "version": scene.resident.version,
    }
    url = scene.fill("/shelters/admissions/{a}/discharge/")
    for persona in denied_first(MANAGER):
        response = clients[persona].post(url, form)
        scene.resident.refresh_from_db()
        if persona in MANAGER:
            assert response.status_code == 302 and scene.resident.status == "discharged"
        else:
            assert response.status_code == 404 and scene.resident.status == "resident", persona


def test_only_the_manager_gives_a_waiting_person_a_place(scene, clients):
    url = scene.fill("/shelters/admissions/{w}/place/")
    for persona in denied_first(MANAGER):
        response = clients[persona].post(url, {"version": scene.waiting.version})
        scene.waiting.refresh_from_db()
        if persona in MANAGER:
            assert response.status_code == 302 and scene.waiting.status == "resident"
        else:
            assert response.status_code == 404 and scene.waiting.status == "waiting", persona


def test_only_the_manager_removes_from_the_waiting_list(scene, clients):
    url = scene.fill("/shelters/admissions/{w}/remove/")
    for persona in denied_first(MANAGER):
        response = clients[persona].post(url, {"version": scene.waiting.version, "reason": "x"})
        scene.waiting.refresh_from_db()
        expected = "withdrawn" if persona in MANAGER else "waiting"
        assert scene.waiting.status == expected, persona
        assert response.status_code == (302 if persona in MANAGER else 404)


def test_only_the_manager_admits(scene, clients, another_case):
    case = another_case()
    form = {
        "case": case.pk,
        "action": "admit",
        "place_kind": "men",
        "sex": "male",
        "age": 30,
        "residence_region": "BY-HM",
        "citizenship": "national",
        "disease": "none",
        "priority": "normal",
        "override_reason": CHECKED,
    }
    url = scene.fill("/shelters/facilities/{f}/admit/")
    for persona in denied_first(MANAGER):
        response = clients[persona].post(url, form)
        admitted = Admission.objects.filter(case=case, status="resident").exists()
        assert response.status_code == (302 if persona in MANAGER else 404), persona
        assert admitted == (persona in MANAGER)


def test_only_the_manager_edits_the_facility(scene, clients):
    form = {
        "name": "Renamed centre",
        "region": "BY-HM",
        "address": ADDRESS,
        "guard": "law_enforcement",
        "admitted_groups": ["women", "men"],
        "is_active": "on",
        "places_women": 2,
        "places_men": 1,
        "version": scene.facility.version,
    }
    url = scene.fill("/shelters/facilities/{f}/edit/")
    for persona in denied_first(MANAGER):
        response = clients[persona].post(url, form)
        scene.facility.refresh_from_db()
        assert (scene.facility.name == "Renamed centre") == (persona in MANAGER), persona
        assert response.status_code == (302 if persona in MANAGER else 404)


# --- API --------------------------------------------------------------------------------------
# (name, method, url, body, personas and their status; everyone else gets `other`)
READS: list[tuple[str, str, set[str], int]] = [
    ("facilities", "/api/shelters/facilities/", DIRECTORY, 403),
    ("facility", "/api/shelters/facilities/{f}/", DIRECTORY, 404),
    ("residents", "/api/shelters/facilities/{f}/admissions/", ADDRESS_READERS, 404),
    ("admission", "/api/shelters/admissions/{a}/", RESIDENT_READERS, 404),
    ("occupancy", "/api/shelters/occupancy/", OCCUPANCY, 403),
]


@pytest.mark.parametrize(("name", "url", "allowed", "other"), READS, ids=[r[0] for r in READS])
def test_api_reads(name, url, allowed, other, scene, api_clients):
    got = {p: api_clients[p].get(scene.fill(url)).status_code for p in ALL}
    assert got == {p: 200 if p in allowed else other for p in ALL}


def test_api_writes(scene, api_clients, another_case):
    case = another_case()
    writes = [
        (
            "/api/shelters/facilities/{f}/admissions/",
            {
                "case_id": case.pk,
                "place_kind": "individual",
                "sex": "female",
                "age": 40,
                "override_reason": CHECKED,
                "residence_region": "BY-HM",
                "citizenship": "national",
            },
            201,
        ),
        ("/api/shelters/admissions/{w}/remove/", {"expected_version": 1}, 200),
        (
            "/api/shelters/admissions/{a}/discharge/",
            {
                "expected_version": 1,
                "discharged_on": timezone.localdate().isoformat(),
                "reason": "own_request",
                "destination": "own_home",
            },
            200,
        ),
    ]
    for url, body, ok in writes:
        for persona in denied_first(MANAGER):
            status = api_clients[persona].post(scene.fill(url), body, format="json").status_code
            assert status == (ok if persona in MANAGER else 404), (persona, url)
    creating = {
        "name": "Gomel crisis room",
        "region": "BY-HO",
        "address": "Gomel",
        "guard": "alarm_to_police",
        "places": {"women": 2},
    }
    for persona in denied_first(MANAGER):
        status = (
            api_clients[persona]
            .post("/api/shelters/facilities/", creating, format="json")
            .status_code
        )
        assert status == (201 if persona in MANAGER else 403), persona

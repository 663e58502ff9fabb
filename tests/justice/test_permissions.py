"""Permission tables: (persona, page or endpoint) → what the persona gets, for every view and
endpoint of the justice app. "No access" answers 404, exactly like "not found"; an endpoint a role
cannot use at all answers 403 in the API.

The scene (conftest.py): proceedings {p} of the Investigative Committee with two victims — {v},
the person of the Minsk officer's case (referred to the Committee and to the Gomel NGO), and
{f}, a Ukrainian woman with no case; proceedings {o} concern no one else's case.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from palermo.core.models import AuditEvent
from palermo.justice.services import MeasureInput, do_apply_measure
from tests.conftest import PERSONA_NAMES
from tests.justice.conftest import OPENED, TODAY

ALL = set(PERSONA_NAMES)
INVESTIGATOR = {"investigator"}
FULL_READERS = {"investigator", "admin"}  # the investigating body, national roles
PARTIES = {"officer_minsk", "caseworker_gomel"}  # own / were referred the victim's case
LIST_READERS = FULL_READERS | PARTIES | {"shelter_manager", "hotline_operator", "outsider"}
CHECKERS = {"migration_officer", "investigator"}
ASSISTING = INVESTIGATOR | PARTIES  # may record legal assistance for {v}
DAY = TODAY.isoformat()


def with_measure(scene, actor):
    measure = do_apply_measure(
        actor=actor("investigator"),
        participant=scene.foreign_victim,
        data=MeasureInput(kind="safety", starts_on=OPENED, ends_on=TODAY),
    )
    scene.measure_id = measure.pk
    return scene


def justice_writes() -> int:
    return (
        AuditEvent.objects.filter(action__startswith="justice.")
        .exclude(action="justice.proceedings_viewed")
        .count()
    )


def denied_first(allowed: set[str]) -> list[str]:
    return [p for p in PERSONA_NAMES if p not in allowed] + [
        p for p in PERSONA_NAMES if p in allowed
    ]


# --- HTML pages (GET) -----------------------------------------------------------------------------
PAGES: list[tuple[str, str, set[str]]] = [
    ("list", "/justice/", LIST_READERS),
    ("new", "/justice/new/", INVESTIGATOR),
    ("proceedings", "/justice/{p}/", FULL_READERS | PARTIES),
    ("other proceedings", "/justice/{o}/", FULL_READERS),
    ("edit", "/justice/{p}/edit/", INVESTIGATOR),
    ("link a person", "/justice/{p}/participants/new/", INVESTIGATOR),
    ("victim with a case", "/justice/participants/{v}/", FULL_READERS | PARTIES),
    ("victim without a case", "/justice/participants/{f}/", FULL_READERS),
    ("expulsion check", "/justice/expulsion-check/", CHECKERS),
]


@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(name, url, allowed, scene, client_for):
    got = {persona: client_for(persona).get(scene.fill(url)).status_code for persona in ALL}
    assert got == {persona: 200 if persona in allowed else 404 for persona in ALL}


def test_lists_show_only_what_each_may_see(scene, client_for):
    shown = {}
    for persona in LIST_READERS:
        page = client_for(persona).get("/justice/").content.decode()
        shown[persona] = {n for n in ("12600001", "12600002") if f">{n}<" in page}
    assert shown == {
        p: ({"12600001", "12600002"} if p in FULL_READERS else {"12600001"} if p in PARTIES
            else set())
        for p in LIST_READERS
    }  # fmt: skip


def test_a_party_sees_a_reduced_view(scene, client_for):
    page = client_for("caseworker_gomel").get(scene.fill("/justice/{p}/")).content.decode()
    assert "12600001" in page and "Criminal Code, Art. 181" in page
    assert "Shauchenka" in page  # its own person, shared by the referral with consent
    assert scene.foreign_victim.person.reference not in page and "Kovalenko" not in page
    assert "Moscow" not in page  # the summary
    full = client_for("investigator").get(scene.fill("/justice/{p}/")).content.decode()
    assert "Kovalenko" in full and "Moscow" in full


# --- HTML actions (POST) --------------------------------------------------------------------------
# (name, url, form, personas for whom it works: a redirect and an audit event)
ACTIONS: list[tuple[str, str, dict[str, str], set[str]]] = [
    ("stage", "/justice/{p}/stage/", {"stage": "trial", "changed_on": DAY, "version": "1"},
     INVESTIGATOR),
    ("edit", "/justice/{p}/edit/",
     {"number": "12600001-A", "opened_on": OPENED.isoformat(), "articles": "cc_182",
      "version": "1"}, INVESTIGATOR),
    ("link a person", "/justice/{p}/participants/new/",
     {"role": "witness", "linked_on": DAY, "family_name_latin": "Petrenko",
      "citizenship_status": "citizen", "citizenship": "UA", "gender": "male"}, INVESTIGATOR),
    ("suspect", "/justice/{p}/suspects/", {"family_name": "Ivanov"}, INVESTIGATOR),
    ("legal person", "/justice/{p}/legal-persons/", {"name": "Star Models LLC", "kind": "modelling"},
     INVESTIGATOR),
    ("apply a measure", "/justice/participants/{f}/measures/",
     {"kind": "social_protection", "starts_on": DAY}, INVESTIGATOR),
    ("extend a measure", "/justice/measures/{m}/extend/",
     {"x{m}-ends_on": (TODAY + timedelta(days=30)).isoformat(), "x{m}-version": "1"},
     INVESTIGATOR),
    ("end a measure", "/justice/measures/{m}/end/",
     {"e{m}-ended_on": DAY, "e{m}-reason": "No threat.", "e{m}-version": "1"}, INVESTIGATOR),
    ("interference", "/justice/participants/{f}/interference/",
     {"recorded_on": DAY, "note": "Threatened a witness."}, INVESTIGATOR),
    ("end participation", "/justice/participants/{f}/end/",
     {"ended_on": DAY, "reason": "Error."}, INVESTIGATOR),
    ("legal assistance", "/justice/participants/{v}/legal-assistance/",
     {"given_on": DAY, "assistance": "on", "rights": ["confidentiality", "compensation"]},
     ASSISTING),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url", "form", "allowed"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions(name, url, form, allowed, scene, actor, client_for):
    with_measure(scene, actor)
    data = {scene.fill(k): v for k, v in form.items()}
    got, wrote = {}, {}
    for persona in denied_first(allowed):
        client = client_for(persona)
        before = justice_writes()
        got[persona] = client.post(scene.fill(url), data).status_code
        wrote[persona] = justice_writes() > before
    assert got == {persona: 302 if persona in allowed else 404 for persona in ALL}
    assert wrote == {persona: persona in allowed for persona in ALL}


def test_expulsion_check_page_answers_checkers_only(scene, client_for):
    form = {"reference": scene.foreign_victim.person.reference, "purpose": "File 12"}
    got = {p: client_for(p).post("/justice/expulsion-check/", form).status_code for p in ALL}
    assert got == {p: 200 if p in CHECKERS else 404 for p in ALL}
    page = client_for("migration_officer").post("/justice/expulsion-check/", form)
    text = page.content.decode()
    assert "Expulsion and deportation suspended: yes" in text
    assert "Law No. 350-Z, Art. 22 p.1" in text and "Preliminary investigation" in text
    for secret in ("12600001", "Kovalenko", "Коваленко", "Investigative Committee", "Victim"):
        assert secret not in text.split("<main", 1)[1].split("</main>")[0]
    htmx = client_for("migration_officer").post(
        "/justice/expulsion-check/", form, headers={"HX-Request": "true"}
    )
    assert htmx.content.decode().lstrip().startswith('<section id="expulsion-result"')


# --- API ------------------------------------------------------------------------------------------
API_READS: list[tuple[str, str, set[str], int]] = [
    ("list", "/api/justice/proceedings/", LIST_READERS, 403),
    ("proceedings", "/api/justice/proceedings/{p}/", FULL_READERS | PARTIES, 404),
    ("other proceedings", "/api/justice/proceedings/{o}/", FULL_READERS, 404),
    ("victim with a case", "/api/justice/participants/{v}/", FULL_READERS | PARTIES, 404),
    ("victim without a case", "/api/justice/participants/{f}/", FULL_READERS, 404),
]


@pytest.mark.parametrize(
    ("name", "url", "allowed", "refused"), API_READS, ids=[a[0] for a in API_READS]
)
def test_api_reads(name, url, allowed, refused, scene, api_for):
    got = {p: api_for(p).get(scene.fill(url)).status_code for p in ALL}
    assert got == {p: 200 if p in allowed else refused for p in ALL}


API_WRITES: list[tuple[str, str, str, dict[str, object], set[str], int, int]] = [
    ("open", "post", "/api/justice/proceedings/",
     {"number": "12600999", "opened_on": DAY, "articles": ["cc_181_1"], "stage": "investigation"},
     INVESTIGATOR, 201, 403),
    ("edit", "put", "/api/justice/proceedings/{p}/",
     {"number": "12600001", "opened_on": OPENED.isoformat(), "articles": ["cc_181", "cc_183"],
      "expected_version": 1}, INVESTIGATOR, 200, 404),
    ("stage", "post", "/api/justice/proceedings/{p}/stage/",
     {"stage": "trial", "changed_on": DAY, "expected_version": 1}, INVESTIGATOR, 200, 404),
    ("link", "post", "/api/justice/proceedings/{p}/participants/",
     {"role": "assisting", "linked_on": DAY,
      "person": {"family_name_latin": "Doe", "citizenship_status": "stateless"}},
     INVESTIGATOR, 201, 404),
    ("suspect", "post", "/api/justice/proceedings/{p}/suspects/", {"family_name": "Ivanov"},
     INVESTIGATOR, 201, 404),
    ("legal person", "post", "/api/justice/proceedings/{p}/legal-persons/",
     {"name": "Happy Marriage", "kind": "marriage", "taxpayer_number": "191234567"},
     INVESTIGATOR, 201, 404),
    ("measure", "post", "/api/justice/participants/{f}/measures/",
     {"kind": "consular_assistance", "starts_on": DAY}, INVESTIGATOR, 201, 404),
    ("extend", "post", "/api/justice/measures/{m}/extend/",
     {"ends_on": (TODAY + timedelta(days=10)).isoformat(), "expected_version": 1},
     INVESTIGATOR, 200, 404),
    ("end measure", "post", "/api/justice/measures/{m}/end/",
     {"ended_on": DAY, "reason": "Over.", "expected_version": 1}, INVESTIGATOR, 200, 404),
    ("interference", "post", "/api/justice/participants/{f}/interference/",
     {"recorded_on": DAY, "note": "Hid from the court."}, INVESTIGATOR, 200, 404),
    ("end participation", "post", "/api/justice/participants/{f}/end/",
     {"ended_on": DAY, "reason": "Error."}, INVESTIGATOR, 200, 404),
    ("legal assistance", "post", "/api/justice/participants/{v}/legal-assistance/",
     {"given_on": DAY, "rights": ["legal_assistance", "protection"]}, ASSISTING, 201, 404),
    ("expulsion check", "post", "/api/justice/expulsion-check/",
     {"reference": "BY-2026-000002", "purpose": "File 9"}, CHECKERS, 200, 403),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "method", "url", "body", "allowed", "ok", "refused"),
    API_WRITES,
    ids=[w[0] for w in API_WRITES],
)
def test_api_writes(name, method, url, body, allowed, ok, refused, scene, actor, api_for):
    with_measure(scene, actor)
    got = {}
    for persona in denied_first(allowed):
        response = getattr(api_for(persona), method)(scene.fill(url), body, format="json")
        got[persona] = response.status_code
    assert got == {p: ok if p in allowed else refused for p in ALL}


def test_the_api_answer_of_the_expulsion_check_is_only_the_status(scene, api_for):
    response = api_for("migration_officer").post(
        "/api/justice/expulsion-check/",
        {"reference": scene.foreign_victim.person.reference, "purpose": "File 9"},
        format="json",
    )
    assert response.json() == {
        "suspended": True,
        "legal_basis": "Law No. 350-Z, Art. 22 p.1",
        "legal_basis_key": "law_350z_art22_p1",
        "stage": "investigation",
        "stage_name": "Preliminary investigation",
        "since": OPENED.isoformat(),
        "until": "Verdict delivered",
        "art30_decisions": [],  # checked by reference only
    }


def test_the_api_gives_a_party_its_own_persons_only(scene, api_for):
    data = api_for("caseworker_gomel").get(scene.fill("/api/justice/proceedings/{p}/")).json()
    assert data["view"] == "party"
    assert [p["person_reference"] for p in data["participants"]] == [
        scene.local_victim.person.reference
    ]
    assert data["summary"] is None and data["suspects"] == [] and data["opened_on"] is None
    full = api_for("investigator").get(scene.fill("/api/justice/proceedings/{p}/")).json()
    assert full["view"] == "full" and len(full["participants"]) == 2
    foreign = next(p for p in full["participants"] if p["id"] == scene.foreign_victim.pk)
    assert foreign["expulsion_suspended"] is True and foreign["name"].startswith("Коваленко")

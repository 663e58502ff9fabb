"""Permission tables: (persona, page or endpoint) → what the persona gets, for every view and
endpoint of compensation claims and the fund. "No access" answers 404, exactly like "not found";
an API endpoint a role cannot use at all answers 403.

The scene: the fund received 10,000 BYN from a liquidated organisation's confiscated property;
the Investigative Committee's proceedings have a victim whose claim is recorded (``claimed``) or
also awarded by the court (``awarded``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from palermo.core.models import AuditEvent
from palermo.justice.compensation.models import Award, Claim, FundTransaction
from palermo.justice.compensation.services import do_record_award
from tests.compensation.conftest import VICTIM_FAMILY_NAME, award_input
from tests.conftest import PERSONA_NAMES

pytestmark = pytest.mark.django_db

ALL = set(PERSONA_NAMES)
FUND = {"fund_officer"}
FUND_READERS = {"fund_officer", "admin"}
INVESTIGATOR = {"investigator"}
CLAIM_READERS = {"investigator", "admin"}
TODAY = "2026-05-04"


@dataclass
class Scene:
    txn: FundTransaction
    claim: Claim
    proceedings_id: int
    award: Award | None = None
    grantee_id: int = 0
    organisation_id: int = 0

    def fill(self, text: str) -> str:
        return text.format(
            t=self.txn.pk,
            c=self.claim.pk,
            p=self.proceedings_id,
            a=self.award.pk if self.award else 0,
        )


@pytest.fixture
def make_scene(funded, claim, investigator, actor, organisation):
    def make(stage: str) -> Scene:
        scene = Scene(
            txn=funded,
            claim=claim,
            proceedings_id=claim.proceedings_id,
            grantee_id=actor("caseworker_gomel").agency.pk,
            organisation_id=organisation.pk,
        )
        if stage == "awarded":
            scene.award = do_record_award(actor=investigator, claim=claim, data=award_input())
        return scene

    return make


def denied_first(allowed: set[str] | dict[str, int]) -> list[str]:
    return [p for p in PERSONA_NAMES if p not in allowed] + [
        p for p in PERSONA_NAMES if p in allowed
    ]


# --- HTML pages (GET) -------------------------------------------------------------------------
PAGES: list[tuple[str, str, str, set[str]]] = [
    ("fund", "/compensation/fund/", "claimed", FUND_READERS),
    ("receipt: form", "/compensation/fund/receipts/new/", "claimed", FUND),
    ("grant: form", "/compensation/fund/grants/new/", "claimed", FUND),
    ("transaction", "/compensation/fund/transactions/{t}/", "claimed", FUND_READERS),
    ("reversal: form", "/compensation/fund/transactions/{t}/reverse/", "claimed", FUND),
    ("statement", "/compensation/fund/statement/", "claimed", FUND_READERS),
    ("statement: period", "/compensation/fund/statement/?date_from=2026-01-01&date_to=2026-06-30",
     "claimed", FUND_READERS),
    ("statement: csv", "/compensation/fund/statement.csv?date_from=2026-01-01&date_to=2026-06-30",
     "claimed", FUND_READERS),
    ("awards to pay", "/compensation/awards/", "awarded", FUND_READERS),
    ("award: pay form", "/compensation/awards/{a}/pay/", "awarded", FUND),
    ("claims", "/compensation/claims/", "claimed", CLAIM_READERS | FUND),
    ("claim: new", "/compensation/proceedings/{p}/claims/new/", "claimed", INVESTIGATOR),
    ("claim, claimed", "/compensation/claims/{c}/", "claimed", CLAIM_READERS),
    ("claim, awarded", "/compensation/claims/{c}/", "awarded", CLAIM_READERS | FUND),
    ("claim: edit", "/compensation/claims/{c}/edit/", "claimed", INVESTIGATOR),
    ("claim: award form", "/compensation/claims/{c}/award/", "claimed", INVESTIGATOR),
    ("claim: payment form", "/compensation/claims/{c}/payments/new/", "awarded", INVESTIGATOR),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url", "stage", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(name, url, stage, allowed, make_scene, client_for):
    scene = make_scene(stage)
    got = {persona: client_for(persona).get(scene.fill(url)).status_code for persona in ALL}
    assert got == {persona: 200 if persona in allowed else 404 for persona in ALL}


# --- HTML form posts: the change is made (302, one audit event) or nothing happens (404) ------
FORMS: list[tuple[str, str, str, dict[str, str], set[str]]] = [
    ("receipt", "/compensation/fund/receipts/new/", "claimed",
     {"organisation": "{org}", "amount": "100.00", "occurred_on": TODAY,
      "document_reference": "Bank statement 9"}, FUND),
    ("grant", "/compensation/fund/grants/new/", "claimed",
     {"grantee": "{ngo}", "amount": "100.00", "occurred_on": TODAY,
      "document_reference": "Decision 4", "programme": "Shelter beds"}, FUND),
    ("reverse", "/compensation/fund/transactions/{t}/reverse/", "claimed",
     {"occurred_on": TODAY, "document_reference": "Bank return 1", "reason": "Duplicate."}, FUND),
    ("claim: edit", "/compensation/claims/{c}/edit/", "claimed",
     {"filed_on": "2026-02-21", "moral_claimed": "9000", "material_claimed": "0",
      "version": "1"}, INVESTIGATOR),
    ("award", "/compensation/claims/{c}/award/", "claimed",
     {"awarded_on": TODAY, "court": "Minsk City Court", "judgment_reference": "1-2/2026",
      "moral_awarded": "100", "material_awarded": "0"}, INVESTIGATOR),
    ("offender payment", "/compensation/claims/{c}/payments/new/", "awarded",
     {"paid_on": TODAY, "moral_amount": "100", "material_amount": "0",
      "document_reference": "Receipt 5"}, INVESTIGATOR),
    ("pay from fund", "/compensation/awards/{a}/pay/", "awarded",
     {"paid_on": TODAY, "moral_amount": "100", "material_amount": "0",
      "document_reference": "Payment order 8"}, FUND),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "url", "stage", "form", "allowed"), FORMS, ids=[f[0] for f in FORMS]
)
def test_form_posts(name, url, stage, form, allowed, make_scene, client_for):
    scene = make_scene(stage)
    data = {
        k: v.replace("{org}", str(scene.organisation_id)).replace("{ngo}", str(scene.grantee_id))
        for k, v in form.items()
    }
    got, wrote = {}, {}
    for persona in denied_first(allowed):
        client = client_for(persona)
        before = AuditEvent.objects.count()
        got[persona] = client.post(scene.fill(url), data).status_code
        wrote[persona] = AuditEvent.objects.count() > before
    assert got == {persona: 302 if persona in allowed else 404 for persona in ALL}
    assert wrote == {persona: persona in allowed for persona in ALL}


def test_recording_a_claim_is_for_the_investigating_body_only(
    proceedings, investigator, actor, client_for, person_victim_without_claim
):
    url = f"/compensation/proceedings/{proceedings.pk}/claims/new/"
    data = {
        "participant": str(person_victim_without_claim.pk),
        "filed_on": "2026-02-20",
        "moral_claimed": "1000",
        "material_claimed": "250.50",
    }
    got = {}
    for persona in denied_first(INVESTIGATOR):
        got[persona] = client_for(persona).post(url, data).status_code
    assert got == {persona: 302 if persona in INVESTIGATOR else 404 for persona in ALL}
    assert Claim.objects.filter(participant=person_victim_without_claim).count() == 1


@pytest.fixture
def person_victim_without_claim(investigator, proceedings):
    from datetime import date

    from palermo.justice.services import ParticipantInput, do_link_participant
    from tests.conftest import person_input

    return do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(
            role="victim",
            linked_on=date(2026, 2, 11),
            person=person_input(family_name="Kavalenka", family_name_latin="Kavalenka"),
        ),
    )


# --- API ---------------------------------------------------------------------------------------
# (name, method, url, stage, body, {persona: status} for the allowed, status for the others)
API: list[tuple[str, str, str, str, dict[str, Any] | None, dict[str, int], int]] = [
    ("ledger", "get", "/api/compensation/fund/transactions/", "claimed", None,
     dict.fromkeys(FUND_READERS, 200), 403),
    ("transaction", "get", "/api/compensation/fund/transactions/{t}/", "claimed", None,
     dict.fromkeys(FUND_READERS, 200), 404),
    ("receipt", "post", "/api/compensation/fund/receipts/", "claimed",
     {"organisation_id": "{org}", "amount": "10.00", "occurred_on": TODAY,
      "document_reference": "Bank 1"}, {"fund_officer": 201}, 403),
    ("grant", "post", "/api/compensation/fund/grants/", "claimed",
     {"grantee_id": "{ngo}", "amount": "10.00", "occurred_on": TODAY,
      "document_reference": "Decision 1", "programme": "Hotline"}, {"fund_officer": 201}, 403),
    ("reverse", "post", "/api/compensation/fund/transactions/{t}/reverse/", "claimed",
     {"occurred_on": TODAY, "document_reference": "Return 1", "reason": "Duplicate."},
     {"fund_officer": 201}, 404),
    ("statement", "get", "/api/compensation/fund/statement/?date_from=2026-01-01&date_to=2026-12-31",
     "claimed", None, dict.fromkeys(FUND_READERS, 200), 403),
    ("awards to pay", "get", "/api/compensation/awards/", "awarded", None,
     dict.fromkeys(FUND_READERS, 200), 403),
    ("pay from fund", "post", "/api/compensation/awards/{a}/pay/", "awarded",
     {"paid_on": TODAY, "moral_amount": "10.00", "material_amount": "0",
      "document_reference": "Order 1"}, {"fund_officer": 201}, 404),
    ("claims", "get", "/api/compensation/claims/", "claimed", None,
     dict.fromkeys(CLAIM_READERS | FUND, 200), 403),
    ("claim", "get", "/api/compensation/claims/{c}/", "awarded", None,
     dict.fromkeys(CLAIM_READERS | FUND, 200), 404),
    ("claim: fund officer before the award", "get", "/api/compensation/claims/{c}/", "claimed",
     None, dict.fromkeys(CLAIM_READERS, 200), 404),
    ("claim: amend", "put", "/api/compensation/claims/{c}/", "claimed",
     {"expected_version": 1, "filed_on": "2026-02-21", "moral_claimed": "100",
      "material_claimed": "0"}, {"investigator": 200}, 404),
    ("award", "post", "/api/compensation/claims/{c}/award/", "claimed",
     {"awarded_on": TODAY, "court": "Court", "judgment_reference": "1-1/2026",
      "moral_awarded": "100", "material_awarded": "0"}, {"investigator": 201}, 404),
    ("offender payment", "post", "/api/compensation/claims/{c}/payments/", "awarded",
     {"paid_on": TODAY, "moral_amount": "10", "material_amount": "0",
      "document_reference": "Receipt 1"}, {"investigator": 201}, 404),
]  # fmt: skip


def _fill(value: Any, scene: Scene) -> Any:
    if value == "{org}":
        return scene.organisation_id
    if value == "{ngo}":
        return scene.grantee_id
    if isinstance(value, str):
        return scene.fill(value)
    if isinstance(value, dict):
        return {k: _fill(v, scene) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("name", "method", "url", "stage", "body", "allowed", "otherwise"), API, ids=[a[0] for a in API]
)
def test_api(name, method, url, stage, body, allowed, otherwise, make_scene, api_for):
    scene = make_scene(stage)
    got = {}
    for persona in denied_first(allowed):
        kwargs = {"format": "json"} if method != "get" else {}
        response = getattr(api_for(persona), method)(scene.fill(url), _fill(body, scene), **kwargs)
        got[persona] = response.status_code
    assert got == {persona: allowed.get(persona, otherwise) for persona in ALL}


def test_recording_a_claim_through_the_api(proceedings, person_victim_without_claim, api_for):
    body = {
        "participant_id": person_victim_without_claim.pk,
        "filed_on": "2026-02-20",
        "moral_claimed": "1000.00",
        "material_claimed": "0.00",
    }
    got = {}
    for persona in denied_first(INVESTIGATOR):
        got[persona] = (
            api_for(persona).post("/api/compensation/claims/", body, format="json").status_code
        )
    assert got == {persona: 201 if persona in INVESTIGATOR else 403 for persona in ALL}


def test_another_investigating_body_cannot_reach_the_victim(
    person_victim_without_claim, personas, api_for
):
    """An investigator of another agency gets 404 for the victim, like an unknown id."""
    from palermo.accounts.models import Agency
    from palermo.accounts.services import do_add_membership, do_create_user

    prosecutor = Agency.objects.filter(kind="prosecutor").first()
    user = do_create_user(actor=None, username="other_investigator", password="x-Password-12345")
    do_add_membership(actor=None, user=user, agency=prosecutor, role="investigator")
    client = api_for("investigator")
    client.force_authenticate(user=user)
    client.credentials()
    response = client.post(
        "/api/compensation/claims/",
        {"participant_id": person_victim_without_claim.pk, "filed_on": "2026-02-20",
         "moral_claimed": "1", "material_claimed": "0"},
        format="json",
    )  # fmt: skip
    missing = client.post(
        "/api/compensation/claims/",
        {"participant_id": 999999, "filed_on": "2026-02-20",
         "moral_claimed": "1", "material_claimed": "0"},
        format="json",
    )  # fmt: skip
    assert response.status_code == missing.status_code == 404


# --- Names: the fund officer (and every compensation page) shows reference numbers only ------


def test_the_fund_officer_sees_amounts_and_reference_numbers_but_no_names(
    make_scene, client_for, api_for, victim
):
    scene = make_scene("awarded")
    reference = victim.person.reference
    pages = [
        "/compensation/awards/",
        f"/compensation/awards/{scene.award.pk}/pay/",
        f"/compensation/claims/{scene.claim.pk}/",
        "/compensation/claims/",
    ]
    for url in pages:
        html = client_for("fund_officer").get(url).content.decode()
        assert reference in html, url
        assert "IC-2026-0042" in html, url
        assert VICTIM_FAMILY_NAME not in html and "Shauchenka" not in html, url
    for url in ("/api/compensation/awards/", f"/api/compensation/claims/{scene.claim.pk}/"):
        text = api_for("fund_officer").get(url).content.decode()
        assert reference in text and "5000.00" in text, url
        assert "Shauchenka" not in text and "\\u0428" not in text and VICTIM_FAMILY_NAME not in text


def test_menu_entries_follow_the_capabilities(client_for, personas):
    fund_menu = client_for("fund_officer").get(reverse("home")).content.decode()
    assert reverse("compensation:ledger") in fund_menu
    assert reverse("compensation:claims") not in fund_menu
    investigator_menu = client_for("investigator").get(reverse("home")).content.decode()
    assert reverse("compensation:claims") in investigator_menu
    assert reverse("compensation:ledger") not in investigator_menu
    outsider_menu = client_for("outsider").get(reverse("home")).content.decode()
    assert "/compensation/" not in outsider_menu


def test_anonymous_is_sent_to_login(client, funded):
    response = client.get(reverse("compensation:ledger"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get("/api/compensation/fund/transactions/").status_code in (401, 403)

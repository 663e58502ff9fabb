"""Permission tables: (persona, page or endpoint) → what the persona gets, for every view and
endpoint of the referral mechanism. "No access" answers 404, exactly like "not found"; an
endpoint a role cannot use at all answers 403 in the API.

The scene: the Minsk-city CT officer's case, referred to the Gomel NGO for psychological help and
legal assistance. ``sent``: awaiting the NGO's answer; ``accepted``: the NGO took it on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from palermo.accounts.roles import ROLES, Cap
from palermo.demo.personas import PERSONAS
from palermo.referrals.models import Referral, ServiceOffering
from palermo.referrals.services import (
    DeliveryInput,
    FollowUpInput,
    GoalInput,
    do_accept_referral,
    do_add_goal,
    do_open_assisted_return,
    do_record_follow_up,
    do_record_service_delivery,
)
from tests.conftest import PERSONA_NAMES

TODAY = timezone.localdate().isoformat()
ALL = set(PERSONA_NAMES)
CASE_READERS = ALL - {
    "registry_officer",
    "analyst",
    "migration_officer",
    "fund_officer",
}  # see cases
OWNER = {"officer_minsk"}
RECEIVER = {"caseworker_gomel"}
# Roles that neither send nor answer referrals: the API's "refer" endpoint is closed to them (403).
NO_REFERRAL_WORK = {
    p.username for p in PERSONAS if Cap.REFERRAL_WORK not in ROLES[p.role].capabilities
}


@dataclass
class Scene:
    referral: Referral
    case_id: int
    goal_id: int | None = None
    offering_id: int = 0

    def fill(self, text: str) -> str:
        return text.format(r=self.referral.pk, c=self.case_id, g=self.goal_id, o=self.offering_id)


def make_scene(stage: str, referral: Referral, actor: Callable[[str], Any]) -> Scene:
    offering = ServiceOffering.objects.get(agency=referral.to_agency, service_type="legal")
    scene = Scene(referral=referral, case_id=referral.case_id, offering_id=offering.pk)
    if stage == "accepted":
        gomel = actor("caseworker_gomel")
        do_accept_referral(actor=gomel, referral=referral)
        do_record_service_delivery(
            actor=gomel,
            case=referral.case,
            data=DeliveryInput(service_type="legal", delivered_on=timezone.localdate()),
        )
        goal = do_add_goal(
            actor=gomel,
            case=referral.case,
            data=GoalInput(support_type="livelihood", description="Find a job in Gomel."),
        )
        scene.goal_id = goal.pk
        do_record_follow_up(
            actor=gomel,
            case=referral.case,
            data=FollowUpInput(followed_up_on=timezone.localdate()),
        )
        do_open_assisted_return(actor=gomel, case=referral.case, counselled_on=timezone.localdate())
    return scene


# --- HTML pages (GET) -------------------------------------------------------------------------
# (name, url, stage, personas answered 200; everyone else 404)
PAGES: list[tuple[str, str, str, set[str]]] = [
    ("inbox", "/referrals/", "sent", CASE_READERS),
    ("dashboard", "/referrals/dashboard/", "sent", CASE_READERS),
    ("directory", "/referrals/directory/", "sent", ALL),
    ("directory entry: add", "/referrals/directory/new/", "sent", {"admin"}),
    ("directory entry: edit", "/referrals/directory/{o}/edit/", "sent", {"admin"}),
    ("notifications", "/referrals/notifications/", "sent", ALL),
    ("referral, sent", "/referrals/{r}/", "sent", OWNER | RECEIVER | {"admin"}),
    ("referral, accepted", "/referrals/{r}/", "accepted", OWNER | RECEIVER | {"admin"}),
    ("case, sent", "/referrals/cases/{c}/", "sent", OWNER | {"admin"}),
    ("case, accepted", "/referrals/cases/{c}/", "accepted", OWNER | RECEIVER | {"admin"}),
    ("refer", "/referrals/cases/{c}/refer/", "sent", OWNER),
    ("refer: agencies", "/referrals/cases/{c}/refer/agencies/?services=legal", "sent", OWNER),
    ("service: add", "/referrals/cases/{c}/services/new/", "accepted", OWNER | RECEIVER),
    ("service: add, sent", "/referrals/cases/{c}/services/new/", "sent", OWNER),
    ("goal: add", "/referrals/cases/{c}/goals/new/", "accepted", OWNER | RECEIVER),
    ("goal: edit", "/referrals/goals/{g}/edit/", "accepted", OWNER | RECEIVER),
    ("follow-up: add", "/referrals/cases/{c}/follow-ups/new/", "accepted", OWNER | RECEIVER),
    ("return", "/referrals/cases/{c}/return/", "accepted", OWNER | RECEIVER),
]


def denied_first(allowed: set[str] | dict[str, int]) -> list[str]:
    """Personas in the order a table test runs them: those refused first, so that a change made
    by an allowed persona cannot hide a refusal."""
    return [p for p in PERSONA_NAMES if p not in allowed] + [
        p for p in PERSONA_NAMES if p in allowed
    ]


@pytest.mark.parametrize(("name", "url", "stage", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(name, url, stage, allowed, referral, actor, client_for):
    scene = make_scene(stage, referral, actor)
    got = {persona: client_for(persona).get(scene.fill(url)).status_code for persona in ALL}
    assert got == {persona: 200 if persona in allowed else 404 for persona in ALL}


# --- HTML actions (POST) ----------------------------------------------------------------------
# (name, url, stage, form, personas for whom it works: a redirect with the step done)
ACTIONS: list[tuple[str, str, str, dict[str, str], set[str], str]] = [
    ("accept", "/referrals/{r}/accept/", "sent", {}, RECEIVER, "accepted"),
    ("decline", "/referrals/{r}/decline/", "sent", {"reason": "Full."}, RECEIVER, "declined"),
    ("complete", "/referrals/{r}/complete/", "accepted", {}, RECEIVER, "completed"),
    ("withdraw", "/referrals/{r}/withdraw/", "sent", {}, OWNER, "withdrawn"),
    ("revoke", "/referrals/{r}/revoke/", "accepted", {"reason": "Error."}, {"admin"}, "revoked"),
]


@pytest.mark.parametrize(
    ("name", "url", "stage", "form", "allowed", "after"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_actions(name, url, stage, form, allowed, after, referral, actor, client_for):
    scene = make_scene(stage, referral, actor)
    before = Referral.objects.get(pk=referral.pk).status
    got, states = {}, {}
    for persona in denied_first(allowed):
        got[persona] = client_for(persona).post(scene.fill(url), form).status_code
        states[persona] = Referral.objects.get(pk=referral.pk).status
    assert got == {persona: 302 if persona in allowed else 404 for persona in ALL}
    assert states == {persona: after if persona in allowed else before for persona in ALL}


FORMS: list[tuple[str, str, str, dict[str, str], set[str]]] = [
    (
        "refer",
        "/referrals/cases/{c}/refer/",
        "sent",
        {"services": "education", "to_agency": "{ywca}", "reason": "other", "urgency": "urgent",
         "share": "exploitation"},
        OWNER,
    ),
    ("service", "/referrals/cases/{c}/services/new/", "accepted",
     {"service_type": "legal", "delivered_on": TODAY}, OWNER | RECEIVER),
    ("goal", "/referrals/cases/{c}/goals/new/", "accepted",
     {"support_type": "education", "description": "Finish school.", "status": "open"},
     OWNER | RECEIVER),
    ("follow-up", "/referrals/cases/{c}/follow-ups/new/", "accepted",
     {"followed_up_on": TODAY}, OWNER | RECEIVER),
    ("return: counselling", "/referrals/cases/{c}/return/counselling/", "accepted",
     {"counselled_on": "{day}"}, OWNER | RECEIVER),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "url", "stage", "form", "allowed"), FORMS, ids=[f[0] for f in FORMS]
)
def test_form_posts(name, url, stage, form, allowed, referral, actor, client_for):
    from palermo.accounts.models import Agency
    from palermo.core.models import AuditEvent

    scene = make_scene(stage, referral, actor)
    ywca = Agency.objects.get(catalogue_code="ywca_belarus")
    got, wrote = {}, {}
    for number, persona in enumerate(denied_first(allowed), start=1):
        data = {
            k: v.replace("{ywca}", str(ywca.pk)).replace("{day}", f"2026-01-{number:02d}")
            for k, v in form.items()
        }
        client = client_for(persona)
        before = AuditEvent.objects.count()
        got[persona] = client.post(scene.fill(url), data).status_code
        wrote[persona] = AuditEvent.objects.count() > before
    assert got == {persona: 302 if persona in allowed else 404 for persona in ALL}
    assert wrote == {persona: persona in allowed for persona in ALL}


def test_an_agency_administrator_revokes_and_manages_its_own_entries(
    referral, agency_admin, client, admin_actor
):
    client.force_login(agency_admin.user)
    inbox = client.get(reverse("referrals:inbox"))
    assert inbox.status_code == 200 and referral.reference in inbox.content.decode()
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    assert client.get(reverse("referrals:case", args=[referral.case_id])).status_code == 404
    assert client.get(reverse("referrals:offering_new")).status_code == 200
    gomel_entry = ServiceOffering.objects.filter(agency=referral.to_agency).first()
    assert gomel_entry is not None
    assert client.get(reverse("referrals:offering_edit", args=[gomel_entry.pk])).status_code == 404
    response = client.post(reverse("referrals:revoke", args=[referral.pk]), {"reason": "Wrong."})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == "revoked"


# --- API ---------------------------------------------------------------------------------------
API_READERS = CASE_READERS  # roles with referral lists; the others get 403
# (name, method, url, stage, body, {persona: status} for the allowed, status for the others)
API: list[tuple[str, str, str, str, dict[str, Any] | None, dict[str, int], int]] = [
    ("service types", "get", "/api/service-types/", "sent", None, dict.fromkeys(ALL, 200), 404),
    ("directory", "get", "/api/service-offerings/", "sent", None, dict.fromkeys(ALL, 200), 404),
    ("directory: add", "post", "/api/service-offerings/", "sent",
     {"service_type": "education", "agency_id": "{gomel}"}, {"admin": 201}, 403),
    ("directory: read", "get", "/api/service-offerings/{o}/", "sent", None,
     dict.fromkeys(ALL, 200), 404),
    ("directory: edit", "put", "/api/service-offerings/{o}/", "sent",
     {"service_type": "legal", "regions": ["BY-HO"], "notes": "Mon-Fri"}, {"admin": 200}, 404),
    ("referrals", "get", "/api/referrals/", "sent", None, dict.fromkeys(API_READERS, 200), 403),
    ("referral", "get", "/api/referrals/{r}/", "sent", None,
     dict.fromkeys(OWNER | RECEIVER | {"admin"}, 200), 404),
    ("refer", "post", "/api/referrals/", "sent",
     {"case_id": "{c}", "to_agency_id": "{ywca}", "services": ["education"]},
     {"officer_minsk": 201, **dict.fromkeys(NO_REFERRAL_WORK, 403)}, 404),
    ("accept", "post", "/api/referrals/{r}/accept/", "sent", {}, {"caseworker_gomel": 200}, 404),
    ("decline", "post", "/api/referrals/{r}/decline/", "sent", {"reason": "Full."},
     {"caseworker_gomel": 200}, 404),
    ("complete", "post", "/api/referrals/{r}/complete/", "accepted", {},
     {"caseworker_gomel": 200}, 404),
    ("withdraw", "post", "/api/referrals/{r}/withdraw/", "sent", {}, {"officer_minsk": 200}, 404),
    ("revoke", "post", "/api/referrals/{r}/revoke/", "sent", {"reason": "Error."},
     {"admin": 200}, 404),
    ("dashboard", "get", "/api/referrals/dashboard/", "sent", None,
     dict.fromkeys(CASE_READERS, 200), 403),
    ("services delivered", "get", "/api/cases/{c}/services-delivered/", "accepted", None,
     dict.fromkeys(OWNER | RECEIVER | {"admin"}, 200), 404),
    ("services delivered: add", "post", "/api/cases/{c}/services-delivered/", "accepted",
     {"service_type": "legal", "delivered_on": TODAY}, dict.fromkeys(OWNER | RECEIVER, 201), 404),
    ("goals", "get", "/api/cases/{c}/reintegration-goals/", "accepted", None,
     dict.fromkeys(OWNER | RECEIVER | {"admin"}, 200), 404),
    ("goals: add", "post", "/api/cases/{c}/reintegration-goals/", "accepted",
     {"support_type": "education", "description": "Finish school."},
     dict.fromkeys(OWNER | RECEIVER, 201), 404),
    ("goal: edit", "put", "/api/reintegration-goals/{g}/", "accepted",
     {"support_type": "livelihood", "description": "Work.", "status": "achieved"},
     dict.fromkeys(OWNER | RECEIVER, 200), 404),
    ("follow-ups", "get", "/api/cases/{c}/follow-ups/", "accepted", None,
     dict.fromkeys(OWNER | RECEIVER | {"admin"}, 200), 404),
    ("follow-ups: add", "post", "/api/cases/{c}/follow-ups/", "accepted",
     {"followed_up_on": TODAY}, dict.fromkeys(OWNER | RECEIVER, 201), 404),
    ("overdue follow-ups", "get", "/api/follow-ups/overdue/", "sent", None,
     dict.fromkeys(CASE_READERS, 200), 403),
    ("return", "get", "/api/cases/{c}/assisted-return/", "accepted", None,
     dict.fromkeys(OWNER | RECEIVER | {"admin"}, 200), 404),
    ("return: update", "put", "/api/cases/{c}/assisted-return/", "accepted",
     {"status": "cancelled"}, dict.fromkeys(OWNER | RECEIVER, 200), 404),
    ("return: counselling", "post", "/api/cases/{c}/assisted-return/counselling/", "accepted",
     {"counselled_on": "{day}"}, dict.fromkeys(OWNER | RECEIVER, 201), 404),
    ("notifications", "get", "/api/notifications/", "sent", None, dict.fromkeys(ALL, 200), 403),
    ("notifications: read all", "post", "/api/notifications/read-all/", "sent", {},
     dict.fromkeys(ALL, 200), 403),
]  # fmt: skip


def _fill(value: Any, scene: Scene, extra: dict[str, Any]) -> Any:
    if isinstance(value, str):
        for key, number in extra.items():
            if value == "{" + key + "}":
                return number
        return int(scene.fill(value)) if value in ("{c}", "{r}") else scene.fill(value)
    if isinstance(value, dict):
        return {k: _fill(v, scene, extra) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, scene, extra) for v in value]
    return value


@pytest.mark.parametrize(
    ("name", "method", "url", "stage", "body", "allowed", "otherwise"), API, ids=[a[0] for a in API]
)
def test_api(name, method, url, stage, body, allowed, otherwise, referral, actor, api_for):
    from palermo.accounts.models import Agency

    scene = make_scene(stage, referral, actor)
    got = {}
    for number, persona in enumerate(denied_first(allowed), start=1):
        extra = {
            "ywca": Agency.objects.get(catalogue_code="ywca_belarus").pk,
            "gomel": referral.to_agency_id,
            "day": f"2026-01-{number:02d}",
        }
        client = api_for(persona)
        kwargs = {"format": "json"} if method != "get" else {}
        response = getattr(client, method)(scene.fill(url), _fill(body, scene, extra), **kwargs)
        got[persona] = response.status_code
    assert got == {persona: allowed.get(persona, otherwise) for persona in ALL}


def test_an_unknown_referral_answers_like_a_forbidden_one(referral, client_for, api_for):
    missing = referral.pk + 1000
    forbidden = client_for("outsider").get(reverse("referrals:detail", args=[referral.pk]))
    not_found = client_for("outsider").get(reverse("referrals:detail", args=[missing]))
    assert forbidden.status_code == not_found.status_code == 404
    assert forbidden.content == not_found.content
    api_forbidden = api_for("outsider").get(f"/api/referrals/{referral.pk}/")
    api_missing = api_for("outsider").get(f"/api/referrals/{missing}/")
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()


def test_anonymous_is_sent_to_login(client, referral):
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get("/api/referrals/").status_code in (401, 403)

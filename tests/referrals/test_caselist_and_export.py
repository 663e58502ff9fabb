"""A case referred to an agency in that agency's case list (what the referral shares, no
more), the case list's referral filters, and the referral list's export."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from palermo.core.models import AuditEvent
from palermo.referrals.services import do_accept_referral, do_send_referral
from tests.conftest import PERSONA_NAMES
from tests.referrals.conftest import referral_input

NAME = "Шаўчэнка"
REFERRAL_READERS = {
    "officer_minsk",
    "caseworker_gomel",
    "shelter_manager",
    "investigator",
    "hotline_operator",
    "admin",
    "outsider",
}


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def accepted(referral, actor):
    return do_accept_referral(actor=actor("caseworker_gomel"), referral=referral)


@pytest.fixture
def accepted_without_identity(actor, minsk_case, directory, gomel_agency):
    sent = do_send_referral(
        actor=actor("officer_minsk"),
        case=minsk_case,
        data=referral_input(gomel_agency.pk, share=["narrative"]),
    )
    return do_accept_referral(actor=actor("caseworker_gomel"), referral=sent)


def test_a_case_referred_to_my_agency_is_in_my_list(accepted, client_for, api_for, minsk_case):
    page = client_for("caseworker_gomel").get(reverse("cases:list")).content.decode()
    assert minsk_case.reference in page and "referred to us" in page
    assert NAME in page  # the referral shares the identity, with consent
    only_referred = client_for("caseworker_gomel").post(reverse("cases:list"), {"referred": "on"})
    assert minsk_case.reference in only_referred.content.decode()
    listed = api_for("caseworker_gomel").get("/api/cases/?referred=true").json()["results"]
    assert [c["reference"] for c in listed] == [minsk_case.reference]
    assert listed[0]["assigned_worker_id"] is None  # the owner's staff stay the owner's business


def test_a_referral_without_identity_shows_no_name_anywhere(
    accepted_without_identity, client_for, api_for, minsk_case
):
    page = client_for("caseworker_gomel").get(reverse("cases:list")).content.decode()
    assert minsk_case.reference in page and NAME not in page
    # Exploitation facts are not shared either: not shown (the table alone, as htmx asks for
    # it), and not found by them.
    table = client_for("caseworker_gomel").post(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert minsk_case.reference in table.content.decode()
    assert "Sexual exploitation" not in table.content.decode()
    api = api_for("caseworker_gomel")
    found = api.get("/api/cases/?exploitation_form=sexual_exploitation").json()
    assert found["count"] == 0
    listed = api.get("/api/cases/").json()["results"]
    assert listed[0]["person"].get("family_name") is None
    export = client_for("caseworker_gomel").post(
        reverse("cases:export"), {"format": "csv", "identities": "1"}
    )
    assert export.status_code == 200
    assert NAME not in export.content.decode("utf-8-sig")
    header, row = _rows(export.content)
    assert row[header.index("Family name")] == ""
    assert row[header.index("Forms of exploitation")] == ""


def test_a_pending_referral_does_not_bring_the_case(referral, client_for, minsk_case):
    page = client_for("caseworker_gomel").get(reverse("cases:list")).content.decode()
    assert minsk_case.reference not in page


def test_the_open_referral_filter(referral, api_for, minsk_case, actor):
    refs = lambda q: {c["reference"] for c in api_for("officer_minsk").get(q).json()["results"]}  # noqa: E731
    assert refs("/api/cases/?open_referral=true") == {minsk_case.reference}
    # Another agency's case with no referral of ours stays out of an outsider's list anyway.
    assert api_for("outsider").get("/api/cases/?open_referral=true").json()["count"] == 0


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_referral_export_permissions(persona, client_for, api_for, referral):
    page = client_for(persona).get(reverse("referrals:export") + "?format=csv&box=all")
    assert page.status_code == (200 if persona in REFERRAL_READERS else 404)
    answer = api_for(persona).get("/api/referrals/export/?as=csv&box=all")
    assert answer.status_code == (200 if persona in REFERRAL_READERS else 403)
    if persona == "outsider":
        assert len(_rows(page.content)) == 1  # the header only: nothing of others' referrals


def test_referral_export_columns_identities_and_audit(accepted, client_for, api_for):
    client = client_for("caseworker_gomel")
    plain = client.get(reverse("referrals:export") + "?format=csv&box=incoming")
    header, row = _rows(plain.content)
    assert header[:2] == ["Referral number", "Case number"] and "Family name" not in header
    assert row[0] == accepted.reference and NAME not in plain.content.decode("utf-8-sig")
    named = client.get(reverse("referrals:export") + "?format=xlsx&box=incoming&identities=1")
    assert named.status_code == 200
    assert named["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.filter(action="referral.list_exported").order_by("seq").last()
    assert event.data["identities"] is True
    assert event.data["filters"] == {"box": "incoming", "status": ""}
    assert AuditEvent.objects.filter(purpose="referral list export").exists()
    bad = api_for("caseworker_gomel").get("/api/referrals/export/?as=csv&box=sideways")
    assert bad.status_code == 400 and "box" in bad.json()

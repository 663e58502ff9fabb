"""The pages, the partners' inbox and the command line, as a user meets them: clear refusals that
name the problem and write nothing, and the happy paths ending where the user expects."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from palermo.cases.models import Case
from palermo.core.audit import AuditEvent
from palermo.crossborder.models import IncomingReferral, OutgoingReferral, Partner
from palermo.crossborder.package import KeyPair
from tests.conftest import case_page
from tests.crossborder.conftest import b64

pytestmark = pytest.mark.django_db


def test_the_administrator_registers_a_partner_and_sees_its_fingerprint(own_key, client_for, actor):  # type: ignore[no-untyped-def]
    client = client_for("admin")
    keys = KeyPair.generate().public
    form = {
        "name": "IOM Mission to Testland",
        "kind": "international_organisation",
        "country": "",
        "encryption_key": b64(keys.encryption),
        "signing_key": "not a key",
        "endpoint_url": "",
        "receiving_agency_id": actor("officer_minsk").agency.pk,
    }
    refused = client.post(reverse("crossborder:partners"), form)
    assert refused.status_code == 200
    assert "This is not a valid public key" in refused.content.decode()
    assert not Partner.objects.exists()
    form["signing_key"] = b64(keys.signing)
    done = client.post(reverse("crossborder:partners"), form, follow=True)
    page = done.content.decode()
    assert "Partner registered" in page and keys.fingerprint[:4] in page
    assert Partner.objects.get().name == "IOM Mission to Testland"


def test_the_administrator_creates_the_key_pair_once_and_sees_it(client_for):  # type: ignore[no-untyped-def]
    client = client_for("admin")
    assert "Create the key pair" in client.get(reverse("crossborder:partners")).content.decode()
    page = client.post(reverse("crossborder:key_generate"), follow=True).content.decode()
    assert "key pair was created" in page and "palermo-crossborder-key/1" in page
    again = client.post(reverse("crossborder:key_generate"), follow=True).content.decode()
    assert "already has its key pair" in again


def test_sending_without_consent_is_refused_on_the_page(abroad, minsk_case, client_for):  # type: ignore[no-untyped-def]
    response = client_for("officer_minsk").post(
        reverse("crossborder:send", args=[minsk_case.pk]),
        {"partner_id": abroad.partner.pk, "parts": ["names"], "reason": "Other", "valid_days": 14},
    )
    assert response.status_code == 200
    assert "consent does not cover transfer abroad" in response.content.decode()
    assert not OutgoingReferral.objects.exists()


def test_sending_from_the_case_page(abroad, consented_case, client_for):  # type: ignore[no-untyped-def]
    client = client_for("officer_minsk")
    page = case_page(client, consented_case.pk).content.decode()
    assert "Refer abroad" in page
    response = client.post(
        reverse("crossborder:send", args=[consented_case.pk]),
        {"partner_id": abroad.partner.pk, "parts": ["names"], "reason": "Other", "valid_days": 3},
        follow=True,
    )
    assert "The referral was sealed for the partner." in response.content.decode()
    referral = OutgoingReferral.objects.get()
    assert abroad.open(referral.package)["prs_FirstName"] == "Вольга"
    download = client.get(reverse("crossborder:outgoing_package", args=[referral.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["header"]["id"] == referral.package_id


def test_uploading_a_tampered_file_says_why_and_writes_nothing(abroad, client_for):  # type: ignore[no-untyped-def]
    document = json.loads(abroad.referral())
    document["header"]["created_at"] = "2026-01-01T00:00:00Z"
    response = client_for("officer_minsk").post(
        reverse("crossborder:receive"), {"package_text": json.dumps(document)}
    )
    assert response.status_code == 400
    assert "Package refused: The signature does not match" in response.content.decode()
    assert not IncomingReferral.objects.exists()


def test_uploading_a_good_file_leads_to_the_referral_and_answering_on_the_page(abroad, client_for):  # type: ignore[no-untyped-def]
    client = client_for("officer_minsk")
    response = client.post(
        reverse("crossborder:receive"), {"package_text": abroad.referral()}, follow=True
    )
    page = response.content.decode()
    assert "Ковалёва" in page and "Answer the partner" in page
    incoming = IncomingReferral.objects.get()
    url = reverse("crossborder:incoming_answer", args=[incoming.pk])
    refused = client.post(url, {"decision": "decline", "expected_version": incoming.version})
    assert refused.status_code == 400
    assert "Give the partner a reason for declining." in refused.content.decode()
    cases = Case.objects.count()
    accepted = client.post(
        url,
        {
            "decision": "accept",
            "region": "BY-HM",
            "exploitation_forms": ["forced_labour"],
            "expected_version": incoming.version,
        },
        follow=True,
    )
    assert "Accepted: case BY-" in accepted.content.decode()
    assert Case.objects.count() == cases + 1
    assert "Download the sealed answer" in accepted.content.decode()


def test_the_inbox_takes_a_package_once_and_refuses_garbage(abroad, client):  # type: ignore[no-untyped-def]
    text = abroad.referral()
    first = client.post("/api/crossborder/inbox/", text, content_type="application/json")
    assert first.status_code == 202 and first.json()["kind"] == "referral"
    again = client.post("/api/crossborder/inbox/", text, content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "replayed"
    garbage = client.post("/api/crossborder/inbox/", "{nope", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["code"] == "malformed"
    assert IncomingReferral.objects.count() == 1


def test_the_command_line_imports_a_package_and_refuses_a_replay(abroad, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "referral.json"
    path.write_text(abroad.referral())
    out = StringIO()
    call_command("crossborder", "import-package", str(path), stdout=out)
    assert "received into the queue of" in out.getvalue()
    with pytest.raises(CommandError, match="refused \\(replayed\\)"):
        call_command("crossborder", "import-package", str(path))
    event = AuditEvent.objects.get(action="crossborder.referral_received")
    assert event.data["channel"] == "cli"


def test_the_command_line_exports_the_public_key(db):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("crossborder", "export-key", stdout=out, stderr=StringIO())
    exported = json.loads(out.getvalue())
    again = StringIO()
    call_command("crossborder", "export-key", stdout=again)
    assert json.loads(again.getvalue()) == exported  # created once, never replaced

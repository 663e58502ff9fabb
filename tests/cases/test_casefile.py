# ruff: noqa: F811  (the fixtures imported from casefile_fixtures are parameters here)
"""The working file of a case: notes with a visibility level, encrypted attachments, flags, and
the reads of the file kept off the timeline in a "who looked" view of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from palermo.accounts.services import do_add_membership, do_create_user
from palermo.cases.models import CaseAttachment, CaseFlag, CaseNote
from palermo.cases.services import (
    AttachmentInput,
    NoteInput,
    do_add_note,
    do_correct_note,
    do_set_flag,
    do_upload_attachment,
)
from palermo.core.audit import AuditEvent
from tests.cases.casefile_fixtures import (  # noqa: F401 (fixtures)
    EXE,
    PDF,
    PNG,
    attachments_dir,
    share_with_gomel,
    shared_case,
)
from tests.conftest import PERSONA_NAMES, case_page

# Who sees the Minsk officer's case at all once it is referred to the Gomel NGO.
SEES_CASE = {"officer_minsk", "admin", "caseworker_gomel"}


def _notes(actor, case):
    officer = actor("officer_minsk")
    return {
        level: do_add_note(
            actor=officer, case=case, data=NoteInput(text=f"{level} note text", visibility=level)
        )
        for level in ("agency", "national", "shared")
    }


# persona -> the officer's notes it reads (by level)
NOTE_READERS = {
    "officer_minsk": {"agency", "national", "shared"},
    "admin": {"national", "shared"},
    "caseworker_gomel": {"shared"},
}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_reads_which_note_on_the_page(persona, actor, client_for, shared_case):
    _notes(actor, shared_case)
    page = case_page(client_for(persona), shared_case.pk)
    if persona not in SEES_CASE:
        assert page.status_code == 404
        return
    text = page.content.decode()
    for level in ("agency", "national", "shared"):
        assert (f"{level} note text" in text) == (level in NOTE_READERS[persona]), level


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_reads_which_note_through_the_api(persona, actor, api_for, shared_case):
    _notes(actor, shared_case)
    response = api_for(persona).get(f"/api/cases/{shared_case.pk}/notes/")
    if persona not in SEES_CASE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert {n["text"].split()[0] for n in response.json()} == NOTE_READERS[persona]


def test_a_referral_that_does_not_share_notes_shows_none(actor, api_for, minsk_case):
    share_with_gomel(actor, minsk_case, share=["exploitation"])
    _notes(actor, minsk_case)
    response = api_for("caseworker_gomel").get(f"/api/cases/{minsk_case.pk}/notes/")
    assert response.status_code == 200 and response.json() == []


def test_withdrawn_consent_hides_shared_notes(actor, api_for, shared_case):
    from palermo.cases.services import do_withdraw_consent

    _notes(actor, shared_case)
    consent = shared_case.consents.get()
    do_withdraw_consent(
        actor=actor("officer_minsk"), consent=consent, withdrawn_on=consent.given_on
    )
    assert api_for("caseworker_gomel").get(f"/api/cases/{shared_case.pk}/notes/").status_code == 404


# persona -> the answer to adding a note through the API
NOTE_WRITERS = {"officer_minsk": 201, "admin": 201, "caseworker_gomel": 201}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_adds_notes(persona, api_for, shared_case):
    response = api_for(persona).post(
        f"/api/cases/{shared_case.pk}/notes/",
        {"text": "Called the person; she is safe.", "visibility": "shared"},
        format="json",
    )
    assert response.status_code == NOTE_WRITERS.get(persona, 404)
    assert CaseNote.objects.count() == (1 if persona in NOTE_WRITERS else 0)


def test_a_note_is_encrypted_audited_and_refused_when_empty(actor, api_for, minsk_case):
    from django.db import connection

    client = api_for("officer_minsk")
    bad = client.post(
        f"/api/cases/{minsk_case.pk}/notes/", {"text": " ", "visibility": "world"}, format="json"
    )
    assert bad.status_code == 400 and "text" in bad.json()
    bad = client.post(
        f"/api/cases/{minsk_case.pk}/notes/", {"text": "x", "visibility": "world"}, format="json"
    )
    assert bad.status_code == 400 and "visibility" in bad.json()
    assert CaseNote.objects.count() == 0
    ok = client.post(f"/api/cases/{minsk_case.pk}/notes/", {"text": "Secret word"}, format="json")
    assert ok.status_code == 201 and ok.json()["visibility"] == "agency"
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM cases_casenote")
        (raw,) = cursor.fetchone()
    assert "Secret" not in raw and raw.startswith("v1.")
    assert AuditEvent.objects.filter(action="case.note_added").count() == 1


def test_notes_are_corrected_not_edited(actor, api_for, client_for, shared_case):
    notes = _notes(actor, shared_case)
    original = notes["shared"]
    # Another agency cannot correct the officer's note.
    refused = api_for("caseworker_gomel").post(
        f"/api/cases/{shared_case.pk}/notes/{original.pk}/correct/", {"text": "no"}, format="json"
    )
    assert refused.status_code == 400
    fixed = api_for("officer_minsk").post(
        f"/api/cases/{shared_case.pk}/notes/{original.pk}/correct/",
        {"text": "shared note, corrected: she moved to Minsk"},
        format="json",
    )
    assert fixed.status_code == 201
    assert fixed.json()["corrects"] == original.pk and fixed.json()["visibility"] == "shared"
    original.refresh_from_db()
    assert original.text == "shared note text"  # the original stays
    again = api_for("officer_minsk").post(
        f"/api/cases/{shared_case.pk}/notes/{original.pk}/correct/", {"text": "x"}, format="json"
    )
    assert again.status_code == 400  # corrected once; correct the correction instead
    # The receiving agency reads both, the original marked as corrected.
    text = case_page(client_for("caseworker_gomel"), shared_case.pk).content.decode()
    assert "she moved to Minsk" in text and "corrected" in text
    assert AuditEvent.objects.filter(action="case.note_corrected").count() == 1


def test_a_note_through_the_page(client_for, minsk_case):
    client = client_for("officer_minsk")
    url = reverse("cases:note_add", args=[minsk_case.pk])
    refused = client.post(url, {"text": "", "visibility": "agency"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "Write the note." in refused.content.decode()
    added = client.post(url, {"text": "Met at the station", "visibility": "agency"})
    assert added.status_code == 302
    assert "Met at the station" in case_page(client, minsk_case.pk).content.decode()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_adding_a_note_through_the_page_is_for_case_staff(persona, client_for, shared_case):
    response = client_for(persona).post(
        reverse("cases:note_add", args=[shared_case.pk]), {"text": "t", "visibility": "agency"}
    )
    assert response.status_code == (302 if persona in NOTE_WRITERS else 404)


# --- attachments ------------------------------------------------------------------------------


def _upload(actor, case, content=PDF, name="consent.pdf", visibility="agency", who="officer_minsk"):
    return do_upload_attachment(
        actor=actor(who),
        case=case,
        data=AttachmentInput(
            file=SimpleUploadedFile(name, content), description="", visibility=visibility
        ),
    )


def test_an_attachment_is_encrypted_on_disk(actor, minsk_case, attachments_dir, client_for):
    attachment = _upload(actor, minsk_case)
    files = list(Path(attachments_dir).iterdir())
    assert len(files) == 1 and files[0].name == attachment.stored_name
    raw = files[0].read_bytes()
    assert PDF not in raw and b"signed consent form" not in raw and b"%PDF" not in raw
    response = client_for("officer_minsk").get(
        reverse("cases:attachment_download", args=[minsk_case.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="consent.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="case.attachment_added").count() == 1
    assert AuditEvent.objects.filter(action="case.attachment_downloaded").count() == 1


def test_a_swapped_file_does_not_decrypt(actor, minsk_case, attachments_dir):
    from palermo.cases import filestore
    from palermo.core.crypto import DecryptionError

    a = _upload(actor, minsk_case)
    b = _upload(actor, minsk_case, content=PNG, name="scan.png")
    (Path(attachments_dir) / a.stored_name).write_bytes(
        (Path(attachments_dir) / b.stored_name).read_bytes()
    )
    with pytest.raises(DecryptionError):
        filestore.read(a.stored_name, a.file_key)


# persona -> downloads an attachment of each level (officer's upload on the shared case)
ATTACHMENT_READERS = {
    "officer_minsk": {"agency", "national", "shared"},
    "admin": {"national", "shared"},
    "caseworker_gomel": {"shared"},
}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_downloads_which_attachment(persona, actor, client_for, api_for, shared_case):
    uploads = {
        level: _upload(actor, shared_case, visibility=level)
        for level in ("agency", "national", "shared")
    }
    readable = ATTACHMENT_READERS.get(persona, set())
    for level, attachment in uploads.items():
        html = client_for(persona).get(
            reverse("cases:attachment_download", args=[shared_case.pk, attachment.pk])
        )
        api = api_for(persona).get(f"/api/cases/{shared_case.pk}/attachments/{attachment.pk}/")
        expected = 200 if level in readable else 404
        assert (html.status_code, api.status_code) == (expected, expected), level


def test_attachments_are_not_reached_by_url_guessing(actor, client_for, minsk_case, shared_case):
    from palermo.cases.services import do_register_case
    from tests.conftest import case_input, person_input

    attachment = _upload(actor, minsk_case)
    # Anonymous: to the log-in page, never the file.
    anonymous = Client().get(
        reverse("cases:attachment_download", args=[minsk_case.pk, attachment.pk])
    )
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert Client().get(f"/api/cases/{minsk_case.pk}/attachments/{attachment.pk}/").status_code in (
        401,
        403,
    )
    # The outsider's own case, with the officer's attachment id: not found.
    outsider = actor("outsider")
    own = do_register_case(
        actor=outsider, person=person_input(family_name="Іншая"), case=case_input(region="BY-HR")
    )
    response = client_for("outsider").get(
        reverse("cases:attachment_download", args=[own.pk, attachment.pk])
    )
    assert response.status_code == 404
    # Nothing under a public path: static and media URLs do not serve it.
    assert Client().get(f"/static/{attachment.stored_name}").status_code == 404
    assert Client().get(f"/media/{attachment.stored_name}").status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (EXE, "consent.pdf", "not accepted"),  # a program named as a PDF
        (PDF, "photo.png", "name does not end"),  # a PDF named as an image
        (b"", "empty.pdf", "empty"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_problem(
    content, name, words, api_for, minsk_case, attachments_dir
):
    response = api_for("officer_minsk").post(
        f"/api/cases/{minsk_case.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "visibility": "agency"},
        format="multipart",
    )
    assert response.status_code == 400
    assert words in " ".join(response.json()["file"])
    assert CaseAttachment.objects.count() == 0
    assert not Path(attachments_dir).exists() or not any(Path(attachments_dir).iterdir())


def test_a_file_over_the_limit_is_refused(settings, client_for, minsk_case):
    settings.PALERMO_ATTACHMENT_MAX_BYTES = 50
    response = client_for("officer_minsk").post(
        reverse("cases:attachment_upload", args=[minsk_case.pk]),
        {"file": SimpleUploadedFile("consent.pdf", PDF), "visibility": "agency"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert CaseAttachment.objects.count() == 0


def refuse_everything(data: bytes, *, filename: str, content_type: str) -> str | None:
    return "EICAR test signature found"


def test_the_virus_scanner_can_refuse_a_file(settings, api_for, minsk_case, attachments_dir):
    settings.PALERMO_ATTACHMENT_SCANNER = "tests.cases.test_casefile.refuse_everything"
    response = api_for("officer_minsk").post(
        f"/api/cases/{minsk_case.pk}/attachments/",
        {"file": SimpleUploadedFile("consent.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "EICAR test signature found" in response.json()["file"][0]
    assert CaseAttachment.objects.count() == 0


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_uploads(persona, api_for, shared_case):
    response = api_for(persona).post(
        f"/api/cases/{shared_case.pk}/attachments/",
        {"file": SimpleUploadedFile("scan.png", PNG), "visibility": "shared"},
        format="multipart",
    )
    assert response.status_code == NOTE_WRITERS.get(persona, 404)


def test_upload_through_the_page(client_for, minsk_case):
    client = client_for("officer_minsk")
    response = client.post(
        reverse("cases:attachment_upload", args=[minsk_case.pk]),
        {"file": SimpleUploadedFile("consent.pdf", PDF), "description": "Signed consent"},
    )
    assert response.status_code == 200 or response.status_code == 400
    # No visibility chosen: the form asks for it.
    assert CaseAttachment.objects.count() == 0
    response = client.post(
        reverse("cases:attachment_upload", args=[minsk_case.pk]),
        {
            "file": SimpleUploadedFile("consent.pdf", PDF),
            "description": "Signed consent",
            "visibility": "agency",
        },
    )
    assert response.status_code == 302
    page = case_page(client, minsk_case.pk).content.decode()
    assert "consent.pdf" in page and "Signed consent" in page


# --- flags ------------------------------------------------------------------------------------

FLAGGERS = {"officer_minsk", "admin"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_sets_flags(persona, api_for, shared_case):
    client = api_for(persona)
    response = client.post(
        f"/api/cases/{shared_case.pk}/flags/", {"code": "risk_to_safety"}, format="json"
    )
    assert response.status_code == (201 if persona in FLAGGERS else 404)
    listed = client.get(f"/api/cases/{shared_case.pk}/flags/")
    assert listed.status_code == (200 if persona in SEES_CASE else 404)
    if persona in FLAGGERS:
        assert [f["code"] for f in listed.json()] == ["risk_to_safety"]
        cleared = client.delete(f"/api/cases/{shared_case.pk}/flags/risk_to_safety/")
        assert cleared.status_code == 204
        assert client.get(f"/api/cases/{shared_case.pk}/flags/").json() == []


def test_flags_come_from_the_pack_and_show_at_the_top(actor, client_for, api_for, shared_case):
    bad = api_for("officer_minsk").post(
        f"/api/cases/{shared_case.pk}/flags/", {"code": "vip"}, format="json"
    )
    assert bad.status_code == 400 and "code" in bad.json()
    client = client_for("officer_minsk")
    response = client.post(
        reverse("cases:flag_set", args=[shared_case.pk]), {"code": "interpreter_needed"}
    )
    assert response.status_code == 302
    do_set_flag(actor=actor("officer_minsk"), case=shared_case, code="risk_to_safety")
    do_set_flag(actor=actor("officer_minsk"), case=shared_case, code="risk_to_safety")  # twice
    assert CaseFlag.objects.filter(cleared_at=None).count() == 2
    # The receiving agency sees the flags too: a risk to safety is what it must know first.
    page = client_for("caseworker_gomel").get(f"/cases/{shared_case.pk}/").content.decode()
    top = page[page.index('class="case-summary"') : page.index('class="case-nav"')]
    assert top.index("Risk to safety") < top.index("Interpreter needed")  # alerts first
    client.post(reverse("cases:flag_clear", args=[shared_case.pk, "interpreter_needed"]))
    page = client.get(f"/cases/{shared_case.pk}/").content.decode()
    top = page[page.index('class="case-summary"') : page.index('class="case-nav"')]
    assert "Interpreter needed" not in top.split("Set a flag")[0]
    actions = list(
        AuditEvent.objects.filter(action__startswith="case.flag").values_list("action", flat=True)
    )
    assert actions == ["case.flag_set", "case.flag_set", "case.flag_cleared"]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_editors_set_flags_on_the_page(persona, client_for, shared_case):
    response = client_for(persona).post(
        reverse("cases:flag_set", args=[shared_case.pk]), {"code": "minor"}
    )
    assert response.status_code == (302 if persona in FLAGGERS else 404)


# --- the summary, the timeline and "who looked" ------------------------------------------------


def test_the_summary_at_the_top(client_for, minsk_case):
    page = client_for("officer_minsk").get(f"/cases/{minsk_case.pk}/").content.decode()
    top = page[page.index('class="case-summary"') : page.index('class="case-nav"')]
    for words in (minsk_case.reference, "Possible victim", "Active", "Decision on victim status"):
        assert words in top, words
    assert str(minsk_case.owning_agency) in top


WHO_LOOKED = {"admin"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_looked_is_for_oversight(persona, client_for, api_for, shared_case):
    client_for("caseworker_gomel").get(f"/cases/{shared_case.pk}/")
    html = client_for(persona).get(reverse("cases:who_looked", args=[shared_case.pk]))
    api = api_for(persona).get(f"/api/cases/{shared_case.pk}/reads/")
    expected = 200 if persona in WHO_LOOKED else 404
    assert (html.status_code, api.status_code) == (expected, expected)
    if expected == 200:
        assert "caseworker_gomel" in html.content.decode()
        assert "caseworker_gomel" in {e["actor"] for e in api.json()}


def test_the_owning_agency_administrator_sees_who_looked(personas, shared_case):
    user = do_create_user(actor=None, username="admin_minsk_ct", password="persona-password-1")
    do_add_membership(
        actor=None, user=user, agency=personas["officer_minsk"].agency, role="agency_admin"
    )
    client = Client()
    client.force_login(user)
    assert client.get(reverse("cases:who_looked", args=[shared_case.pk])).status_code == 200
    assert client.get(f"/cases/{shared_case.pk}/").status_code == 404  # not the file itself


def test_the_timeline_shows_steps_not_reads(actor, client_for, minsk_case):
    client = client_for("officer_minsk")
    client.get(f"/cases/{minsk_case.pk}/")
    do_add_note(actor=actor("officer_minsk"), case=minsk_case, data=NoteInput(text="n"))
    do_set_flag(actor=actor("officer_minsk"), case=minsk_case, code="minor")
    page = client.get(reverse("cases:timeline", args=[minsk_case.pk])).content.decode()
    assert "Case registered" in page and "Note added" in page and "Flag set" in page
    assert "Identity read" not in page
    reads = client_for("admin").get(reverse("cases:who_looked", args=[minsk_case.pk]))
    assert "Identity read" in reads.content.decode()


def test_correcting_through_the_service_keeps_the_audience(actor, shared_case):
    note = do_add_note(
        actor=actor("officer_minsk"),
        case=shared_case,
        data=NoteInput(text="first", visibility="national"),
    )
    fixed = do_correct_note(actor=actor("officer_minsk"), case=shared_case, note=note, text="2nd")
    assert fixed.visibility == "national" and fixed.corrects_id == note.pk


def test_shredding_the_identity_erases_notes_and_files(
    actor, api_for, attachments_dir, django_capture_on_commit_callbacks
):
    from tests.lifecycle.conftest import DUE_ON, closed_case, shred_all

    officer = actor("officer_minsk")
    case = closed_case(officer)
    do_add_note(actor=officer, case=case, data=NoteInput(text="She lives at Lenina 5"))
    attachment = _upload(actor, case)
    assert (Path(attachments_dir) / attachment.stored_name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        shred_all(actor, DUE_ON)
    assert [n.text for n in CaseNote.objects.filter(case=case)] == [""]
    attachment.refresh_from_db()
    assert attachment.erased_at is not None and attachment.filename == ""
    assert not (Path(attachments_dir) / attachment.stored_name).exists()
    api = api_for("officer_minsk")
    assert api.get(f"/api/cases/{case.pk}/attachments/").json() == []
    assert api.get(f"/api/cases/{case.pk}/attachments/{attachment.pk}/").status_code == 404

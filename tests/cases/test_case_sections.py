"""The case page's sections, each loaded by htmx from a URL of its own once the page is there.

Each section URL checks access exactly as the case page does (``access_case``: no access answers
like not found), shows what the section showed inside the page, and, opened without JavaScript,
is a page of its own whose read of the file is audited.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.cases.views.parts import SECTIONS
from palermo.core.audit import AuditEvent
from tests.conftest import PERSONA_NAMES, case_page

# Who sees the Minsk officer's case at all (tests/cases/test_permissions.py).
VIEWERS = {"officer_minsk", "admin"}

# What each section shows its owner on a fresh case (its heading, or for the sections of other
# apps that hide themselves when empty, the offer to act).
SHOWS = {
    "notes": "Add a note",
    "attachments": "Attach a file",
    "decisions": "Victim status",
    "screenings": "Add a screening",
    "child": "",  # an adult's case: the section hides itself
    "consent": "Record consent",
    "status": "Close the case",
    "referrals": "Referrals",
    "crossborder": "Referrals abroad",
    "shelters": "Shelter",
    "proceedings": "",  # nothing without proceedings: the section hides itself
}


def section_url(case_id: int, name: str) -> str:
    return reverse("cases:section", args=[case_id, name])


def test_every_section_is_named_here() -> None:
    assert set(SHOWS) == set(SECTIONS)


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_a_section_answers_only_who_sees_the_case(name, client_for, minsk_case):
    for persona in PERSONA_NAMES:
        answer = client_for(persona).get(section_url(minsk_case.pk, name), HTTP_HX_REQUEST="true")
        assert answer.status_code == (200 if persona in VIEWERS else 404), persona
        html = answer.content.decode()
        if persona == "officer_minsk":
            assert SHOWS[name] in html
            assert "<html" not in html  # the section alone, swapped into the page


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_a_section_of_a_case_out_of_reach_answers_like_a_missing_one(name, client_for, minsk_case):
    client = client_for("caseworker_gomel")
    forbidden = client.get(section_url(minsk_case.pk, name), HTTP_HX_REQUEST="true")
    missing = client.get(section_url(minsk_case.pk + 1000, name), HTTP_HX_REQUEST="true")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_an_unknown_section_is_not_found(client_for, minsk_case):
    answer = client_for("officer_minsk").get(section_url(minsk_case.pk, "nothing"))
    assert answer.status_code == 404


def test_anonymous_is_sent_to_login(client, minsk_case):
    answer = client.get(section_url(minsk_case.pk, "consent"), HTTP_HX_REQUEST="true")
    assert answer.status_code == 302
    assert reverse("accounts:login") in answer["Location"]


def test_the_page_links_every_section_and_loads_it_with_htmx(client_for, minsk_case):
    html = client_for("officer_minsk").get(reverse("cases:detail", args=[minsk_case.pk]))
    page = html.content.decode()
    for name in SECTIONS:
        url = section_url(minsk_case.pk, name)
        assert f'hx-get="{url}?opened=' in page  # loaded as soon as the page is there
        assert f'<a href="{url}?opened=' in page  # and reachable without JavaScript


def test_without_javascript_a_section_is_a_page_whose_read_is_audited(client_for, minsk_case):
    before = AuditEvent.objects.filter(action="person.identity_viewed").count()
    page = client_for("admin").get(section_url(minsk_case.pk, "consent"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<html" in html and minsk_case.reference in html and "Record consent" in html
    read = AuditEvent.objects.filter(action="person.identity_viewed").latest("seq")
    assert AuditEvent.objects.filter(action="person.identity_viewed").count() == before + 1
    assert read.actor_username == "admin" and read.purpose == "case file"


def test_loaded_by_htmx_a_section_is_part_of_the_page_whose_read_was_audited(
    client_for, minsk_case
):
    client = client_for("admin")
    case_page(client, minsk_case.pk)  # the page and all its sections, as a browser loads them
    reads = AuditEvent.objects.filter(action="person.identity_viewed", actor_username="admin")
    assert reads.count() == 1  # one read of the file, not one per section


def test_a_section_asked_for_as_htmx_without_the_page_records_its_read(client_for, minsk_case):
    """The ``HX-Request`` header is the client's word: a section fetched with it but without the
    page's signed note of the recorded read (a forged or stale request) records a read itself."""
    client = client_for("admin")
    reads = AuditEvent.objects.filter(action="person.identity_viewed", actor_username="admin")
    client.get(section_url(minsk_case.pk, "consent"), HTTP_HX_REQUEST="true")
    client.get(f"{section_url(minsk_case.pk, 'consent')}?opened=forged", HTTP_HX_REQUEST="true")
    assert reads.count() == 2
    # Another user's note does not cover this user's read.
    page = client_for("officer_minsk").get(f"/cases/{minsk_case.pk}/").content.decode()
    note = page.split("?opened=", 1)[1].split('"', 1)[0]
    client.get(f"{section_url(minsk_case.pk, 'consent')}?opened={note}", HTTP_HX_REQUEST="true")
    assert reads.count() == 3

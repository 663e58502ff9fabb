"""The busiest pages and their API twins ask the database a fixed number of times, however much
the case file and the lists hold: no query per row, per section entry or per referral.

The data is the demo's: synthetic cases, shelters with residents (referred and admitted, with
consent), criminal proceedings with victims, protection measures and suspended expulsions. The
limits include the request's own fixed costs (session, user, membership, the header's
notification count; token and its last use for the API) and the audit event of the identity read.

The case page loads its sections by htmx once it is there (``cases.views.parts.SECTIONS``): the
page asks at most 10 times, and each section at most a fixed number of times of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.cases.access import cases_for
from palermo.cases.models import Case
from palermo.cases.services import (
    AttachmentInput,
    NoteInput,
    do_add_note,
    do_correct_note,
    do_set_flag,
    do_upload_attachment,
)
from palermo.cases.views.parts import SECTIONS
from palermo.demo.generator import generate
from palermo.justice.demo import seed_proceedings
from palermo.justice.models import Participant
from palermo.referrals.models import Referral
from palermo.shelters.demo import seed_shelters
from tests.conftest import load_personas, shared_by_module

# Personas who see the busy case in different ways: its owner, the investigating body (through a
# referral with consent), the shelter that admitted a resident (through a referral), a national
# administrator.
VIEWERS = ["officer_minsk", "investigator", "shelter_manager", "admin"]


@pytest.fixture(scope="module")
def attachments_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attachments")


@pytest.fixture(scope="module")
def demo_case_id(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, attachments_dir: Path
) -> Iterator[int]:
    """The demo data, built once for this module's tests (each rolls back to it): the case with
    the most on its page, with notes (one corrected), attachments and flags of every kind."""
    with (
        shared_by_module(django_db_blocker),
        override_settings(PALERMO_ATTACHMENTS_DIR=attachments_dir),
    ):
        personas = load_personas()
        generate(seed=7, cases=60)
        seed_proceedings(
            officer=actor_for_membership(personas["officer_minsk"]),
            investigator=actor_for_membership(personas["investigator"]),
        )
        seed_shelters()
        # A case in proceedings that every viewer sees (the shelter's manager through its
        # admission), so each page below shows the most it can.
        viewers = [actor_for_membership(personas[name]) for name in VIEWERS]
        in_proceedings = Participant.objects.exclude(case=None).order_by("id")
        case = next(
            p.case
            for p in in_proceedings.select_related("case")
            if p.case is not None
            and all(cases_for(v).filter(pk=p.case.pk).exists() for v in viewers)
        )
        admin = actor_for_membership(personas["admin"])
        for i, level in enumerate(["agency", "national", "shared"] * 2):
            note = do_add_note(actor=admin, case=case, data=NoteInput(f"note {i}", level))
            do_upload_attachment(
                actor=admin,
                case=case,
                data=AttachmentInput(SimpleUploadedFile(f"scan{i}.pdf", b"%PDF-1.4 x"), "", level),
            )
        do_correct_note(actor=admin, case=case, note=note, text="corrected")
        for code in ("risk_to_safety", "interpreter_needed", "minor"):
            do_set_flag(actor=admin, case=case, code=code)
        yield case.pk


@pytest.fixture
def demo(demo_case_id: int, db: None, settings: Any, attachments_dir: Path) -> Case:
    """The case with the most on its page (in proceedings, referred, with a full case file)."""
    settings.PALERMO_ATTACHMENTS_DIR = attachments_dir
    return Case.objects.get(pk=demo_case_id)


def _full_page_of_cases(persona: str, actor: Callable[[str], Actor]) -> None:

    assert cases_for(actor(persona)).count() > 25, "the list page must be full"


@pytest.mark.parametrize("persona", VIEWERS)
def test_the_case_page_asks_a_fixed_number_of_queries(
    persona, demo, client_for, django_assert_max_num_queries
):
    client = client_for(persona)
    with django_assert_max_num_queries(10):
        page = client.get(f"/cases/{demo.pk}/")
    assert page.status_code == 200
    assert demo.reference in page.content.decode()


# Per section: the request's fixed costs (session, user, membership), the case, what the
# referrals share (one query), and the section's own rows.
SECTION_LIMITS = {
    "notes": 8,
    "attachments": 8,
    "decisions": 8,
    "screenings": 6,
    "child": 6,
    "consent": 6,
    "status": 6,
    "referrals": 13,
    "crossborder": 6,
    "shelters": 6,
    "proceedings": 7,
}


@pytest.mark.parametrize("persona", VIEWERS)
def test_each_section_of_the_case_page_asks_a_fixed_number_of_queries(
    persona, demo, client_for, django_assert_max_num_queries
):
    assert set(SECTION_LIMITS) == set(SECTIONS)  # every section is guarded
    for name, limit in SECTION_LIMITS.items():
        client = client_for(persona)
        page = client.get(f"/cases/{demo.pk}/").content.decode()
        url = re.search(rf'hx-get="(/cases/{demo.pk}/sections/{name}/[^"]*)"', page)
        assert url is not None, name  # as the page asks for it, with its note of the read
        with django_assert_max_num_queries(limit):
            section = client.get(url[1], HTTP_HX_REQUEST="true")
        assert section.status_code == 200


@pytest.mark.parametrize("persona", VIEWERS)
def test_the_case_api_asks_a_fixed_number_of_queries(
    persona, demo, api_for, django_assert_max_num_queries
):
    api = api_for(persona)
    with django_assert_max_num_queries(8):
        answer = api.get(f"/api/cases/{demo.pk}/")
    assert answer.status_code == 200
    assert answer.json()["reference"] == demo.reference


@pytest.mark.parametrize("persona", ["officer_minsk", "shelter_manager", "admin"])
def test_a_full_case_list_costs_no_query_per_row(
    persona, demo, client_for, api_for, actor, django_assert_max_num_queries
):
    """A full page (25 rows, many of them referred cases whose consent decides what shows)."""
    if persona == "admin":  # every case: a full page of 25 rows
        _full_page_of_cases(persona, actor)
    client = client_for(persona)
    with django_assert_max_num_queries(8):
        page = client.get("/cases/")
    assert page.status_code == 200
    api = api_for(persona)
    with django_assert_max_num_queries(8):
        answer = api.get("/api/cases/?limit=100")
    assert answer.status_code == 200 and answer.json()["count"] > 0


@pytest.mark.parametrize("persona", VIEWERS)
def test_the_referral_inbox_costs_no_query_per_referral(
    persona, demo, client_for, api_for, django_assert_max_num_queries
):
    assert Referral.objects.count() > 10
    client = client_for(persona)
    with django_assert_max_num_queries(8):
        page = client.get("/referrals/")
    assert page.status_code == 200
    api = api_for(persona)
    with django_assert_max_num_queries(8):
        answer = api.get("/api/referrals/?limit=100")
    assert answer.status_code == 200 and answer.json()["count"] > 0


@pytest.mark.parametrize("persona", ["shelter_manager", "admin", "officer_minsk"])
def test_the_shelter_list_costs_no_query_per_facility(
    persona, demo, client_for, api_for, django_assert_max_num_queries
):
    client = client_for(persona)
    with django_assert_max_num_queries(8):
        page = client.get("/shelters/")
    assert page.status_code == 200
    api = api_for(persona)
    with django_assert_max_num_queries(6):
        answer = api.get("/api/shelters/facilities/")
    assert answer.status_code == 200


@pytest.mark.parametrize("persona", VIEWERS)
def test_the_case_file_api_asks_a_fixed_number_of_queries(
    persona, demo, api_for, django_assert_max_num_queries
):
    api = api_for(persona)
    for part in ("notes", "attachments", "flags"):
        with django_assert_max_num_queries(9):
            answer = api.get(f"/api/cases/{demo.pk}/{part}/")
        assert answer.status_code == 200, part

"""Importing an NGO's HTCDS file: all or nothing, bad rows named, duplicates flagged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.core.audit import AuditEvent
from palermo.people.models import Person
from palermo.referrals.models import ServiceDelivery
from palermo.stats.exchange.models import ImportBatch
from palermo.stats.exchange.services import do_import_htcds
from tests.stats_exchange.conftest import register

pytestmark = pytest.mark.django_db

HEADER = (
    "cas_Id,prs_FirstNameLatin,prs_SecondNameLatin,prs_Birthdate,prs_Gender,prs_Nationality,"
    "vic_TypeOfExploitation,vic_CountryOfExploitation,cas_IdentificationDate,cas_Region,"
    "spl_Type,spl_Date"
)
GOOD = "\n".join(
    [
        HEADER,
        "NGO-1,Daria,Lemeshka,1998-02-03,Female,BY,SexualExploitation,RU,2026-01-10,BY-HO,Legal,2026-01-12",
        "NGO-1,,,,,,,,,,Health,2026-01-20",
        "NGO-2,Pavel,Sidarovich,12.07.1990,Male,BY,ForcedLabour,PL,2026-02-01,BY-HO,,",
    ]
).encode()
BAD = "\n".join(
    [
        HEADER,
        "NGO-1,Daria,Lemeshka,1998-02-03,Female,BY,SexualExploitation,RU,2026-01-10,BY-HO,,",
        "NGO-2,Pavel,Sidarovich,1990-07-12,Alien,BY,ForcedLabour,PL,2026-02-01,BY-HO,,",
        "NGO-3,Ivan,Kot,yesterday,Male,BY,ForcedLabour,PL,2026-02-01,BY-XX,,",
    ]
).encode()


def test_a_good_file_comes_in_as_the_agencys_cases_and_services(
    actor: Callable[[str], Actor],
) -> None:
    ngo = actor("caseworker_gomel")
    result = do_import_htcds(actor=ngo, filename="ngo.csv", content=GOOD)
    assert result.ok, result.errors
    assert (result.persons, result.cases, result.services) == (2, 2, 2)
    cases = Case.objects.filter(owning_agency=ngo.agency)
    assert cases.count() == 2
    daria = cases.get(reference=result.case_map["NGO-1"])
    assert daria.person.given_name_latin == "Daria"
    assert sorted(
        ServiceDelivery.objects.filter(case=daria).values_list("service_type", flat=True)
    ) == [
        "health",
        "legal",
    ]
    batch = ImportBatch.objects.get()
    assert batch.cases == 2 and batch.agency == ngo.agency
    assert AuditEvent.objects.filter(action="stats.htcds_imported").count() == 1


def test_a_bad_file_writes_nothing_and_names_every_bad_row(actor: Callable[[str], Actor]) -> None:
    result = do_import_htcds(actor=actor("caseworker_gomel"), filename="ngo.csv", content=BAD)
    assert not result.ok
    problems = {(e.line, e.column) for e in result.errors}
    assert (3, "prs_Gender") in problems
    assert (4, "prs_Birthdate") in problems
    assert (4, "cas_Region") in problems
    assert 2 not in {e.line for e in result.errors}
    assert not Case.objects.exists() and not Person.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(action="case.registered").exists()


def test_a_file_without_a_required_column_is_refused(actor: Callable[[str], Actor]) -> None:
    content = b"cas_Id,prs_Gender\nNGO-1,Female\n"
    result = do_import_htcds(actor=actor("caseworker_gomel"), filename="ngo.csv", content=content)
    assert {e.column for e in result.errors} >= {"vic_TypeOfExploitation", "cas_Region"}
    assert {e.line for e in result.errors} == {1}


def test_a_person_already_known_elsewhere_is_flagged_not_merged(
    actor: Callable[[str], Actor],
) -> None:
    known = register(
        actor("officer_minsk"), 0, family_name_latin="Lemeshka", given_name_latin="Daria",
        date_of_birth=__import__("datetime").date(1998, 2, 3),
    )  # fmt: skip
    result = do_import_htcds(actor=actor("caseworker_gomel"), filename="ngo.csv", content=GOOD)
    assert result.ok
    (flag,) = result.flags
    assert flag.line == 2
    assert flag.visible == []  # the NGO may not see the police's case
    assert flag.elsewhere == [known.owning_agency.name]
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    assert ImportBatch.objects.get().flags[0]["line"] == 2


IMPORT_ACCESS = [
    ("caseworker_gomel", 200),
    ("officer_minsk", 200),
    ("shelter_manager", 200),
    # The outsider's agency may bring in its own cases; it sees nothing of anyone else's.
    ("outsider", 200),
    ("analyst", 404),
    ("admin", 404),
    ("registry_officer", 404),
    ("migration_officer", 404),
    ("fund_officer", 404),
]


@pytest.mark.parametrize(("persona", "expected"), IMPORT_ACCESS)
def test_who_may_import_in_the_page(
    persona: str, expected: int, client_for: Callable[[str], Client]
) -> None:
    assert client_for(persona).get("/stats/exchange/import/").status_code == expected


@pytest.mark.parametrize(("persona", "expected"), IMPORT_ACCESS)
def test_who_may_import_through_the_api(
    persona: str, expected: int, api_for: Callable[[str], APIClient]
) -> None:
    upload = SimpleUploadedFile("ngo.csv", GOOD, content_type="text/csv")
    response = api_for(persona).post("/api/stats/exchange/import/", {"file": upload})
    assert response.status_code == (201 if expected == 200 else 404)


def test_the_page_shows_every_bad_row(client_for: Callable[[str], Client]) -> None:
    upload = SimpleUploadedFile("ngo.csv", BAD, content_type="text/csv")
    response = client_for("caseworker_gomel").post("/stats/exchange/import/", {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was imported" in text
    assert "prs_Birthdate" in text and "cas_Region" in text


def test_the_api_answers_400_with_the_lines(api_for: Callable[[str], APIClient]) -> None:
    upload = SimpleUploadedFile("ngo.csv", BAD, content_type="text/csv")
    response = api_for("caseworker_gomel").post("/api/stats/exchange/import/", {"file": upload})
    assert response.status_code == 400
    assert {p["line"] for p in response.json()["problems"]} == {3, 4}
    assert not Case.objects.exists()


def test_an_xlsx_file_is_read_too(actor: Callable[[str], Actor]) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.decode().splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    result = do_import_htcds(
        actor=actor("caseworker_gomel"), filename="ngo.xlsx", content=out.getvalue()
    )
    assert result.ok, result.errors
    assert result.cases == 2

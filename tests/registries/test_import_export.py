"""Bulk import (all or nothing, every bad row reported) and export, CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from palermo.core.audit import AuditEvent
from palermo.registries.importers import run_import
from palermo.registries.models import (
    Advert,
    InvolvedOrganisation,
    Licence,
    ReportedTourist,
    StudentNotice,
    TouristReport,
)

LICENCE_HEADER = (
    "kind,number,holder_name,holder_type,taxpayer_number,issued_on,valid_from,valid_until"
)


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_good_csv_is_imported_whole(registrar):
    content = csv_bytes(
        LICENCE_HEADER,
        "employment_abroad,L-1,Agency One,legal_person,190000011,2024-01-10,2024-01-10,",
        "marriage_agency,M-1,Агенцтва Два,individual_entrepreneur,190000022,10.02.2024,10.02.2024,31.12.2029",
    )
    report = run_import(actor=registrar, registry="licences", filename="l.csv", content=content)
    assert report.ok, report.errors
    assert report.created == 2
    assert set(Licence.objects.values_list("number", flat=True)) == {"L-1", "M-1"}
    events = AuditEvent.objects.filter(action="registries.import_completed")
    assert events.count() == 1
    # One event for the whole file, naming every entry it created; none per row.
    assert events.get().data["keys"] == [["employment_abroad", "L-1"], ["marriage_agency", "M-1"]]
    assert not AuditEvent.objects.filter(action="registries.licence_registered").exists()
    # Inserted in bulk, yet found by name like a licence registered through the form.
    assert Licence.objects.get(number="M-1").name_key != ""


def test_every_bad_row_is_reported_with_line_and_column_and_nothing_is_written(registrar, licence):
    content = csv_bytes(
        LICENCE_HEADER,
        "employment_abroad,L-1,Agency One,legal_person,190000011,2024-01-10,2024-01-10,",
        "employment_abroad,L-2,Bad UNP,legal_person,12345,2024-01-10,2024-01-10,",
        "employment_abroad,L-3,Bad date,legal_person,190000033,31/01/2024,2024-01-10,",
        "employment_abroad,L-1,Duplicate in file,legal_person,190000044,2024-01-10,2024-01-10,",
        "employment_abroad,02230/0123456,Duplicate in DB,legal_person,190000055,2024-01-10,2024-01-10,",
        "employment_abroad,L-6,,legal_person,190000066,2024-01-10,2024-01-10,2023-01-01",
    )
    report = run_import(actor=registrar, registry="licences", filename="l.csv", content=content)
    assert not report.ok
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (3, "taxpayer_number"),
        (4, "issued_on"),
        (5, "number"),
        (6, "number"),
        (7, "holder_name"),
        (7, "valid_until"),
    }
    messages = {(e.line, e.column): e.message for e in report.errors}
    assert "line 2" in messages[(5, "number")]
    assert "already registered" in messages[(6, "number")]
    assert "31/01/2024" in messages[(4, "issued_on")]
    assert list(Licence.objects.values_list("number", flat=True)) == [licence.number]
    assert not AuditEvent.objects.filter(action="registries.import_completed").exists()


def test_missing_columns_and_bad_encoding(registrar):
    report = run_import(
        actor=registrar, registry="licences", filename="l.csv",
        content=csv_bytes("kind,number,holder_name", "employment_abroad,L-1,X"),
    )  # fmt: skip
    assert {e.column for e in report.errors} == {
        "holder_type", "taxpayer_number", "issued_on", "valid_from",
    }  # fmt: skip
    assert {e.line for e in report.errors} == {1}
    content = csv_bytes(
        LICENCE_HEADER,
        "employment_abroad,L-1,Агенцтва,legal_person,190000011,2024-01-10,2024-01-10,",
        encoding="cp1251",
    )
    report = run_import(actor=registrar, registry="licences", filename="l.csv", content=content)
    assert [(e.line, "UTF-8" in e.message) for e in report.errors] == [(2, True)]
    assert not Licence.objects.exists()


def test_semicolon_csv_and_xlsx_with_numbers_and_dates(registrar):
    from datetime import datetime

    report = run_import(
        actor=registrar, registry="licences", filename="l.csv",
        content=csv_bytes(LICENCE_HEADER.replace(",", ";"),
                          "employment_abroad;L-1;A;legal_person;190000011;2024-01-10;2024-01-10;"),
    )  # fmt: skip
    assert report.ok, report.errors
    rows = [
        LICENCE_HEADER.split(","),
        ["employment_abroad", "L-2", "B", "legal_person", 190000022, datetime(2024, 1, 10),
         datetime(2024, 1, 10), None],
        ["employment_abroad", "L-3", "C", "legal_person", 1234, "2024-01-10", "2024-01-10", None],
    ]  # fmt: skip
    report = run_import(
        actor=registrar, registry="licences", filename="l.xlsx", content=xlsx_bytes(rows)
    )
    assert [(e.line, e.column) for e in report.errors] == [(3, "taxpayer_number")]
    del rows[2]
    report = run_import(
        actor=registrar, registry="licences", filename="l.xlsx", content=xlsx_bytes(rows)
    )
    assert report.ok
    assert Licence.objects.get(number="L-2").taxpayer_number == "190000022"


def test_a_broken_xlsx_is_refused(registrar):
    report = run_import(
        actor=registrar, registry="licences", filename="l.xlsx", content=b"PK\x03\x04junk"
    )
    assert report.errors and "Excel" in report.errors[0].message


def test_organisations_import_runs_the_lifecycle_rules(registrar):
    header = ("name,registration_number,country,kind,suspended_on,suspension_document,"
              "court_requested_on,court_request_document,ruling_on,ruling_outcome,ruling_document,"
              "listed_on,listing_document")  # fmt: skip
    good = "Org A,191111111,BY,domestic,2025-01-10,PG-1,2025-02-01,PG-2,2025-03-01,recognised,SC-1,2025-03-20,L-1"
    skipping = "Org B,192222222,BY,domestic,2025-01-10,PG-3,,,2025-03-01,recognised,SC-2,,"
    report = run_import(
        actor=registrar,
        registry="organisations",
        filename="o.csv",
        content=csv_bytes(header, good, skipping),
    )
    assert [(e.line, e.column) for e in report.errors] == [(3, "ruling_on")]
    assert "Request to the Supreme Court" in report.errors[0].message
    assert not InvolvedOrganisation.objects.exists()
    report = run_import(
        actor=registrar, registry="organisations", filename="o.csv", content=csv_bytes(header, good)
    )
    assert report.ok
    org = InvolvedOrganisation.objects.get()
    assert org.is_published
    assert org.steps.count() == 4


def test_tourist_report_rows_group_into_reports(registrar):
    header = ("report_number,agency_name,agency_taxpayer_number,region,destination_country,"
              "departed_on,returned_on,reported_on,family_name,given_name,date_of_birth,gender")  # fmt: skip
    base = "R-1,Tour,690000001,BY-HM,TR,2026-02-01,2026-02-10,2026-02-20"
    content = csv_bytes(
        header, base + ",Іваненка,Ала,1990-01-01,female", base + ",Петрэнка,Ян,,male"
    )
    report = run_import(
        actor=registrar, registry="tourist_reports", filename="t.csv", content=content
    )
    assert report.ok, report.errors
    tr = TouristReport.objects.get()
    assert tr.tourists.count() == 2
    assert tr.is_late  # due 17 Feb 2026, reported 20 Feb
    ReportedTourist.objects.all().delete()
    TouristReport.objects.all().delete()
    bad = csv_bytes(
        header,
        base + ",Іваненка,Ала,1990-01-01,female",
        base.replace("TR", "EG") + ",,Ян,,male",
    )
    report = run_import(actor=registrar, registry="tourist_reports", filename="t.csv", content=bad)
    assert (3, "destination_country") in {(e.line, e.column) for e in report.errors}
    assert not TouristReport.objects.exists()


def test_adverts_and_student_notices_import(registrar):
    report = run_import(
        actor=registrar, registry="adverts", filename="a.csv",
        content=csv_bytes("submission_number,advertiser_name,advertiser_taxpayer_number,kind,media,text,submitted_on",
                          'A-1,Adv,190000011,work,web,"Work in Poland, good pay",2026-03-01'),
    )  # fmt: skip
    assert report.ok, report.errors
    assert Advert.objects.get().status == "pending"
    header = ("notice_number,sender_name,sender_taxpayer_number,institution_name,family_name,"
              "destination_country,purpose,departs_on,returns_on,permission_date,permission_number")  # fmt: skip
    report = run_import(
        actor=registrar, registry="student_notices", filename="s.csv",
        content=csv_bytes(header, "N-1,BSU,100235408,BSU,Кавалёў,PL,sports,2026-03-10,2026-03-15,2026-03-01,"),
    )  # fmt: skip
    assert [(e.line, e.column) for e in report.errors] == [(2, "permission_number")]
    assert not StudentNotice.objects.exists()


def test_import_page_shows_the_error_report(rclient, licence):
    client = rclient("registry_officer")
    upload = SimpleUploadedFile(
        "l.csv",
        csv_bytes(
            LICENCE_HEADER, "employment_abroad,L-2,Bad,legal_person,123,2024-01-10,2024-01-10,"
        ),
    )
    response = client.post(reverse("registries:import", args=["licences"]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in body
    assert "taxpayer_number" in body and ">2<" in body


def test_import_api(rapi):
    upload = SimpleUploadedFile(
        "l.csv",
        csv_bytes(
            LICENCE_HEADER,
            "employment_abroad,L-2,Good,legal_person,190000011,2024-01-10,2024-01-10,",
        ),
    )
    response = rapi("registry_officer").post(
        "/api/registries/import/licences/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {"registry": "licences", "ok": True, "created": 1, "errors": []}
    upload = SimpleUploadedFile("l.csv", csv_bytes(LICENCE_HEADER, "x,,,,,,,"))
    response = rapi("registry_officer").post(
        "/api/registries/import/licences/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert {e["column"] for e in response.json()["errors"]} >= {"kind", "number", "taxpayer_number"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_through_import(rclient, registrar, licence, fmt):
    response = rclient("registry_officer").get(reverse("registries:export", args=["licences", fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="licences.{fmt}"'
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [
            [("" if v is None else str(v)) for v in r] for r in sheet.iter_rows(values_only=True)
        ]
    assert rows[0][:8] == LICENCE_HEADER.split(",")
    assert rows[1][1] == "02230/0123456"
    assert rows[1][8] == "active"
    # Re-importing the export finds the duplicate and writes nothing.
    report = run_import(
        actor=registrar, registry="licences", filename=f"x.{fmt}", content=response.content
    )
    assert [(e.line, e.column) for e in report.errors] == [(2, "number")]


def test_export_of_names_is_audited_and_guards_formulas(rclient, registrar, tourist_report):
    from palermo.registries.services import AdvertInput, do_register_advert

    do_register_advert(
        actor=registrar,
        data=AdvertInput(submission_number="A-2", advertiser_name="=HYPERLINK(\"x\")",
                         advertiser_taxpayer_number="190000011", kind="work", media="web",
                         text="t", submitted_on=tourist_report.reported_on),
    )  # fmt: skip
    client = rclient("registry_officer")
    response = client.get(reverse("registries:export", args=["tourist_reports", "csv"]))
    assert "Сідарэнка" in response.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(
        action="registries.identity_viewed", purpose="tourist reports export"
    ).exists()
    body = client.get(reverse("registries:export", args=["adverts", "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in body

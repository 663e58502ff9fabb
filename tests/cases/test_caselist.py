"""The case list's tools: filters and sort orders (HTML and API), saved searches, the assigned
case worker, and exports (columns, formula injection, audit, step-up for identities)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from openpyxl import load_workbook

from palermo.accounts.models import Agency
from palermo.accounts.roles import ROLES, Cap
from palermo.accounts.second_factor import SESSION_SECOND_FACTOR_AT
from palermo.accounts.services import (
    do_add_membership,
    do_confirm_totp_device,
    do_create_user,
    do_issue_api_token,
)
from palermo.cases.models import SavedCaseSearch
from palermo.cases.services import do_assign_case_worker, do_register_case
from palermo.core.models import AuditEvent
from palermo.core.spreadsheet import safe_cell
from tests.conftest import PERSONA_NAMES, case_input, person_input

READERS = {
    "officer_minsk",
    "caseworker_gomel",
    "shelter_manager",
    "investigator",
    "hotline_operator",
    "admin",
    "outsider",
}
ASSIGNERS = {"officer_minsk", "admin"}


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def colleague(personas):
    """A second case worker of the Minsk-city CT unit."""
    user = do_create_user(
        actor=None, username="colleague_minsk", password="x-pass-12345", last_name="Lapko"
    )
    do_add_membership(
        actor=None, user=user, agency=personas["officer_minsk"].agency, role="case_worker"
    )
    return user


@pytest.fixture
def caseload(actor, minsk_case):
    """minsk_case (adult woman, sexual exploitation, BY-HM, identified 2026-03-02) and three
    more of the Minsk officer's cases: a boy (forced labour, BY-MI, identified yesterday), a
    case identified 400 days ago and one identified in January 2025."""
    officer = actor("officer_minsk")
    boy = do_register_case(
        actor=officer,
        person=person_input(family_name="Mikhalkou", gender="male", date_of_birth=date(2010, 1, 5)),
        case=case_input(
            exploitation_forms=["forced_labour"],
            region="BY-MI",
            identified_on=timezone.localdate() - timedelta(days=1),
            exploitation_started_on=None,
            exploitation_ended_on=None,
        ),
    )
    old = do_register_case(
        actor=officer,
        person=person_input(family_name="Aleksandrava"),
        case=case_input(identified_on=timezone.localdate() - timedelta(days=400)),
    )
    other = do_register_case(
        actor=officer,
        person=person_input(family_name="Bialou"),
        case=case_input(identified_on=date(2025, 1, 10)),
    )
    return {"minsk": minsk_case, "boy": boy, "old": old, "formula": other}


# --- permission tables --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_list_tools_pages(persona, client_for):
    client = client_for(persona)
    expected = 200 if persona in READERS else 404
    assert client.get(reverse("cases:filter_choices")).status_code == expected
    assert client.get(reverse("cases:search_list")).status_code == expected
    export = client.post(reverse("cases:export"), {"format": "csv"})
    assert export.status_code == expected
    saved = client.post(reverse("cases:search_save"), {"name": "Mine", "mine": "on"})
    assert saved.status_code == (302 if persona in READERS else 404)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_list_tools_api(persona, api_for):
    api = api_for(persona)
    expected = 200 if persona in READERS else 403
    assert api.get("/api/cases/export/?as=csv").status_code == expected
    assert api.get("/api/case-searches/").status_code == expected
    created = api.post(
        "/api/case-searches/", {"name": "Overdue", "params": {"overdue": "true"}}, format="json"
    )
    assert created.status_code == (201 if persona in READERS else 403)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_assign_page_and_api(persona, client_for, api_for, minsk_case):
    page = client_for(persona).get(reverse("cases:assign", args=[minsk_case.pk]))
    assert page.status_code == (200 if persona in ASSIGNERS else 404)
    answer = api_for(persona).post(
        f"/api/cases/{minsk_case.pk}/assign/", {"worker": None}, format="json"
    )
    assert answer.status_code == (200 if persona in ASSIGNERS else 404)


# --- the assigned case worker -------------------------------------------------------------------


def test_assign_and_reassign_are_audited_and_shown(client_for, minsk_case, personas, colleague):
    client = client_for("officer_minsk")
    officer = personas["officer_minsk"].user
    url = reverse("cases:assign", args=[minsk_case.pk])
    assert client.post(url, {"worker": officer.pk}).status_code == 302
    client.post(url, {"worker": officer.pk})  # the same again: nothing new happens
    assert client.post(url, {"worker": colleague.pk}).status_code == 302
    minsk_case.refresh_from_db()
    assert minsk_case.assigned_worker == colleague
    events = AuditEvent.objects.filter(action="case.worker_assigned", object_id=str(minsk_case.pk))
    assert [e.data["to_user"] for e in events.order_by("seq")] == [officer.pk, colleague.pk]
    assert "Lapko" in client.get(reverse("cases:detail", args=[minsk_case.pk])).content.decode()
    listed = client.get(reverse("cases:list")).content.decode()
    assert "Lapko" in listed


def test_only_a_worker_of_the_owning_agency_can_be_assigned(
    client_for, api_for, minsk_case, personas
):
    stranger = personas["caseworker_gomel"].user
    page = client_for("officer_minsk").post(
        reverse("cases:assign", args=[minsk_case.pk]), {"worker": stranger.pk}
    )
    assert page.status_code == 400
    assert "agency that owns the case" in page.content.decode()
    answer = api_for("officer_minsk").post(
        f"/api/cases/{minsk_case.pk}/assign/", {"worker": stranger.pk}, format="json"
    )
    assert answer.status_code == 400 and "worker" in answer.json()
    minsk_case.refresh_from_db()
    assert minsk_case.assigned_worker is None


def test_the_api_shows_the_worker_and_filters_my_cases(api_for, actor, caseload, personas):
    officer = personas["officer_minsk"].user
    do_assign_case_worker(actor=actor("officer_minsk"), case=caseload["boy"], worker=officer)
    api = api_for("officer_minsk")
    mine = api.get("/api/cases/?mine=true").json()["results"]
    assert [c["reference"] for c in mine] == [caseload["boy"].reference]
    assert mine[0]["assigned_worker_id"] == officer.pk
    by_worker = api.get(f"/api/cases/?assigned_worker={officer.pk}").json()
    assert by_worker["count"] == 1


# --- filters and sorting ------------------------------------------------------------------------


def _refs(api, query: str) -> set[str]:
    answer = api.get(f"/api/cases/?{query}")
    assert answer.status_code == 200, answer.content
    return {c["reference"] for c in answer.json()["results"]}


def test_api_filters(api_for, caseload):
    api = api_for("officer_minsk")
    ref = {name: case.reference for name, case in caseload.items()}
    assert _refs(api, "sex=male") == {ref["boy"]}
    assert _refs(api, "age=minor") == {ref["boy"]}
    assert ref["boy"] not in _refs(api, "age=adult")
    assert _refs(api, "region=BY-MI") == {ref["boy"]}
    assert _refs(api, "exploitation_form=forced_labour") == {ref["boy"]}
    assert _refs(api, "identified_to=2025-01-31") == {ref["formula"]}
    assert ref["formula"] not in _refs(api, "identified_from=2025-02-01")
    # The boy was identified yesterday: his status decision is not due yet.
    assert _refs(api, "overdue=true") == {ref["minsk"], ref["old"], ref["formula"]}
    assert len(_refs(api, "status=possible&case_status=active")) == 4
    assert _refs(api, "case_status=closed") == set()
    owning = caseload["minsk"].owning_agency_id
    assert len(_refs(api, f"owning_agency={owning}")) == 4


def test_api_sorts_by_a_whitelisted_column(api_for, caseload):
    api = api_for("officer_minsk")
    dates = [
        c["identified_on"] for c in api.get("/api/cases/?sort=identified_on").json()["results"]
    ]
    assert dates == sorted(dates)
    dates = [
        c["identified_on"] for c in api.get("/api/cases/?sort=-identified_on").json()["results"]
    ]
    assert dates == sorted(dates, reverse=True)
    answer = api.get("/api/cases/?sort=person__family_name")
    assert answer.status_code == 400 and "sort" in answer.json()


@pytest.mark.parametrize(
    "query,field",
    [
        ("sex=robot", "sex"),
        ("identified_from=yesterday", "identified_from"),
        ("region=XX", "region"),
    ],
)
def test_api_bad_filters_answer_400_naming_them(api_for, query, field):
    answer = api_for("officer_minsk").get(f"/api/cases/?{query}")
    assert answer.status_code == 400
    assert field in answer.json()


def test_html_filters_and_sort(client_for, caseload):
    client = client_for("officer_minsk")
    page = client.post(reverse("cases:list"), {"sex": "male"}).content.decode()
    assert caseload["boy"].reference in page and caseload["minsk"].reference not in page
    page = client.post(reverse("cases:list"), {"sort_by": "identified_on"}).content.decode()
    assert page.index(caseload["formula"].reference) < page.index(caseload["minsk"].reference)
    assert 'aria-sort="ascending"' in page
    bad = client.post(reverse("cases:list"), {"identified_from": "soon"})
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()


def test_the_schema_documents_the_filters(api_for):
    schema = api_for("admin").get("/api/schema/?format=json").json()
    names = {p["name"] for p in schema["paths"]["/api/cases/"]["get"]["parameters"]}
    assert {"status", "case_status", "region", "exploitation_form", "overdue", "mine"} <= names
    assert "/api/cases/export/" in schema["paths"]


# --- saved searches -----------------------------------------------------------------------------


def test_save_apply_and_delete_a_search(client_for, caseload):
    client = client_for("officer_minsk")
    saved = client.post(
        reverse("cases:search_save"), {"name": "Boys", "sex": "male", "q": "Mikhalkou"}
    )
    search = SavedCaseSearch.objects.get(name="Boys")
    assert search.params == {"sex": "male"}  # never the searched name
    assert saved.status_code == 302 and saved["Location"].endswith(f"?saved={search.pk}")
    assert "Boys" in client.get(reverse("cases:search_list")).content.decode()
    applied = client.get(f"{reverse('cases:list')}?saved={search.pk}").content.decode()
    assert caseload["boy"].reference in applied and caseload["minsk"].reference not in applied
    assert AuditEvent.objects.filter(action="case_search.saved", data__name="Boys").exists()
    # Another user can neither apply nor delete it.
    other = client_for("admin")
    assert other.get(f"{reverse('cases:list')}?saved={search.pk}").status_code == 404
    delete_url = reverse("cases:search_delete", args=[search.pk])
    assert other.post(delete_url).status_code == 404
    assert client.post(delete_url).status_code == 302
    assert not SavedCaseSearch.objects.filter(pk=search.pk).exists()
    assert AuditEvent.objects.filter(action="case_search.deleted").exists()


def test_saved_search_api(api_for):
    api = api_for("officer_minsk")
    bad = api.post("/api/case-searches/", {"name": "x", "params": {"sex": "robot"}}, format="json")
    assert bad.status_code == 400 and "params" in bad.json()
    nameless = api.post("/api/case-searches/", {"name": " ", "params": {}}, format="json")
    assert nameless.status_code == 400 and "name" in nameless.json()
    made = api.post(
        "/api/case-searches/", {"name": "Mine", "params": {"mine": "true"}}, format="json"
    )
    assert made.status_code == 201
    assert [s["name"] for s in api.get("/api/case-searches/").json()] == ["Mine"]
    assert api_for("admin").delete(f"/api/case-searches/{made.json()['id']}/").status_code == 404
    assert api.delete(f"/api/case-searches/{made.json()['id']}/").status_code == 204


# --- exports ------------------------------------------------------------------------------------


def test_spreadsheet_cells_never_start_a_formula():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell(-99) == -99 and safe_cell("Minsk") == "Minsk"


def test_csv_export_without_identities_follows_the_filter(client_for, caseload):
    response = client_for("officer_minsk").post(
        reverse("cases:export"), {"format": "csv", "sex": "female"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response.content)
    assert rows[0][:3] == ["Case number", "Person reference", "Trafficking status"]
    assert "Family name" not in rows[0]
    refs = {row[0] for row in rows[1:]}
    assert caseload["boy"].reference not in refs and caseload["minsk"].reference in refs
    assert "Шаўчэнка" not in response.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(action="case.list_exported")
    assert event.data["filters"] == {"sex": "female"}
    assert event.data["identities"] is False and event.data["rows"] == 3


def test_identity_export_neutralises_formulas_and_audits_the_read(client_for, caseload):
    # An agency name typed as a formula (names of persons cannot hold "=" at all).
    Agency.objects.filter(pk=caseload["minsk"].owning_agency_id).update(
        name='=HYPERLINK("http://x")', catalogue_code=None
    )
    response = client_for("officer_minsk").post(
        reverse("cases:export"), {"format": "xlsx", "identities": "1"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "Family name" in rows[0]
    family = rows[0].index("Family name")
    names = {row[family] for row in rows[1:]}
    assert "Шаўчэнка" in names
    agency = rows[0].index("Owning agency")
    assert {row[agency] for row in rows[1:]} == {'\'=HYPERLINK("http://x")'}
    assert AuditEvent.objects.filter(action="case.list_exported", data__identities=True).exists()
    assert AuditEvent.objects.filter(
        action="person.identity_listed", purpose="case list export"
    ).exists()


def test_a_role_without_identities_cannot_export_them(client_for, api_for, minsk_case, monkeypatch):
    officer = ROLES["ct_officer"]
    without = dataclasses.replace(officer, capabilities=officer.capabilities - {Cap.IDENTITY_VIEW})
    monkeypatch.setitem(ROLES, "ct_officer", without)
    client = client_for("officer_minsk")
    assert "Include names" not in client.get(reverse("cases:list")).content.decode()
    refused = client.post(reverse("cases:export"), {"format": "csv", "identities": "1"})
    assert refused.status_code == 404
    answer = api_for("officer_minsk").get("/api/cases/export/?as=csv&identities=true")
    assert answer.status_code == 403
    assert not AuditEvent.objects.filter(action="case.list_exported").exists()


def test_api_export_answers_400_for_a_bad_format_or_filter(api_for):
    api = api_for("officer_minsk")
    assert api.get("/api/cases/export/?as=pdf").status_code == 400
    answer = api.get("/api/cases/export/?as=csv&sex=robot")
    assert answer.status_code == 400 and "sex" in answer.json()


# --- step-up for identities ---------------------------------------------------------------------

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def officer_with_totp(actor, settings):
    settings.PALERMO_SECOND_FACTOR_ROLES = ["ct_officer"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    officer = dataclasses.replace(actor("officer_minsk"), second_factor_at=timezone.now())
    device = do_confirm_totp_device(actor=officer, key=KEY)
    return officer, device


def test_an_identity_export_asks_for_the_second_factor_again(officer_with_totp, minsk_case):
    _officer, device = officer_with_totp
    client = Client()
    client.post(
        reverse("accounts:login"), {"username": "officer_minsk", "password": "persona-password-1"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_SECOND_FACTOR_AT] = (timezone.now() - timedelta(minutes=30)).isoformat()
    session.save()
    refused = client.post(reverse("cases:export"), {"format": "csv", "identities": "1"})
    assert refused.status_code == 302 and "step_up=1" in refused["Location"]
    assert not AuditEvent.objects.filter(action="case.list_exported").exists()
    plain = client.post(reverse("cases:export"), {"format": "csv"})
    assert plain.status_code == 200
    referrals = client.get("/referrals/export/?format=csv&identities=1")
    assert referrals.status_code == 302 and "step_up=1" in referrals["Location"]


def test_an_api_identity_export_needs_the_header_code(officer_with_totp, minsk_case):
    officer, _device = officer_with_totp
    key = do_issue_api_token(actor=officer, name="exports").key
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    refused = client.get("/api/cases/export/?as=csv&identities=true")
    assert refused.status_code == 403
    code = str(totp(bytes.fromhex(KEY))).zfill(6)
    allowed = client.get("/api/cases/export/?as=csv&identities=true", HTTP_X_SECOND_FACTOR=code)
    assert allowed.status_code == 200
    assert "Шаўчэнка" in allowed.content.decode("utf-8-sig")
    assert client.get("/api/referrals/export/?as=csv&identities=true").status_code == 403

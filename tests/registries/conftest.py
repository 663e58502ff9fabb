"""Registry fixtures: the personas of tests/conftest.py plus a Ministry of Education officer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from palermo.accounts.actor import Actor, actor_for_membership
from palermo.accounts.models import Agency, Membership
from palermo.accounts.roles import ROLES, Cap, Role
from palermo.accounts.services import do_add_membership, do_create_user
from palermo.registries.models import Advert, InvolvedOrganisation, Licence, TouristReport
from palermo.registries.services import (
    AdvertInput,
    LicenceInput,
    OrganisationInput,
    StepInput,
    StudentNoticeInput,
    TouristInput,
    TouristReportInput,
    do_record_organisation_step,
    do_record_suspension,
    do_register_advert,
    do_register_licence,
    do_register_student_notice,
    do_register_tourist_report,
)
from tests.conftest import PERSONA_NAMES

EDUCATION = "education_officer"
ALL_PERSONAS = [*PERSONA_NAMES, EDUCATION]


@pytest.fixture
def education_membership(personas, monkeypatch) -> Membership:
    """An officer of the Ministry of Education (the second party that agrees adverts).

    Until accounts/roles.py has the role, the test adds it for its own duration.
    """
    if EDUCATION not in ROLES:
        monkeypatch.setitem(
            ROLES,
            EDUCATION,
            Role(EDUCATION, "Ministry of Education officer", frozenset({Cap.API_TOKENS})),
        )
    agency = Agency.objects.get(catalogue_code="ministry_of_education")
    user = do_create_user(
        actor=None,
        username=EDUCATION,
        password="persona-password-1",
        first_name="Alena",
        last_name="Hrynevich",
    )
    return do_add_membership(actor=None, user=user, agency=agency, role=EDUCATION)


@pytest.fixture
def ractor(personas, education_membership) -> Callable[[str], Actor]:
    all_memberships = {**personas, EDUCATION: education_membership}

    def make(name: str) -> Actor:
        return actor_for_membership(all_memberships[name])

    return make


@pytest.fixture
def rclient(personas, education_membership) -> Callable[[str], Client]:
    all_memberships = {**personas, EDUCATION: education_membership}

    def make(name: str) -> Client:
        client = Client()
        client.force_login(all_memberships[name].user)
        return client

    return make


@pytest.fixture
def rapi(personas, education_membership, api_for) -> Callable[[str], APIClient]:
    def make(name: str) -> APIClient:
        if name == EDUCATION:
            client = APIClient()
            client.force_authenticate(user=education_membership.user)
            return client
        return api_for(name)

    return make


@pytest.fixture
def registrar(actor) -> Actor:
    return actor("registry_officer")


def licence_input(**overrides: object) -> LicenceInput:
    values: dict[str, object] = {
        "kind": "employment_abroad",
        "number": "02230/0123456",
        "holder_name": "ООО «Работа за рубежом»",
        "holder_type": "legal_person",
        "taxpayer_number": "190123456",
        "issued_on": date(2024, 3, 1),
        "valid_from": date(2024, 3, 1),
        "valid_until": None,
    }
    values.update(overrides)
    return LicenceInput(**values)  # type: ignore[arg-type]


def organisation_input(**overrides: object) -> OrganisationInput:
    values: dict[str, object] = {
        "name": "ООО «Модельное агентство Звезда»",
        "registration_number": "191234567",
        "country": "BY",
        "kind": "domestic",
        "suspended_on": date(2025, 2, 3),
        "document_reference": "Decision of the Prosecutor General No. 12 of 03.02.2025",
    }
    values.update(overrides)
    return OrganisationInput(**values)  # type: ignore[arg-type]


def step(kind: str, on: date, **overrides: object) -> StepInput:
    values: dict[str, object] = {
        "step": kind,
        "occurred_on": on,
        "document_reference": f"Document for {kind} of {on.isoformat()}",
    }
    values.update(overrides)
    return StepInput(**values)  # type: ignore[arg-type]


def tourist_report_input(**overrides: object) -> TouristReportInput:
    values: dict[str, object] = {
        "report_number": "17/245",
        "agency_name": "ТурЭкспресс",
        "agency_taxpayer_number": "690123457",
        "agency_licence_number": "T-100",
        "region": "BY-HM",
        "destination_country": "AE",
        "departed_on": date(2026, 2, 20),
        # A Friday: 5 working days after it is Friday 6 March (8 March is a Sunday).
        "returned_on": date(2026, 2, 27),
        "reported_on": date(2026, 3, 4),
        "tourists": [
            TouristInput(
                family_name="Сідарэнка",
                given_name="Алеся",
                patronymic="Іванаўна",
                date_of_birth=date(2001, 5, 9),
                gender="female",
                citizenship="BY",
            )
        ],
    }
    values.update(overrides)
    return TouristReportInput(**values)  # type: ignore[arg-type]


def advert_input(**overrides: object) -> AdvertInput:
    values: dict[str, object] = {
        "submission_number": "ADV-2026-7",
        "advertiser_name": "ООО «Работа за рубежом»",
        "advertiser_taxpayer_number": "190123456",
        "kind": "work",
        "media": "Newspaper «Зьвязда»",
        "text": "Work in Poland: fruit pickers wanted.",
        "submitted_on": date(2026, 3, 2),
    }
    values.update(overrides)
    return AdvertInput(**values)  # type: ignore[arg-type]


def student_input(**overrides: object) -> StudentNoticeInput:
    values: dict[str, object] = {
        "notice_number": "N-14",
        "sender_name": "Belarusian State University",
        "sender_taxpayer_number": "100235408",
        "institution_name": "Belarusian State University",
        "family_name": "Кавалёў",
        "given_name": "Павел",
        "patronymic": "",
        "date_of_birth": date(2005, 1, 20),
        "destination_country": "PL",
        "purpose": "sports",
        "departs_on": date(2026, 3, 10),
        "returns_on": date(2026, 3, 15),
        "permission_date": date(2026, 3, 1),
        "permission_number": "P-77",
        "migration_informed_on": None,
    }
    values.update(overrides)
    return StudentNoticeInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def licence(registrar) -> Licence:
    return do_register_licence(actor=registrar, data=licence_input())


@pytest.fixture
def suspended_org(registrar) -> InvolvedOrganisation:
    return do_record_suspension(actor=registrar, data=organisation_input())


@pytest.fixture
def listed_org(registrar) -> InvolvedOrganisation:
    org = do_record_suspension(
        actor=registrar,
        data=organisation_input(name="Listed Trafficking Ltd", registration_number="192345678"),
    )
    for kind, on in [
        ("court_requested", date(2025, 3, 1)),
        ("recognised", date(2025, 6, 2)),
        ("listed", date(2025, 6, 20)),
    ]:
        org = do_record_organisation_step(actor=registrar, organisation=org, data=step(kind, on))
    return org


@pytest.fixture
def tourist_report(registrar) -> TouristReport:
    return do_register_tourist_report(actor=registrar, data=tourist_report_input())


@pytest.fixture
def advert(registrar) -> Advert:
    return do_register_advert(actor=registrar, data=advert_input())


@pytest.fixture
def student_notice(registrar):
    return do_register_student_notice(actor=registrar, data=student_input())

"""The hotline and the portal against the real registries app (skipped while it is not installed)."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not apps.is_installed("palermo.registries"), reason="the registries app is not installed"
    ),
]


@pytest.fixture
def registry(actor):
    from palermo.registries.services import (
        LicenceInput,
        OrganisationInput,
        do_record_suspension,
        do_register_licence,
    )

    officer = actor("registry_officer")
    do_register_licence(
        actor=officer,
        data=LicenceInput(
            kind="employment_abroad", number="EA-0042", holder_name="Work Abroad Plus LLC",
            holder_type="legal_person", taxpayer_number="190000001",
            issued_on=date(2024, 1, 10), valid_from=date(2024, 1, 15), valid_until=date(2029, 1, 14),
        ),
    )  # fmt: skip
    do_record_suspension(
        actor=officer,
        data=OrganisationInput(
            name="Secret Suspended Recruiting", registration_number="190000003", country="BY",
            kind="domestic", suspended_on=date(2025, 3, 1), document_reference="PG-1/2025",
        ),
    )  # fmt: skip


def test_portal_shows_the_licence_and_hides_the_suspended_organisation(client, registry):
    url = reverse("portal:check", args=["en"])
    html = client.get(url + "?q=190000001").content.decode()
    assert "Work Abroad Plus LLC" in html and "Licensed" in html and "2029-01-14" in html
    html = client.get(url + "?q=Secret Suspended").content.decode()
    assert "Secret Suspended Recruiting</td>" not in html
    assert (
        "Secret Suspended Recruiting"
        not in client.get(reverse("portal:organisations", args=["en"])).content.decode()
    )


def test_operator_sees_the_suspension_during_a_call(actor, registry):
    from palermo.hotline.services import do_check_agency, do_log_call
    from tests.hotline.helpers import call_input

    call = do_log_call(actor=actor("hotline_operator"), data=call_input())
    check = do_check_agency(actor=actor("hotline_operator"), call=call, query="Secret Suspended")
    assert [r["status"] for r in check.results] == ["under_proceedings"]

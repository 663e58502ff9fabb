"""Organisations involved in trafficking (Art. 29-30, Regulation No. 427)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from palermo.core.audit import events_for_object
from palermo.registries.models import InvolvedOrganisation, OrganisationStep
from palermo.registries.services import (
    do_record_organisation_step,
    do_record_suspension,
    published_organisations,
)
from tests.registries.conftest import organisation_input, step


def test_each_step_is_dated_documented_and_cites_its_legal_basis(registrar, listed_org):
    org = do_record_organisation_step(
        actor=registrar,
        organisation=listed_org,
        data=step(
            "liquidated",
            date(2025, 9, 1),
            confiscated_amount=Decimal("125000.50"),
            confiscated_currency="byn",
        ),
    )
    assert org.stage == "liquidated"
    assert org.confiscated_amount == Decimal("125000.50")
    assert org.confiscated_currency == "BYN"
    steps = list(org.steps.values_list("step", "legal_basis"))
    assert steps == [
        ("suspended", "Law No. 350-Z, Art. 29"),
        ("court_requested", "Law No. 350-Z, Art. 29"),
        ("recognised", "Law No. 350-Z, Art. 29"),
        ("listed", "Council of Ministers Regulation No. 427 of 08.05.2012"),
        ("liquidated", "Law No. 350-Z, Art. 29"),
    ]
    assert all(s.document_reference for s in org.steps.all())
    assert len(list(events_for_object(org))) == 5


@pytest.mark.parametrize(
    ("kind", "needed"),
    [
        ("recognised", "Request to the Supreme Court"),
        ("rejected", "Request to the Supreme Court"),
        ("listed", "Ruling: recognised as involved in trafficking"),
        ("liquidated", "Inclusion in the published list"),
    ],
)
def test_a_step_out_of_order_names_the_missing_step_and_changes_nothing(
    registrar, suspended_org, kind, needed
):
    with pytest.raises(ValidationError) as exc:
        do_record_organisation_step(
            actor=registrar, organisation=suspended_org, data=step(kind, date(2025, 5, 1))
        )
    assert needed in exc.value.message_dict["step"][0]
    suspended_org.refresh_from_db()
    assert suspended_org.stage == "suspended"
    assert OrganisationStep.objects.filter(organisation=suspended_org).count() == 1


def test_a_rejected_request_ends_the_lifecycle(registrar, suspended_org):
    org = do_record_organisation_step(
        actor=registrar, organisation=suspended_org, data=step("court_requested", date(2025, 3, 1))
    )
    org = do_record_organisation_step(
        actor=registrar, organisation=org, data=step("rejected", date(2025, 4, 1))
    )
    with pytest.raises(ValidationError) as exc:
        do_record_organisation_step(
            actor=registrar, organisation=org, data=step("listed", date(2025, 4, 2))
        )
    assert "rejected" in exc.value.message_dict["step"][0]


def test_steps_cannot_go_back_in_time(registrar, suspended_org):
    with pytest.raises(ValidationError) as exc:
        do_record_organisation_step(
            actor=registrar,
            organisation=suspended_org,
            data=step("court_requested", date(2025, 1, 1)),
        )
    assert "before the previous one" in exc.value.message_dict["occurred_on"][0]


def test_office_ban_only_for_foreign_organisations_after_the_ruling(registrar, listed_org):
    with pytest.raises(ValidationError) as exc:
        do_record_organisation_step(
            actor=registrar, organisation=listed_org, data=step("office_ban", date(2025, 7, 1))
        )
    assert "foreign and international" in exc.value.message_dict["step"][0]

    foreign = do_record_suspension(
        actor=registrar,
        data=organisation_input(
            name="Golden Visa Agency GmbH", registration_number="", country="DE", kind="foreign"
        ),
    )
    with pytest.raises(ValidationError) as exc:
        do_record_organisation_step(
            actor=registrar, organisation=foreign, data=step("office_ban", date(2025, 7, 1))
        )
    assert "Ruling: recognised" in exc.value.message_dict["step"][0]
    for kind, on in [("court_requested", date(2025, 3, 1)), ("recognised", date(2025, 6, 2))]:
        foreign = do_record_organisation_step(
            actor=registrar, organisation=foreign, data=step(kind, on)
        )
    foreign = do_record_organisation_step(
        actor=registrar, organisation=foreign, data=step("office_ban", date(2025, 7, 1))
    )
    assert foreign.office_ban_on == date(2025, 7, 1)
    assert foreign.steps.get(step="office_ban").legal_basis == "Law No. 350-Z, Art. 30"


def test_domestic_organisation_needs_a_valid_unp(registrar):
    with pytest.raises(ValidationError) as exc:
        do_record_suspension(actor=registrar, data=organisation_input(registration_number="12"))
    assert "UNP" in exc.value.message_dict["registration_number"][0]
    assert not InvolvedOrganisation.objects.exists()


def test_confiscation_belongs_to_the_liquidation(registrar, listed_org):
    with pytest.raises(ValidationError) as exc:
        do_record_organisation_step(
            actor=registrar,
            organisation=listed_org,
            data=step("liquidated", date(2025, 9, 1), confiscated_amount=Decimal(10)),
        )
    assert "ISO 4217" in exc.value.message_dict["confiscated_currency"][0]


def test_published_list_has_only_recognised_and_listed_organisations(
    registrar, suspended_org, listed_org
):
    recognised_only = do_record_suspension(
        actor=registrar,
        data=organisation_input(name="Recognised Only", registration_number="193456789"),
    )
    for kind, on in [("court_requested", date(2025, 3, 1)), ("recognised", date(2025, 6, 2))]:
        recognised_only = do_record_organisation_step(
            actor=registrar, organisation=recognised_only, data=step(kind, on)
        )
    published = published_organisations()
    assert [p.name for p in published] == ["Listed Trafficking Ltd"]
    entry = published[0]
    assert set(vars(entry)) == {"name", "registration_number", "country", "ruling_on", "listed_on"}
    assert entry.ruling_on == date(2025, 6, 2)
    assert entry.listed_on == date(2025, 6, 20)

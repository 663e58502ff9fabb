"""Fixtures of the cross-border tests: this installation's keys, a partner abroad whose private
keys the test holds (so it can write packages to us and read what we send), consent."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.cases.services import ConsentInput, do_record_consent
from palermo.cases.vocab import ConsentPurpose
from palermo.crossborder.models import InstallationKey, Partner
from palermo.crossborder.package import KeyPair, open_package, seal
from palermo.crossborder.services import (
    PartnerInput,
    do_generate_installation_key,
    do_register_partner,
    own_keypair,
)


@dataclass
class PartnerAbroad:
    """The other installation, played by the test."""

    keys: KeyPair
    partner: Partner

    def referral(self, payload: dict[str, Any] | None = None, **overrides: Any) -> str:
        own = own_keypair()
        assert own is not None
        now = timezone.now()
        values: dict[str, Any] = {
            "kind": "referral",
            "payload": payload if payload is not None else referral_payload(),
            "sender": self.keys,
            "recipient": own.public,
            "now": now,
            "expires_at": now + timedelta(days=7),
        }
        values.update(overrides)
        return seal(**values).text

    def open(self, text: str) -> dict[str, Any]:
        own = own_keypair()
        assert own is not None
        return open_package(
            text, own=self.keys, sender_keys=lambda fp: own.public, now=timezone.now()
        ).payload


def referral_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "schema": "HTCDS-2.0",
        "cas_ReasonForIncomingReferral": "MigrationOrChangeOfLocation",
        "cas_IncomingReferralDetails": "Returning home; needs a shelter place.",
        "cas_ReferringOrganisation": "Testland National Police",
        "org_ShippingCountry": "TL",
        "prs_SecondName": "Ковалёва",
        "prs_FirstName": "Алеся",
        "x_palermo_SecondNameLatin": "Kavaliova",
        "x_palermo_FirstNameLatin": "Alesia",
        "prs_Birthdate": "2001-05-17",
        "prs_Gender": "Female",
        "prs_Nationality": "BY",
        "vic_TypeOfExploitation": ["ForcedLabour"],
        "x_palermo_ExploitationForms": ["forced_labour"],
        "hte_Events": [{"hte_Type": "Exploitation", "hte_Country": "TL"}],
    }
    payload.update(overrides)
    return payload


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def own_key(db: None) -> InstallationKey:
    return do_generate_installation_key(actor=None)


@pytest.fixture
def abroad(own_key: InstallationKey, actor: Callable[[str], Actor]) -> PartnerAbroad:
    keys = KeyPair.generate()
    partner = do_register_partner(
        actor=actor("admin"),
        data=PartnerInput(
            name="Testland National Referral Mechanism",
            country="TL",
            encryption_key=b64(keys.public.encryption),
            signing_key=b64(keys.public.signing),
            receiving_agency_id=actor("officer_minsk").agency.pk,  # type: ignore[union-attr]
        ),
    )
    return PartnerAbroad(keys=keys, partner=partner)


def give_transfer_consent(actor: Actor, case: Case) -> None:
    do_record_consent(
        actor=actor,
        case=case,
        data=ConsentInput(
            purpose=ConsentPurpose.CROSS_BORDER_TRANSFER,
            given_on=date(2026, 3, 3),
            purpose_explained=True,
            uses_explained=True,
            research_use_explained=True,
            right_of_access_explained=True,
            retention_explained=True,
            withdrawal_explained=True,
        ),
    )


@pytest.fixture
def consented_case(minsk_case: Case, actor: Callable[[str], Actor]) -> Case:
    give_transfer_consent(actor("officer_minsk"), minsk_case)
    return minsk_case

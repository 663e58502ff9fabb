"""Licences (Art. 14): registration, status changes with documents, expiry, publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from palermo.core.audit import events_for_object
from palermo.core.errors import ConflictError
from palermo.registries.models import Licence, LicenceStatusChange
from palermo.registries.services import (
    do_change_licence_status,
    do_register_licence,
    do_update_licence,
    published_licences,
)
from tests.registries.conftest import licence_input


def test_registering_a_licence_stores_its_legal_basis_and_audits(registrar):
    licence = do_register_licence(actor=registrar, data=licence_input(number=" 02230/0999 "))
    assert licence.number == "02230/0999"
    assert licence.status == "active"
    assert licence.legal_basis == "Law No. 350-Z, Art. 14"
    events = list(events_for_object(licence))
    assert [e.action for e in events] == ["registries.licence_registered"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"taxpayer_number": "12345"}, "taxpayer_number", "UNP"),
        ({"taxpayer_number": "19012345X"}, "taxpayer_number", "UNP"),
        ({"kind": "casting"}, "kind", "kind"),
        ({"holder_name": " "}, "holder_name", "holder"),
        ({"valid_from": date(2024, 2, 1)}, "valid_from", "before it was issued"),
        ({"valid_until": date(2024, 2, 1)}, "valid_until", "cannot end before"),
        ({"issued_on": date(2999, 1, 1), "valid_from": date(2999, 1, 1)}, "issued_on", "future"),
    ],
)
def test_bad_licence_is_refused_with_the_field_named_and_nothing_written(
    registrar, overrides, field, words
):
    with pytest.raises(ValidationError) as exc:
        do_register_licence(actor=registrar, data=licence_input(**overrides))
    assert words in " ".join(exc.value.message_dict[field])
    assert not Licence.objects.exists()


def test_number_is_unique_per_kind(registrar, licence):
    with pytest.raises(ValidationError) as exc:
        do_register_licence(actor=registrar, data=licence_input(taxpayer_number="190999999"))
    assert "already registered" in exc.value.message_dict["number"][0]
    # The same number for the other kind is another licence.
    other = do_register_licence(
        actor=registrar, data=licence_input(kind="marriage_agency", taxpayer_number="190999999")
    )
    assert other.pk != licence.pk


def test_only_registry_managers_register(actor):
    with pytest.raises(ValidationError):
        do_register_licence(actor=actor("hotline_operator"), data=licence_input())
    assert not Licence.objects.exists()


def test_status_history_keeps_documents(registrar, licence):
    licence = do_change_licence_status(
        actor=registrar, licence=licence, expected_version=licence.version, to_status="suspended",
        decided_on=date(2025, 1, 10), document_reference="Order No. 5 of 10.01.2025",
        reason="Inspection found violations",
    )  # fmt: skip
    licence = do_change_licence_status(
        actor=registrar, licence=licence, expected_version=licence.version, to_status="active",
        decided_on=date(2025, 2, 10), document_reference="Order No. 9 of 10.02.2025",
    )  # fmt: skip
    licence = do_change_licence_status(
        actor=registrar, licence=licence, expected_version=licence.version, to_status="revoked",
        decided_on=date(2025, 5, 10), document_reference="Order No. 20 of 10.05.2025",
    )  # fmt: skip
    history = list(
        licence.status_changes.values_list("from_status", "to_status", "document_reference")
    )
    assert history == [
        ("active", "suspended", "Order No. 5 of 10.01.2025"),
        ("suspended", "active", "Order No. 9 of 10.02.2025"),
        ("active", "revoked", "Order No. 20 of 10.05.2025"),
    ]
    with pytest.raises(ValidationError) as exc:
        do_change_licence_status(
            actor=registrar, licence=licence, expected_version=licence.version, to_status="active",
            decided_on=date(2025, 6, 1), document_reference="x",
        )  # fmt: skip
    assert "revoked licence cannot" in exc.value.message_dict["to_status"][0]


def test_status_change_needs_a_document_and_writes_nothing_without(registrar, licence):
    with pytest.raises(ValidationError) as exc:
        do_change_licence_status(
            actor=registrar, licence=licence, expected_version=1, to_status="suspended",
            decided_on=None, document_reference="  ",
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"decided_on", "document_reference"}
    licence.refresh_from_db()
    assert licence.status == "active"
    assert not LicenceStatusChange.objects.exists()


def test_a_stale_version_is_refused_not_lost(registrar, licence):
    do_change_licence_status(
        actor=registrar, licence=licence, expected_version=1, to_status="suspended",
        decided_on=date(2025, 1, 10), document_reference="Order 1",
    )  # fmt: skip
    with pytest.raises(ConflictError):
        do_update_licence(
            actor=registrar, licence=licence, expected_version=1,
            data=licence_input(holder_name="Renamed"),
        )  # fmt: skip
    licence.refresh_from_db()
    assert licence.holder_name != "Renamed"
    assert licence.status == "suspended"


def test_expired_is_computed_from_the_dates(registrar):
    today = timezone.localdate()
    licence = do_register_licence(
        actor=registrar,
        data=licence_input(valid_until=today - timedelta(days=1)),
    )
    assert licence.status == "active"
    assert licence.effective_status() == "expired"
    assert licence.effective_status(today - timedelta(days=2)) == "active"


def test_published_licences_only_employment_abroad_and_only_public_fields(registrar, licence):
    do_register_licence(
        actor=registrar,
        data=licence_input(kind="marriage_agency", number="M-1", holder_name="Love Ltd"),
    )
    published = published_licences()
    assert [p.number for p in published] == [licence.number]
    entry = published[0]
    assert set(vars(entry)) == {
        "holder_name", "taxpayer_number", "number", "kind", "valid_from", "valid_until", "status",
    }  # fmt: skip
    assert entry.status == "active"

"""The sealed package on its own: every changed byte, an expired or replayed date, a wrong key or
a wrong address is refused with its own reason, and a good package opens to what was sent."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from palermo.crossborder.package import (
    KeyPair,
    PackageRefused,
    PublicKeys,
    open_package,
    public_keys_from_b64,
    seal,
)

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
PAYLOAD = {"prs_FirstName": "Алеся", "prs_Gender": "Female", "prs_Nationality": "BY"}

SENDER = KeyPair.generate()
RECEIVER = KeyPair.generate()


def known(*pairs: KeyPair):  # type: ignore[no-untyped-def]
    table = {p.public.fingerprint: p.public for p in pairs}
    return lambda fp: table.get(fp)


def sealed_text(**overrides: object) -> str:
    values: dict[str, object] = {
        "kind": "referral",
        "payload": PAYLOAD,
        "sender": SENDER,
        "recipient": RECEIVER.public,
        "now": NOW,
        "expires_at": NOW + timedelta(days=14),
    }
    values.update(overrides)
    return seal(**values).text  # type: ignore[arg-type]


def opened(text: str, *, now: datetime = NOW, own: KeyPair = RECEIVER):  # type: ignore[no-untyped-def]
    return open_package(text, own=own, sender_keys=known(SENDER), now=now)


def refused(text: str, **kwargs: object) -> str:
    with pytest.raises(PackageRefused) as caught:
        opened(text, **kwargs)  # type: ignore[arg-type]
    return caught.value.code


def test_a_good_package_opens_to_exactly_what_was_sent() -> None:
    result = opened(sealed_text())
    assert result.payload == PAYLOAD
    assert result.kind == "referral"
    assert result.sender == SENDER.public.fingerprint


def test_the_name_is_not_readable_in_the_file() -> None:
    text = sealed_text()
    assert "Алеся" not in text and "prs_FirstName" not in text
    assert base64.b64encode("Алеся".encode()).decode() not in text


def _flip(document: dict, field: str, index: int) -> str:  # type: ignore[type-arg]
    raw = bytearray(base64.b64decode(document[field]))
    raw[index] ^= 0x01
    changed = dict(document, **{field: base64.b64encode(bytes(raw)).decode()})
    return json.dumps(changed)


@pytest.mark.parametrize(
    "region, index",
    [
        ("sealed", 0),  # the HPKE encapsulated key
        ("sealed", 31),
        ("sealed", 32),  # first byte of the ciphertext
        ("sealed", -17),  # last byte of the ciphertext
        ("sealed", -1),  # the GCM tag
        ("signature", 0),
        ("signature", 63),
    ],
)
def test_a_changed_byte_anywhere_in_the_body_or_signature_is_refused(
    region: str, index: int
) -> None:
    document = json.loads(sealed_text())
    assert refused(_flip(document, region, index)) == "bad_signature"


@pytest.mark.parametrize("field", ["kind", "id", "created_at", "expires_at"])
def test_a_changed_header_field_is_refused(field: str) -> None:
    document = json.loads(sealed_text())
    new_values = {
        "kind": "answer",
        "id": "00000000-0000-4000-8000-000000000000",
        "created_at": "2026-12-02T09:00:00Z",
        "expires_at": "2027-12-03T09:00:00Z",
    }
    document["header"][field] = new_values[field]
    assert refused(json.dumps(document)) == "bad_signature"


def test_a_package_signed_by_someone_else_under_the_partners_name_is_refused() -> None:
    impostor = KeyPair.generate()
    document = json.loads(sealed_text(sender=impostor))
    document["header"]["sender"] = SENDER.public.fingerprint
    assert refused(json.dumps(document)) == "bad_signature"


def test_an_unknown_sender_is_refused() -> None:
    assert refused(sealed_text(sender=KeyPair.generate())) == "unknown_sender"


def test_a_package_for_another_installation_is_refused() -> None:
    assert refused(sealed_text(recipient=KeyPair.generate().public)) == "wrong_recipient"


def test_a_package_readdressed_to_us_cannot_be_decrypted_or_verified() -> None:
    document = json.loads(sealed_text(recipient=KeyPair.generate().public))
    document["header"]["recipient"] = RECEIVER.public.fingerprint
    assert refused(json.dumps(document)) == "bad_signature"


def test_the_wrong_private_key_cannot_open_a_package() -> None:
    other = KeyPair(encryption=KeyPair.generate().encryption, signing=RECEIVER.signing)
    # Same address would need the same public key: with another key it is addressed elsewhere.
    assert refused(sealed_text(), own=other) == "wrong_recipient"


def test_expiry_is_enforced_to_the_second() -> None:
    text = sealed_text(expires_at=NOW + timedelta(hours=1))
    assert opened(text, now=NOW + timedelta(minutes=59)).payload == PAYLOAD
    assert refused(text, now=NOW + timedelta(hours=1)) == "expired"


def test_a_package_dated_in_the_future_is_refused() -> None:
    text = sealed_text(now=NOW + timedelta(hours=2), expires_at=NOW + timedelta(days=1))
    assert refused(text) == "bad_dates"


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[]", '{"header": {}}', '{"header": {"format": "other/9"}}'],
)
def test_garbage_is_refused_as_not_a_package(text: str) -> None:
    assert refused(text) in {"malformed", "format"}


def test_public_keys_round_trip_and_bad_keys_name_the_field() -> None:
    keys = SENDER.public
    exported = json.loads(keys.export())
    again = public_keys_from_b64(exported["encryption_key"], exported["signing_key"])
    assert again == keys and exported["fingerprint"] == keys.fingerprint
    with pytest.raises(ValueError, match="signing_key"):
        public_keys_from_b64(exported["encryption_key"], "AAAA")
    with pytest.raises(ValueError, match="encryption_key"):
        public_keys_from_b64("***", exported["signing_key"])
    assert isinstance(keys, PublicKeys)

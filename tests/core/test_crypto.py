"""palermo.core.crypto: tokens, the key ring, rotation and blind indexes."""

from __future__ import annotations

import base64
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from palermo.core import crypto
from palermo.core.crypto import (
    DecryptionError,
    KeyRing,
    blind_index,
    decrypt_str,
    encrypt_str,
    get_keyring,
    key_id_of,
    needs_rotation,
    reencrypt_str,
)


def b64key(fill: int, length: int = 32) -> str:
    return base64.b64encode(bytes([fill]) * length).decode()


OLD = f"old:{b64key(1)}"
NEW = f"new:{b64key(2)}"
BLIND_A = b64key(7)
BLIND_B = b64key(8)
CONTEXT = "people.Person.family_name"


@pytest.fixture(autouse=True)
def keys(settings):
    # pytest-django's settings fixture sends setting_changed, which clears the cached key ring.
    settings.PALERMO_ENCRYPTION_KEYS = OLD
    settings.PALERMO_BLIND_INDEX_KEY = BLIND_A
    return settings


def _payload(token: str) -> bytes:
    data = token.split(".", 2)[2]
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _with_payload(token: str, payload: bytes) -> str:
    head = token.rsplit(".", 1)[0]
    return f"{head}.{base64.urlsafe_b64encode(payload).rstrip(b'=').decode()}"


# --- encryption ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plaintext",
    [
        "Smith",
        "Иванова Мария Петровна",
        "Ўладзіслаў Іўчанка",  # Belarusian short u and dotted i
        "Łukašenka 👩‍👧 O'Brien-Núñez",
        "",
        "line one\nline two\ttab\x00nul",
        "Я" * 10_000,
    ],
)
def test_round_trip(plaintext):
    token = encrypt_str(plaintext, context=CONTEXT)
    assert decrypt_str(token, context=CONTEXT) == plaintext


def test_token_is_self_describing_ascii_and_hides_the_plaintext():
    token = encrypt_str("Ўладзіслаў", context=CONTEXT)
    assert token.isascii()
    version, key_id, _data = token.split(".")
    assert (version, key_id) == ("v1", "old")
    assert "Ўладзіслаў" not in token
    assert len(_payload(token)) == 12 + len("Ўладзіслаў".encode()) + 16  # nonce + ct + tag


def test_each_encryption_uses_a_fresh_nonce():
    tokens = [encrypt_str("Maria", context=CONTEXT) for _ in range(50)]
    assert len(set(tokens)) == 50
    assert len({_payload(t)[:12] for t in tokens}) == 50


def test_a_ciphertext_moved_to_another_field_does_not_decrypt():
    token = encrypt_str("Maria", context="people.Person.given_name")
    with pytest.raises(DecryptionError, match=r"people\.Person\.family_name"):
        decrypt_str(token, context="people.Person.family_name")


@pytest.mark.parametrize("position", [0, 5, 11, 12, 15, -17, -1])  # nonce, ciphertext, tag
def test_a_changed_byte_is_detected(position):
    token = encrypt_str("Maria Ivanova", context=CONTEXT)
    raw = bytearray(_payload(token))
    raw[position] ^= 0x01
    with pytest.raises(DecryptionError, match="altered"):
        decrypt_str(_with_payload(token, bytes(raw)), context=CONTEXT)


def test_a_truncated_token_is_detected():
    token = encrypt_str("Maria Ivanova", context=CONTEXT)
    with pytest.raises(DecryptionError):
        decrypt_str(_with_payload(token, _payload(token)[:-1]), context=CONTEXT)
    with pytest.raises(DecryptionError, match="too short"):
        decrypt_str(_with_payload(token, _payload(token)[:20]), context=CONTEXT)


def test_relabelling_a_token_with_another_key_id_is_detected(keys):
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    token = encrypt_str("Maria", context=CONTEXT)
    assert token.startswith("v1.new.")
    with pytest.raises(DecryptionError):
        decrypt_str(token.replace("v1.new.", "v1.old.", 1), context=CONTEXT)


@pytest.mark.parametrize(
    "token",
    ["", "Maria", "v1.old", "v1..abc", "v2.old.AAAA", "v1.o:d.AAAA", "v1.old.!!!!"],
)
def test_something_that_is_not_a_token_is_refused(token):
    with pytest.raises(DecryptionError):
        decrypt_str(token, context=CONTEXT)


def test_a_context_is_required():
    with pytest.raises(ValueError, match="context"):
        encrypt_str("Maria", context="")


# --- rotation --------------------------------------------------------------------------------


def test_old_ciphertext_still_decrypts_after_a_new_key_is_put_first(keys):
    old_token = encrypt_str("Іван Шчарбакоў", context=CONTEXT)
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"

    assert decrypt_str(old_token, context=CONTEXT) == "Іван Шчарбакоў"
    assert needs_rotation(old_token)
    new_token = encrypt_str("Іван Шчарбакоў", context=CONTEXT)
    assert key_id_of(new_token) == "new"
    assert not needs_rotation(new_token)


def test_reencrypt_moves_a_token_to_the_newest_key(keys):
    old_token = encrypt_str("Maria", context=CONTEXT)
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"

    rotated = reencrypt_str(old_token, context=CONTEXT)
    assert key_id_of(rotated) == "new"
    assert reencrypt_str(rotated, context=CONTEXT) == rotated  # already current: unchanged
    keys.PALERMO_ENCRYPTION_KEYS = NEW  # the old key is retired
    assert decrypt_str(rotated, context=CONTEXT) == "Maria"


def test_a_token_under_an_unknown_key_fails_clearly(keys):
    token = encrypt_str("Maria", context=CONTEXT)
    keys.PALERMO_ENCRYPTION_KEYS = NEW
    with pytest.raises(DecryptionError, match="key 'old', which is not in PALERMO_ENCRYPTION_KEYS"):
        decrypt_str(token, context=CONTEXT)


def test_the_key_ring_is_cached_until_the_setting_changes(keys):
    ring = get_keyring()
    assert get_keyring() is ring
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    assert get_keyring() is not ring
    assert get_keyring().key_ids == ["new", "old"]
    assert get_keyring().newest_id == "new"


def test_the_key_ring_never_shows_key_material():
    ring = KeyRing.from_setting(f"{NEW},{OLD}")
    assert repr(ring) == "KeyRing(key_ids=['new', 'old'])"
    assert b64key(2) not in repr(ring._keys)


# --- parsing the key ring setting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "PALERMO_ENCRYPTION_KEYS is empty"),
        ("   ", "PALERMO_ENCRYPTION_KEYS is empty"),
        (b64key(1), "entry 1 is not of the form 'id:base64key'"),
        (f"{OLD},{b64key(2)}", "entry 2 is not of the form 'id:base64key'"),
        (f":{b64key(1)}", "entry 1 has an empty key id"),
        (f"{OLD},,{NEW}", "entry 2 is not of the form"),
        (f"dev.1:{b64key(1)}", "entry 1 has a key id with characters that are not allowed"),
        (f"dev 1:{b64key(1)}", "characters that are not allowed"),
        (f"{'k' * 33}:{b64key(1)}", "characters that are not allowed"),
        ("dev1:not*base64!", "key 'dev1' is not valid base64"),
        (f"dev1:{b64key(1, 31)}", "key 'dev1' is 31 bytes, need 32"),
        (f"dev1:{b64key(1, 16)}", "key 'dev1' is 16 bytes, need 32"),
        (f"dev1:{b64key(1)},dev1:{b64key(2)}", "key id 'dev1' appears more than once"),
        (f"dev1:{b64key(1)},DEV1:{b64key(2)}", "key id 'DEV1' appears more than once"),
        (f"a:{b64key(1)},b:{b64key(1)}", "keys 'a' and 'b' are the same key"),
    ],
)
def test_a_bad_key_ring_setting_gives_a_clear_error(value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)) as caught:
        KeyRing.from_setting(value)
    # The error lands in logs and on consoles: it must not carry key material.
    assert b64key(1) not in str(caught.value)
    assert b64key(2) not in str(caught.value)


def test_the_keys_palermo_is_configured_with_are_valid():
    # What palermo.settings resolved (the development defaults unless PALERMO_* are set): a key
    # of the wrong length would stop every read of identity data.
    from palermo import settings as configured

    KeyRing.from_setting(configured.PALERMO_ENCRYPTION_KEYS)
    crypto._parse_blind_index_key(configured.PALERMO_BLIND_INDEX_KEY)


@pytest.mark.parametrize(
    "value",
    [
        f"k1:{base64.urlsafe_b64encode(bytes(range(200, 232))).decode()}",  # url-safe alphabet
        f"k1:{base64.b64encode(bytes(range(200, 232))).decode().rstrip('=')}",  # no padding
        f" k2 : {b64key(2)} , k1:{b64key(1)} ,",  # spaces and a trailing comma
    ],
)
def test_accepted_key_ring_spellings(value):
    ring = KeyRing.from_setting(value)
    assert ring.newest_id in {"k1", "k2"}


def test_the_system_check_reports_a_bad_setting(keys):
    keys.PALERMO_ENCRYPTION_KEYS = f"dev1:{b64key(1, 31)}"
    keys.PALERMO_BLIND_INDEX_KEY = b64key(1, 8)
    messages = crypto.check_encryption_settings()
    assert [m.id for m in messages] == ["palermo.E001", "palermo.E002"]
    assert "key 'dev1' is 31 bytes, need 32" in messages[0].msg
    assert "8 bytes, need at least 32" in messages[1].msg


def test_the_system_check_accepts_good_settings():
    assert crypto.check_encryption_settings() == []


# --- blind indexes ---------------------------------------------------------------------------


def test_blind_index_is_stable(keys):
    first = blind_index("ivanova|maria", purpose="people.Person.name")
    crypto.clear_keyring_cache()
    assert blind_index("ivanova|maria", purpose="people.Person.name") == first
    assert len(first) == 32
    assert int(first, 16) >= 0  # hex


def test_blind_index_does_not_change_when_encryption_keys_rotate(keys):
    before = blind_index("ivanova", purpose="people.Person.name")
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    assert blind_index("ivanova", purpose="people.Person.name") == before


def test_blind_index_differs_per_value_purpose_and_key(keys):
    name = blind_index("ivanova", purpose="people.Person.name")
    assert blind_index("ivanov", purpose="people.Person.name") != name
    assert blind_index("ivanova", purpose="people.Document.number") != name
    keys.PALERMO_BLIND_INDEX_KEY = BLIND_B
    assert blind_index("ivanova", purpose="people.Person.name") != name


def test_blind_index_does_not_normalise(keys):
    # Normalisation (case, spaces, transliteration) is the caller's job, done before hashing.
    assert blind_index("Ivanova", purpose="p") != blind_index("ivanova", purpose="p")


def test_blind_index_needs_a_purpose_and_a_good_key(keys):
    with pytest.raises(ValueError, match="purpose"):
        blind_index("ivanova", purpose="")
    keys.PALERMO_BLIND_INDEX_KEY = "%%%"
    with pytest.raises(ImproperlyConfigured, match="PALERMO_BLIND_INDEX_KEY is not valid base64"):
        blind_index("ivanova", purpose="p")

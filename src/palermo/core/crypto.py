"""Authenticated encryption of identity data and keyed blind indexes.

Identity data (names, dates of birth, documents, addresses, narratives) is stored encrypted with
AES-256-GCM under a *key ring* read from ``PALERMO_ENCRYPTION_KEYS``:

    PALERMO_ENCRYPTION_KEYS="k2026:<base64 32 bytes>,k2025:<base64 32 bytes>"

The first key is the newest: it encrypts. Every key decrypts, so a new key can be put in front,
``palermo rotate-keys`` re-encrypts the data, and the old key is removed afterwards.

A token is ASCII and describes itself: ``v1.<key id>.<base64url(nonce || ciphertext || tag)>``.
The caller's *context* (``"people.Person.family_name"``) is authenticated as associated data, so
a ciphertext copied into another column, row type or field does not decrypt.

Blind indexes (``blind_index``) are HMAC-SHA256 digests under a separate secret,
``PALERMO_BLIND_INDEX_KEY``: exact-match look-ups without decryption, and a digest that does not
change when the encryption keys rotate.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = [
    "BLIND_INDEX_LENGTH",
    "FORMAT_VERSION",
    "KEY_BYTES",
    "DecryptionError",
    "KeyRing",
    "blind_index",
    "clear_keyring_cache",
    "decrypt_str",
    "encrypt_str",
    "get_keyring",
    "key_id_of",
    "needs_rotation",
    "reencrypt_str",
]

FORMAT_VERSION = "v1"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce; random per encryption
TAG_BYTES = 16
BLIND_INDEX_LENGTH = 32  # hex characters = 128 bits: collisions are not a practical concern
MIN_BLIND_INDEX_KEY_BYTES = 32

ENCRYPTION_KEYS_SETTING = "PALERMO_ENCRYPTION_KEYS"
BLIND_INDEX_KEY_SETTING = "PALERMO_BLIND_INDEX_KEY"

# A key id travels inside every token, between dots, and inside the setting, between ':' and ','.
# Keeping it to a small safe alphabet means it can never break either format.
_KEY_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
_KEY_ID_RULE = "1-32 characters from A-Z, a-z, 0-9, '_' and '-'"

_BLIND_INDEX_INFO = b"palermo blind index v1\x00"


class DecryptionError(Exception):
    """A token could not be decrypted: malformed, unknown key, wrong context or altered.

    Deliberately not a ValueError: generic ``except ValueError`` handlers must not swallow it
    and carry on with a missing or wrong identity.
    """


class _Key:
    """One key of the ring. Its repr never shows the key material (tracebacks, debug pages)."""

    __slots__ = ("aead", "key_id", "material")

    def __init__(self, key_id: str, material: bytes) -> None:
        self.key_id = key_id
        self.material = material
        self.aead = AESGCM(material)

    def __repr__(self) -> str:
        return f"<key {self.key_id!r}>"


def _decode_b64(text: str) -> bytes:
    """Decode standard or URL-safe base64, with or without padding; raise ValueError if bad."""
    cleaned = "".join(text.split()).replace("-", "+").replace("_", "/")
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(str(exc)) from None


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _aad(key_id: str, context: str) -> bytes:
    # The header is authenticated too, so a token cannot be relabelled with another version or
    # key id even if two ids were (by mistake) configured with the same key bytes.
    return f"{FORMAT_VERSION}.{key_id}\n{context}".encode()


def _check_context(context: str) -> None:
    if not context or not isinstance(context, str):
        # An empty context would let a ciphertext be moved between any two columns unnoticed.
        raise ValueError("an encryption context (e.g. 'people.Person.family_name') is required")


class KeyRing:
    """The ordered encryption keys: ``keys[0]`` encrypts, all of them decrypt."""

    def __init__(self, keys: Iterable[tuple[str, bytes]]) -> None:
        self._keys: dict[str, _Key] = {}
        for key_id, material in keys:
            self._keys[key_id] = _Key(key_id, material)
        if not self._keys:
            raise ImproperlyConfigured("a key ring needs at least one key")
        self._newest = next(iter(self._keys.values()))

    @classmethod
    def from_setting(cls, value: str, *, setting: str = ENCRYPTION_KEYS_SETTING) -> KeyRing:
        """Parse ``"id1:base64key,id2:base64key"``; the first entry is the newest key.

        Errors name the setting, the entry and the problem, never the key material.
        """
        if not isinstance(value, str) or not value.strip():
            raise ImproperlyConfigured(
                f"{setting} is empty: it must list at least one key as 'id:base64key'"
            )
        parsed: list[tuple[str, bytes]] = []
        seen_ids: set[str] = set()
        seen_material: dict[bytes, str] = {}
        entries = [entry.strip() for entry in value.split(",")]
        # A trailing comma is harmless; an empty entry in the middle is probably a paste error.
        if entries and entries[-1] == "":
            entries.pop()
        for position, entry in enumerate(entries, start=1):
            key_id, colon, encoded = (part.strip() for part in entry.partition(":"))
            if not colon:
                raise ImproperlyConfigured(
                    f"{setting}: entry {position} is not of the form 'id:base64key'"
                )
            if not key_id:
                raise ImproperlyConfigured(f"{setting}: entry {position} has an empty key id")
            if not _KEY_ID_RE.fullmatch(key_id):
                raise ImproperlyConfigured(
                    f"{setting}: entry {position} has a key id with characters that are not "
                    f"allowed (a key id is {_KEY_ID_RULE})"
                )
            if key_id.lower() in seen_ids:
                # Ignoring case: SQL LIKE ignores it on some databases (rotate_keys uses LIKE).
                raise ImproperlyConfigured(
                    f"{setting}: key id {key_id!r} appears more than once (ignoring case)"
                )
            try:
                material = _decode_b64(encoded)
            except ValueError:
                raise ImproperlyConfigured(
                    f"{setting}: key {key_id!r} is not valid base64"
                ) from None
            if len(material) != KEY_BYTES:
                raise ImproperlyConfigured(
                    f"{setting}: key {key_id!r} is {len(material)} bytes, need {KEY_BYTES}"
                )
            if material in seen_material:
                # Usually a rotation where the old key was pasted under the new id: rotating
                # would then change nothing while the operator believes the old key is retired.
                raise ImproperlyConfigured(
                    f"{setting}: keys {seen_material[material]!r} and {key_id!r} are the same key"
                )
            seen_ids.add(key_id.lower())
            seen_material[material] = key_id
            parsed.append((key_id, material))
        return cls(parsed)

    def __repr__(self) -> str:
        return f"KeyRing(key_ids={self.key_ids!r})"

    @property
    def newest_id(self) -> str:
        return self._newest.key_id

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def encrypt(self, plaintext: bytes, *, context: str) -> str:
        _check_context(context)
        key = self._newest
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead.encrypt(nonce, plaintext, _aad(key.key_id, context))
        return f"{FORMAT_VERSION}.{key.key_id}.{_b64url(nonce + sealed)}"

    def decrypt(self, token: str, *, context: str) -> bytes:
        _check_context(context)
        key_id, payload = _split_token(token)
        key = self._keys.get(key_id)
        if key is None:
            raise DecryptionError(
                f"token for {context!r} was encrypted with key {key_id!r}, which is not in "
                f"{ENCRYPTION_KEYS_SETTING} (known: {', '.join(self._keys)})"
            )
        try:
            raw = _decode_b64(payload)
        except ValueError:
            raise DecryptionError(f"token for {context!r} is not valid base64") from None
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError(f"token for {context!r} is too short to be a ciphertext")
        nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        try:
            return key.aead.decrypt(nonce, sealed, _aad(key_id, context))
        except InvalidTag:
            raise DecryptionError(
                f"token for {context!r} (key {key_id!r}) failed authentication: it was altered, "
                "or it belongs to another field"
            ) from None

    def needs_rotation(self, token: str) -> bool:
        return key_id_of(token) != self.newest_id


def _split_token(token: str) -> tuple[str, str]:
    if not isinstance(token, str):
        raise DecryptionError(f"a token is a str, not {type(token).__name__}")
    version, dot1, rest = token.partition(".")
    key_id, dot2, payload = rest.partition(".")
    if not (dot1 and dot2 and key_id and payload):
        raise DecryptionError("value is not an encrypted token (expected 'v1.<key id>.<data>')")
    if version != FORMAT_VERSION:
        raise DecryptionError(f"unsupported token version {version[:8]!r}")
    if not _KEY_ID_RE.fullmatch(key_id):
        raise DecryptionError("token has a malformed key id")
    return key_id, payload


def key_id_of(token: str) -> str:
    """The id of the key that encrypted ``token`` (raises DecryptionError if malformed)."""
    return _split_token(token)[0]


# --- the configured key ring ------------------------------------------------------------------


def _setting_str(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None or value == "":
        raise ImproperlyConfigured(f"{name} is not set")
    if not isinstance(value, str):
        raise ImproperlyConfigured(f"{name} must be a string, not {type(value).__name__}")
    return value


@functools.cache
def get_keyring() -> KeyRing:
    """The key ring from ``settings.PALERMO_ENCRYPTION_KEYS``, parsed once per process."""
    return KeyRing.from_setting(_setting_str(ENCRYPTION_KEYS_SETTING))


def _parse_blind_index_key(encoded: str) -> bytes:
    try:
        material = _decode_b64(encoded)
    except ValueError:
        raise ImproperlyConfigured(f"{BLIND_INDEX_KEY_SETTING} is not valid base64") from None
    if len(material) < MIN_BLIND_INDEX_KEY_BYTES:
        raise ImproperlyConfigured(
            f"{BLIND_INDEX_KEY_SETTING} is {len(material)} bytes, "
            f"need at least {MIN_BLIND_INDEX_KEY_BYTES}"
        )
    return material


@functools.cache
def _blind_index_master() -> bytes:
    return _parse_blind_index_key(_setting_str(BLIND_INDEX_KEY_SETTING))


@functools.lru_cache(maxsize=256)
def _blind_index_subkey(purpose: str) -> bytes:
    # One subkey per purpose: equal values under different purposes (a name and a document
    # number that happen to match) give unrelated digests, so indexes cannot be joined.
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=_BLIND_INDEX_INFO + purpose.encode(),
    ).derive(_blind_index_master())


def clear_keyring_cache() -> None:
    """Forget the parsed keys, e.g. after the settings changed."""
    get_keyring.cache_clear()
    _blind_index_master.cache_clear()
    _blind_index_subkey.cache_clear()


@receiver(setting_changed, dispatch_uid="palermo.core.crypto.clear_keyring_cache")
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    # override_settings in tests (and anything else that changes settings at run time).
    if setting in {ENCRYPTION_KEYS_SETTING, BLIND_INDEX_KEY_SETTING}:
        clear_keyring_cache()


# --- the API the rest of Palermo uses ---------------------------------------------------------


def encrypt_str(plaintext: str, *, context: str) -> str:
    """Encrypt ``plaintext`` with the newest key; ``context`` names where the value lives."""
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt_str() takes a str, not {type(plaintext).__name__}")
    return get_keyring().encrypt(plaintext.encode("utf-8"), context=context)


def decrypt_str(token: str, *, context: str) -> str:
    """Decrypt a token made by ``encrypt_str`` with the same ``context``; DecryptionError if not."""
    raw = get_keyring().decrypt(token, context=context)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Authenticated but not text: written by something other than encrypt_str.
        raise DecryptionError(f"token for {context!r} does not hold UTF-8 text") from None


def needs_rotation(token: str) -> bool:
    """True when ``token`` was encrypted with a key other than the newest one."""
    return get_keyring().needs_rotation(token)


def reencrypt_str(token: str, *, context: str) -> str:
    """``token`` under the newest key (the same token if it already is)."""
    ring = get_keyring()
    if not ring.needs_rotation(token):
        return token
    return ring.encrypt(ring.decrypt(token, context=context), context=context)


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed, deterministic digest of ``value`` for exact-match look-ups.

    ``purpose`` (e.g. ``"people.Person.family_name"``) selects a separate subkey. Callers
    normalise ``value`` first (case, spaces, transliteration): this function compares bytes.
    """
    if not isinstance(value, str):
        raise TypeError(f"blind_index() takes a str, not {type(value).__name__}")
    if not purpose:
        raise ValueError("a blind index needs a purpose (e.g. 'people.Person.family_name')")
    digest = hmac.new(_blind_index_subkey(purpose), value.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:BLIND_INDEX_LENGTH]


# --- system check -----------------------------------------------------------------------------


@checks.register(checks.Tags.security)
def check_encryption_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """``manage.py check`` reports a bad key ring before the first request needs it."""
    errors: list[checks.CheckMessage] = []
    try:
        KeyRing.from_setting(_setting_str(ENCRYPTION_KEYS_SETTING))
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="palermo.E001"))
    try:
        _parse_blind_index_key(_setting_str(BLIND_INDEX_KEY_SETTING))
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="palermo.E002"))
    return errors

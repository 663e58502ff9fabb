"""Ed25519 keys of the audit seals: the sealer signs with one key, verification trusts a set.

``PALERMO_AUDIT_SIGNING_KEY`` holds the 32-byte private key, base64-encoded (or a file with it:
``PALERMO_AUDIT_SIGNING_KEY_FILE``); production refuses to start without one, development and
tests use a public, insecure key. After a key rotation, the public keys of earlier keys go in
``PALERMO_AUDIT_PUBLIC_KEYS`` (comma-separated base64) so that older seals still verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable name of a public key: the first 16 hex digits of SHA-256 of its bytes."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_text(public_key: Ed25519PublicKey) -> str:
    return base64.b64encode(public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


@dataclass(frozen=True)
class SealKeys:
    signing_key: Ed25519PrivateKey
    signing_key_id: str
    trusted: dict[str, Ed25519PublicKey]

    def sign(self, head: str) -> str:
        return self.signing_key.sign(bytes.fromhex(head)).hex()

    def signature_ok(self, head: str, signature: str, signer: str) -> bool:
        public_key = self.trusted.get(signer)
        if public_key is None:
            return False
        try:
            public_key.verify(bytes.fromhex(signature), bytes.fromhex(head))
        except (InvalidSignature, ValueError):
            return False
        return True


def _decode(name: str, text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not valid base64") from None
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes, not {len(raw)}")
    return raw


@cache
def _keys_for(signing_text: str, public_texts: tuple[str, ...]) -> SealKeys:
    signing_key = Ed25519PrivateKey.from_private_bytes(
        _decode("PALERMO_AUDIT_SIGNING_KEY", signing_text)
    )
    trusted = {key_id(signing_key.public_key()): signing_key.public_key()}
    for text in public_texts:
        public_key = Ed25519PublicKey.from_public_bytes(_decode("PALERMO_AUDIT_PUBLIC_KEYS", text))
        trusted[key_id(public_key)] = public_key
    return SealKeys(signing_key, key_id(signing_key.public_key()), trusted)


def seal_keys() -> SealKeys:
    """The configured keys (read from settings, so tests can override them)."""
    return _keys_for(settings.PALERMO_AUDIT_SIGNING_KEY, tuple(settings.PALERMO_AUDIT_PUBLIC_KEYS))

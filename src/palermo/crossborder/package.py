"""Sealed cross-border packages: encrypted to the receiver, signed by the sender.

A package is a small JSON document::

    {"header": {"format", "kind", "id", "sender", "recipient", "created_at", "expires_at"},
     "sealed": base64(HPKE enc || ciphertext || tag),
     "signature": base64(Ed25519 signature)}

* **Encryption**: HPKE (RFC 9180, base mode) from ``cryptography``: DHKEM(X25519, HKDF-SHA256),
  HKDF-SHA256, AES-256-GCM, to the receiver's X25519 key. The canonical header is HPKE's ``info``,
  so a ciphertext cannot be moved under another header.
* **Signature**: Ed25519 by the sender over the canonical header and the sealed bytes, so the
  receiver knows who sent it before decrypting anything, and any changed byte is refused.
* **Addressing**: ``sender`` and ``recipient`` are key fingerprints (:func:`fingerprint`).

Nothing here touches the database: the caller supplies its own key pair and a look-up of the
partners it knows, and checks replay (the package id) itself. The construction is ours only in
how standard parts are put together (HPKE and Ed25519 from ``cryptography``); no primitive is
written here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.utils.translation import gettext as _

FORMAT = "palermo-crossborder/1"
KEY_FORMAT = "palermo-crossborder-key/1"
KINDS = ("referral", "answer")
MAX_PACKAGE_BYTES = 1_000_000
# Clocks of two installations differ a little; a package dated further ahead is refused.
CLOCK_SKEW = timedelta(minutes=5)
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_HEADER_FIELDS = ("format", "kind", "id", "sender", "recipient", "created_at", "expires_at")


class PackageRefused(Exception):
    """A package that must not be accepted; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, *, what: str) -> bytes:
    if not isinstance(text, str):
        raise PackageRefused("malformed", _("The package is damaged: %(what)s.") % {"what": what})
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise PackageRefused(
            "malformed", _("The package is damaged: %(what)s.") % {"what": what}
        ) from None


@dataclass(frozen=True)
class PublicKeys:
    """An installation's public keys: X25519 to encrypt to it, Ed25519 to check its signature."""

    encryption: bytes
    signing: bytes

    def __post_init__(self) -> None:
        # Both must be valid curve points of the right length; these raise ValueError otherwise.
        X25519PublicKey.from_public_bytes(self.encryption)
        Ed25519PublicKey.from_public_bytes(self.signing)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self)

    def export(self) -> str:
        """The text to give to a partner: both keys in base64 and the fingerprint."""
        return json.dumps(
            {
                "format": KEY_FORMAT,
                "encryption_key": _b64(self.encryption),
                "signing_key": _b64(self.signing),
                "fingerprint": self.fingerprint,
            },
            indent=1,
        )


def fingerprint(keys: PublicKeys) -> str:
    """SHA-256 of both public keys, in hex: what two administrators compare by phone."""
    digest = hashlib.sha256(KEY_FORMAT.encode() + b"\x00" + keys.encryption + keys.signing)
    return digest.hexdigest()


def grouped(fp: str) -> str:
    """A fingerprint in groups of four, easier to read aloud."""
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def _raw_key(text: str, loader: Callable[[bytes], object]) -> bytes | None:
    try:
        raw = base64.b64decode(text.strip().encode("ascii"), validate=True)
        loader(raw)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw


def public_keys_from_b64(encryption: str, signing: str) -> PublicKeys:
    """Public keys from their base64 text; ValueError naming every bad key ("encryption_key",
    "signing_key", comma-separated) otherwise."""
    enc = _raw_key(encryption, X25519PublicKey.from_public_bytes)
    sign = _raw_key(signing, Ed25519PublicKey.from_public_bytes)
    bad = [name for name, raw in (("encryption_key", enc), ("signing_key", sign)) if raw is None]
    if bad or enc is None or sign is None:
        raise ValueError(",".join(bad))
    return PublicKeys(encryption=enc, signing=sign)


@dataclass(frozen=True)
class KeyPair:
    """This installation's private keys."""

    encryption: X25519PrivateKey
    signing: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    @classmethod
    def from_private_bytes(cls, encryption: bytes, signing: bytes) -> KeyPair:
        return cls(
            X25519PrivateKey.from_private_bytes(encryption),
            Ed25519PrivateKey.from_private_bytes(signing),
        )

    def private_bytes(self) -> tuple[bytes, bytes]:
        raw = (Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return self.encryption.private_bytes(*raw), self.signing.private_bytes(*raw)

    @property
    def public(self) -> PublicKeys:
        raw = (Encoding.Raw, PublicFormat.Raw)
        return PublicKeys(
            encryption=self.encryption.public_key().public_bytes(*raw),
            signing=self.signing.public_key().public_bytes(*raw),
        )


def _canonical(header: dict[str, str]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _signed_bytes(header_bytes: bytes, sealed: bytes) -> bytes:
    # Length-prefixed, so that no split of the bytes between header and body signs the same.
    return (
        FORMAT.encode()
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + struct.pack(">I", len(sealed))
        + sealed
    )


def _info(header_bytes: bytes) -> bytes:
    return FORMAT.encode() + b"\x00" + header_bytes


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_moment(text: str, name: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise PackageRefused(
            "malformed", _("The package is damaged: %(what)s.") % {"what": name}
        ) from None


@dataclass(frozen=True)
class Sealed:
    package_id: str
    text: str
    expires_at: datetime


def seal(
    *,
    kind: str,
    payload: dict[str, Any],
    sender: KeyPair,
    recipient: PublicKeys,
    now: datetime,
    expires_at: datetime,
    package_id: str | None = None,
) -> Sealed:
    """Encrypts ``payload`` to ``recipient`` and signs the whole as ``sender``."""
    if kind not in KINDS:
        raise ValueError(f"unknown package kind {kind!r}")
    header = {
        "format": FORMAT,
        "kind": kind,
        "id": package_id or str(uuid.uuid4()),
        "sender": sender.public.fingerprint,
        "recipient": recipient.fingerprint,
        "created_at": _iso(now),
        "expires_at": _iso(expires_at),
    }
    header_bytes = _canonical(header)
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    recipient_key = X25519PublicKey.from_public_bytes(recipient.encryption)
    sealed = _SUITE.encrypt(body, recipient_key, info=_info(header_bytes))
    signature = sender.signing.sign(_signed_bytes(header_bytes, sealed))
    document = {"header": header, "sealed": _b64(sealed), "signature": _b64(signature)}
    return Sealed(
        package_id=header["id"],
        text=json.dumps(document, indent=1, sort_keys=True) + "\n",
        expires_at=_parse_moment(header["expires_at"], "expires_at"),
    )


@dataclass(frozen=True)
class Opened:
    package_id: str
    kind: str
    sender: str  # fingerprint
    created_at: datetime
    expires_at: datetime
    payload: dict[str, Any]


def _header(document: object) -> dict[str, str]:
    if not isinstance(document, dict) or not isinstance(document.get("header"), dict):
        raise PackageRefused("malformed", _("This is not a cross-border package."))
    header = document["header"]
    if header.get("format") != FORMAT:
        raise PackageRefused(
            "format",
            _("Unsupported package format %(format)s: expected %(expected)s.")
            % {"format": str(header.get("format"))[:40], "expected": FORMAT},
        )
    if set(header) != set(_HEADER_FIELDS) or not all(isinstance(v, str) for v in header.values()):
        raise PackageRefused(
            "malformed", _("The package is damaged: %(what)s.") % {"what": "header"}
        )
    if header["kind"] not in KINDS:
        raise PackageRefused("malformed", _("The package is damaged: %(what)s.") % {"what": "kind"})
    try:
        uuid.UUID(header["id"])
    except ValueError:
        raise PackageRefused(
            "malformed", _("The package is damaged: %(what)s.") % {"what": "id"}
        ) from None
    return header


def parse_document(text: str | bytes) -> dict[str, Any]:
    """The JSON document of a package, before any check of its content."""
    if len(text) > MAX_PACKAGE_BYTES:
        raise PackageRefused(
            "too_large",
            _("The package is larger than %(n)d bytes.") % {"n": MAX_PACKAGE_BYTES},
        )
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise PackageRefused("malformed", _("This is not a cross-border package.")) from None
    if not isinstance(document, dict):
        raise PackageRefused("malformed", _("This is not a cross-border package."))
    return document


def open_package(
    text: str | bytes,
    *,
    own: KeyPair,
    sender_keys: Callable[[str], PublicKeys | None],
    now: datetime,
) -> Opened:
    """Checks and decrypts a package addressed to ``own``, in this order: addressing, sender,
    signature, dates, decryption. Raises :class:`PackageRefused` with a clear message."""
    document = parse_document(text)
    header = _header(document)
    if header["recipient"] != own.public.fingerprint:
        raise PackageRefused(
            "wrong_recipient",
            _("This package is addressed to another installation (key %(fp)s), not to this one.")
            % {"fp": header["recipient"][:16]},
        )
    partner_keys = sender_keys(header["sender"])
    if partner_keys is None:
        raise PackageRefused(
            "unknown_sender",
            _("The sender (key %(fp)s) is not a registered partner of this installation.")
            % {"fp": header["sender"][:16]},
        )
    sealed = _unb64(document.get("sealed"), what="sealed")
    signature = _unb64(document.get("signature"), what="signature")
    header_bytes = _canonical(header)
    try:
        Ed25519PublicKey.from_public_bytes(partner_keys.signing).verify(
            signature, _signed_bytes(header_bytes, sealed)
        )
    except InvalidSignature:
        raise PackageRefused(
            "bad_signature",
            _(
                "The signature does not match: the package was changed after it was signed, "
                "or was not signed by the partner it names."
            ),
        ) from None
    created_at = _parse_moment(header["created_at"], "created_at")
    expires_at = _parse_moment(header["expires_at"], "expires_at")
    if created_at > now + CLOCK_SKEW or expires_at <= created_at:
        raise PackageRefused(
            "bad_dates", _("The package's dates are impossible: it cannot be accepted.")
        )
    if now >= expires_at:
        raise PackageRefused(
            "expired",
            _("The package expired on %(when)s: ask the sender for a new one.")
            % {"when": header["expires_at"]},
        )
    try:
        body = _SUITE.decrypt(sealed, own.encryption, info=_info(header_bytes))
        payload = json.loads(body.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError):
        raise PackageRefused(
            "undecryptable", _("The package cannot be decrypted with this installation's key.")
        ) from None
    if not isinstance(payload, dict):
        raise PackageRefused("malformed", _("The package is damaged: %(what)s.") % {"what": "body"})
    return Opened(
        package_id=header["id"],
        kind=header["kind"],
        sender=header["sender"],
        created_at=created_at,
        expires_at=expires_at,
        payload=payload,
    )

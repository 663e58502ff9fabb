"""Per-subject data keys: the mechanism behind crypto-shredding (DESIGN.md rule 11).

Each person's identity — and each hotline caller's contact, anonymous tip, tourist reported as not
returned and suspect's identity (``SealedRecord``) — is sealed with its own random AES-256 *data
key*. The data key is stored
only *wrapped*: encrypted by the key ring (``DataKey.wrapped`` is an ``EncryptedTextField``), so
``palermo rotate-keys`` re-wraps data keys like any other encrypted value, and the identity
columns never need re-encrypting at a rotation.

A sealed value is an ASCII token that names its data key::

    s1.<data key id>.<base64url(nonce || ciphertext || tag)>

The header and the column's context are authenticated (AES-GCM associated data), so a token
moved to another column or relabelled with another data key does not decrypt.

Destroying a data key (``destroy_data_keys``) removes the wrapped key from the database; every
copy of the sealed values — in the database, in a replica, in a backup whose data keys were
taken from the live database at restore time (docs/operations.md) — is then unreadable.

Written here rather than taken from a library: the sealing is the same AES-GCM of
``palermo.core.crypto`` (the ``cryptography`` package), only keyed per subject; what this module
adds is the bookkeeping of which key belongs to whom, which no library knows.
"""

from __future__ import annotations

import base64
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.core.crypto import DecryptionError
from palermo.core.fields import EncryptedTextField

SEALED_VERSION = "s1"
SEALED_PREFIX = f"{SEALED_VERSION}."
DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_TOKEN_RE = re.compile(r"s1\.([0-9]{1,19})\.([A-Za-z0-9_-]+)")
_CACHE_SIZE = 4096
_PREFETCH = 128  # keys unwrapped per cache miss


class DataKeyDestroyed(DecryptionError):
    """The value was sealed with a data key that has been destroyed: it is gone for good."""


class DataKey(models.Model):
    """One subject's data key, wrapped by the key ring; NULL once destroyed (crypto-shredded)."""

    wrapped = EncryptedTextField(_("wrapped key"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")

    def __str__(self) -> str:
        return f"data key {self.pk}"

    @property
    def is_destroyed(self) -> bool:
        return self.destroyed_at is not None


class _KeyCache:
    """Unwrapped data keys of this process, least recently used evicted first.

    Safe across processes because destroying a key also blanks the values it sealed in the same
    transaction: a key still cached elsewhere finds nothing left to open.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._keys: OrderedDict[int, AESGCM] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key_id: int) -> AESGCM | None:
        with self._lock:
            aead = self._keys.get(key_id)
            if aead is not None:
                self._keys.move_to_end(key_id)
            return aead

    def put(self, key_id: int, aead: AESGCM) -> None:
        with self._lock:
            self._keys[key_id] = aead
            self._keys.move_to_end(key_id)
            while len(self._keys) > self._size:
                self._keys.popitem(last=False)

    def forget(self, key_ids: Iterable[int]) -> None:
        with self._lock:
            for key_id in key_ids:
                self._keys.pop(key_id, None)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()


_cache = _KeyCache(_CACHE_SIZE)


def clear_data_key_cache() -> None:
    """Forget every unwrapped data key of this process (after a restore, in tests)."""
    _cache.clear()


def new_data_key() -> DataKey:
    """A fresh random data key, stored wrapped by the newest key of the ring."""
    material = os.urandom(DATA_KEY_BYTES)
    key = DataKey.objects.create(wrapped=base64.b64encode(material).decode("ascii"))
    _cache.put(key.pk, AESGCM(material))
    return key


def give_data_keys(records: Iterable[SealedRecord]) -> None:
    """Give each record without one a fresh data key: before a bulk insert, which does not go
    through ``save``."""
    for record in records:
        if record.data_key_id is None:
            record.data_key = new_data_key()


class SealedRecord(models.Model):
    """Abstract base of a record whose personal data is sealed with a data key of its own.

    The personal fields name it with ``data_key="data_key"``. Destroying the key (the shredder,
    palermo.lifecycle) makes them unreadable everywhere; the record then has no key, and new
    data written to it later gets a new one.
    """

    data_key = models.OneToOneField(
        DataKey, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.data_key_id is None:
            self.data_key = new_data_key()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "data_key"}
        super().save(*args, **kwargs)


def _load(key_id: int, *, using: str | None = None) -> AESGCM:
    cached = _cache.get(key_id)
    if cached is not None:
        return cached
    # Persons are mostly read in runs of neighbouring ids (lists, scans): one query unwraps the
    # keys of the next ids too, instead of one query per person.
    window = DataKey.objects.using(using).filter(
        pk__gte=key_id, pk__lt=key_id + _PREFETCH, wrapped__isnull=False
    )
    found: AESGCM | None = None
    for pk, wrapped in window.values_list("pk", "wrapped"):
        aead = AESGCM(base64.b64decode(wrapped or ""))
        _cache.put(pk, aead)
        if pk == key_id:
            found = aead
    if found is None:
        raise DataKeyDestroyed(f"data key {key_id} has been destroyed or does not exist")
    return found


def _aad(key_id: int, context: str) -> bytes:
    return f"{SEALED_VERSION}.{key_id}\n{context}".encode()


def is_sealed(token: object) -> bool:
    return isinstance(token, str) and token.startswith(SEALED_PREFIX)


def seal_str(plaintext: str, *, data_key_id: int, context: str) -> str:
    """Encrypt ``plaintext`` under the subject's data key; ``context`` names the column."""
    if not context:
        raise ValueError("a sealing context (e.g. 'people.Person.family_name') is required")
    return seal_with(_load(data_key_id), plaintext, data_key_id=data_key_id, context=context)


def seal_with(aead: AESGCM, plaintext: str, *, data_key_id: int, context: str) -> str:
    """Seal under an already unwrapped key (data migrations, which use historical models)."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = aead.encrypt(nonce, plaintext.encode("utf-8"), _aad(data_key_id, context))
    payload = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{SEALED_PREFIX}{data_key_id}.{payload}"


def data_key_id_of(token: str) -> int:
    match = _TOKEN_RE.fullmatch(token)
    if match is None:
        raise DecryptionError("value is not a sealed token (expected 's1.<key>.<data>')")
    return int(match.group(1))


def open_str(token: str, *, context: str) -> str:
    """The plain text of a sealed token; DataKeyDestroyed once its data key is destroyed."""
    match = _TOKEN_RE.fullmatch(token)
    if match is None:
        raise DecryptionError("value is not a sealed token (expected 's1.<key>.<data>')")
    key_id = int(match.group(1))
    encoded = match.group(2)
    raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError(f"sealed token for {context!r} is too short")
    for attempt in (1, 2):
        aead = _load(key_id)
        try:
            plain = aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _aad(key_id, context))
        except InvalidTag:
            if attempt == 1:
                # The cached key may be stale (a database restored, a rolled-back id reused):
                # read it again once before calling the value altered.
                _cache.forget([key_id])
                continue
            raise DecryptionError(
                f"sealed token for {context!r} (data key {key_id}) failed authentication: it "
                "was altered, or it belongs to another field"
            ) from None
        return plain.decode("utf-8")
    raise AssertionError("unreachable")  # pragma: no cover


def destroy_data_keys(key_ids: Iterable[int], *, using: str = "default") -> int:
    """Remove the wrapped keys (inside the caller's transaction); returns how many were live."""
    ids = sorted(set(key_ids))
    destroyed = (
        DataKey.objects.using(using)
        .filter(pk__in=ids, destroyed_at__isnull=True)
        .update(wrapped=None, destroyed_at=timezone.now())
    )
    _cache.forget(ids)
    return destroyed

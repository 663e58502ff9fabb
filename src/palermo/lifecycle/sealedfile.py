"""An encrypted, compressed file for backups: AES-256-GCM in 1 MiB chunks.

Written here rather than taken from a library: the format is a few lines over the same
``cryptography`` AES-GCM the rest of Palermo uses, with the two properties a backup needs —
streaming (a database does not fit in memory) and detection of a cut-off or reordered file —
and no new tool for operators to install.

Layout::

    MAGIC (8 bytes) | salt (16 bytes) | chunk*
    chunk = length (4 bytes, big-endian) | final flag (1 byte) | ciphertext+tag

The file key is HKDF(PALERMO_BACKUP_KEY, salt), so no two files share a key and nonces (a chunk
counter) never repeat under one key. Each chunk's associated data binds the magic, the salt, its
number and whether it is the last one: a truncated or spliced file fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import struct
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"PLMBAK1\n"
SALT_BYTES = 16
CHUNK = 1 << 20
_HEADER = struct.Struct(">IB")
SETTING = "PALERMO_BACKUP_KEY"


class BackupError(Exception):
    """The backup cannot be read: wrong key, altered, cut off or not a backup."""


def backup_key() -> bytes:
    """The backup key from the settings: 32 random bytes in base64, kept apart from the dumps."""
    value = getattr(settings, SETTING, "") or ""
    if not value:
        raise ImproperlyConfigured(f"{SETTING} is not set")
    try:
        cleaned = "".join(str(value).split()).replace("-", "+").replace("_", "/")
        material = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{SETTING} is not valid base64") from None
    if len(material) != 32:
        raise ImproperlyConfigured(f"{SETTING} is {len(material)} bytes, need 32")
    return material


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"palermo backup v1"
    ).derive(key)
    return AESGCM(derived)


def _nonce(counter: int) -> bytes:
    return b"\x00\x00\x00\x00" + counter.to_bytes(8, "big")


def _aad(salt: bytes, counter: int, final: bool) -> bytes:
    return MAGIC + salt + counter.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts into ``sink``; ``close()`` writes the final chunk."""

    def __init__(self, sink: IO[bytes], key: bytes) -> None:
        super().__init__()
        self._sink = sink
        salt = os.urandom(SALT_BYTES)
        self._salt = salt
        self._aead = _file_key(key, salt)
        self._buffer = bytearray()
        self._counter = 0
        sink.write(MAGIC + salt)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._counter), plain, _aad(self._salt, self._counter, final)
        )
        self._sink.write(_HEADER.pack(len(sealed), 1 if final else 0) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._sink.flush()
        super().close()


class DecryptingReader(io.RawIOBase):
    """A read-only stream over an encrypted file; raises BackupError on any tampering."""

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        super().__init__()
        self._source = source
        head = source.read(len(MAGIC) + SALT_BYTES)
        if len(head) != len(MAGIC) + SALT_BYTES or not head.startswith(MAGIC):
            raise BackupError("not a Palermo backup file")
        self._salt = head[len(MAGIC) :]
        self._aead = _file_key(key, self._salt)
        self._pending = b""
        self._counter = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        header = self._source.read(_HEADER.size)
        if len(header) != _HEADER.size:
            raise BackupError("the backup file is cut off")
        length, flag = _HEADER.unpack(header)
        sealed = self._source.read(length)
        if len(sealed) != length:
            raise BackupError("the backup file is cut off")
        final = flag == 1
        try:
            self._pending = self._aead.decrypt(
                _nonce(self._counter), sealed, _aad(self._salt, self._counter, final)
            )
        except InvalidTag:
            raise BackupError(
                "the backup cannot be decrypted: wrong PALERMO_BACKUP_KEY, or the file was altered"
            ) from None
        self._counter += 1
        self._done = final

    def readinto(self, target: Any) -> int:
        while not self._pending and not self._done:
            self._next_chunk()
        size = min(len(target), len(self._pending))
        target[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

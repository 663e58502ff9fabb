"""The encrypted store of case attachments.

Each file is encrypted with AES-256-GCM under its own random key before it reaches the disk; the
key is kept in the database, encrypted with the key ring (``CaseAttachment.file_key``). So the
files directory alone reveals nothing, a database dump alone holds no file, and a key rotation
re-wraps the file keys without touching the files. The associated data binds a file to its
stored name: a file swapped with another one does not decrypt.

The directory (``PALERMO_ATTACHMENTS_DIR``) is outside every public path; files are read only
through the permission-checked download of the cases app.

What a file is, is decided from its first bytes (its "magic number"), not from its name: a
program renamed ``scan.pdf`` is refused, and so is a PDF named ``photo.png``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from palermo.core.crypto import DecryptionError

MAGIC = b"PCA1"  # Palermo case attachment, format 1: MAGIC || nonce || ciphertext || tag
NONCE_BYTES = 12

# Content type -> (how its content starts, the file name endings it may have).
SIGNATURES: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {
    "application/pdf": ((b"%PDF-",), (".pdf",)),
    "image/jpeg": ((b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), (".png",)),
    "image/tiff": ((b"II*\x00", b"MM\x00*"), (".tif", ".tiff")),
}


def sniff(head: bytes) -> str | None:
    """The content type the bytes really are (of those Palermo knows), or None."""
    for content_type, (starts, _endings) in SIGNATURES.items():
        if any(head.startswith(start) for start in starts):
            return content_type
    return None


def name_fits(filename: str, content_type: str) -> bool:
    endings = SIGNATURES.get(content_type, ((), ()))[1]
    return filename.lower().endswith(endings)


def allowed_types() -> tuple[str, ...]:
    return tuple(settings.PALERMO_ATTACHMENT_TYPES)


def max_bytes() -> int:
    return int(settings.PALERMO_ATTACHMENT_MAX_BYTES)


def _folder() -> Path:
    folder = Path(settings.PALERMO_ATTACHMENTS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _aad(stored_name: str) -> bytes:
    return f"palermo.cases.attachment\n{stored_name}".encode()


@dataclass(frozen=True)
class Stored:
    stored_name: str
    file_key: str  # base64 of the key; the model field encrypts it with the key ring


def write(data: bytes) -> Stored:
    """Encrypts ``data`` into a new file; returns its name and key."""
    import base64

    key = AESGCM.generate_key(bit_length=256)
    stored_name = secrets.token_hex(24)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, data, _aad(stored_name))
    path = _folder() / stored_name
    temporary = path.with_suffix(".part")
    with open(temporary, "wb") as out:
        out.write(MAGIC + nonce + sealed)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    return Stored(stored_name=stored_name, file_key=base64.b64encode(key).decode("ascii"))


def read(stored_name: str, file_key: str) -> bytes:
    """The decrypted bytes (DecryptionError when the file is missing, altered or swapped)."""
    import base64

    try:
        raw = (_folder() / stored_name).read_bytes()
    except FileNotFoundError:
        raise DecryptionError(f"attachment file {stored_name} is missing") from None
    if not raw.startswith(MAGIC):
        raise DecryptionError(f"attachment file {stored_name} is not an encrypted attachment")
    body = raw[len(MAGIC) :]
    try:
        return AESGCM(base64.b64decode(file_key)).decrypt(
            body[:NONCE_BYTES], body[NONCE_BYTES:], _aad(stored_name)
        )
    except InvalidTag:
        raise DecryptionError(f"attachment file {stored_name} failed authentication") from None


def remove(stored_name: str) -> None:
    """Removes a file whose row was never written (the upload's transaction failed)."""
    (_folder() / stored_name).unlink(missing_ok=True)


def path_of(stored_name: str) -> Path:
    return _folder() / stored_name

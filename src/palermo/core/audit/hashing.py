"""Canonical form and hashes of audit events and seals, and validation of an event's ``data``.

leaf hash  = SHA-256( 0x00 || canonical JSON of the event )                 (RFC 6962, 2.1)
node hash  = SHA-256( 0x01 || left || right )
root       = the Merkle tree hash of a batch's leaf hashes, split at the largest power of two
head       = SHA-256( "palermo-audit-seal-v1" 0x0a || canonical JSON of the seal )

The canonical JSON has sorted keys, no insignificant whitespace, UTF-8 without escapes for
non-ASCII text, and ``occurred_at`` as ISO 8601 UTC with microseconds
("2025-03-01T09:15:02.123456Z"). The same bytes come out whichever database the event was read
from, so a log written on SQLite verifies after a move to PostgreSQL and the other way round.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from palermo.core.models import AuditError, AuditEvent

# Every column that the hash covers, in no particular order (the JSON keys are sorted).
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "occurred_at",
    "actor_user_id",
    "actor_username",
    "agency_id",
    "agency_name",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "data",
    "txid",
)

# What a seal's head covers (the leaves are covered through the root).
SEAL_FIELDS: tuple[str, ...] = (
    "number",
    "sealed_at",
    "size",
    "tree_size",
    "last_txid",
    "last_seq",
    "root",
    "prev_head",
    "key_id",
)
_HEAD_PREFIX = b"palermo-audit-seal-v1\n"

# Python writes floats from 1e16 upwards in exponent form, while PostgreSQL's jsonb gives them
# back as long integers; such a value would read back different from what was hashed.
_MAX_FLOAT = 1e16


class AuditDataError(AuditError, ValueError):
    """The ``data`` of an audit event (or another field) cannot be stored faithfully."""


def format_timestamp(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: Mapping[str, Any]) -> bytes:
    payload = {name: canonical_value(fields[name]) for name in HASHED_FIELDS}
    payload["occurred_at"] = format_timestamp(fields["occurred_at"])
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    # surrogatepass: a tampered row with odd text must still hash (to a wrong value), not crash.
    return text.encode("utf-8", "surrogatepass")


def event_fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def compute_hash(fields: Mapping[str, Any]) -> str:
    """The event's Merkle leaf hash (hex), from its fields (HASHED_FIELDS)."""
    return hashlib.sha256(b"\x00" + canonical_json(fields)).hexdigest()


def merkle_root(leaves: Sequence[str]) -> str:
    """RFC 6962 Merkle tree hash over leaf hashes (hex); the empty tree is SHA-256 of nothing."""
    if not leaves:
        return hashlib.sha256(b"").hexdigest()
    return _subtree([bytes.fromhex(leaf) for leaf in leaves]).hex()


def _subtree(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return leaves[0]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)  # the largest power of two below n
    return hashlib.sha256(b"\x01" + _subtree(leaves[:split]) + _subtree(leaves[split:])).digest()


def seal_head(fields: Mapping[str, Any]) -> str:
    """The head hash of a seal (hex), from its fields (SEAL_FIELDS)."""
    payload = {name: fields[name] for name in SEAL_FIELDS}
    payload["sealed_at"] = format_timestamp(fields["sealed_at"])
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(_HEAD_PREFIX + text.encode("utf-8", "surrogatepass")).hexdigest()


def canonical_value(value: Any) -> Any:
    # A whole float (2.0) may come back from a database as an integer (2): hash both alike.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: canonical_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_value(item) for item in value]
    return value


def clean_data(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """A copy of ``data`` that reads back from SQLite and PostgreSQL exactly as it was hashed.

    Refuses, with the path of the offending value, anything that is not plain JSON: dates,
    decimals, UUIDs, model instances, sets, bytes, non-string keys, NaN and infinities, huge
    floats, NUL characters and unpaired surrogates (PostgreSQL cannot store the last two).
    """
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise AuditDataError(f"audit data must be a dict, not {type(data).__name__}")
    return cast(dict[str, Any], _clean(data, "data"))


def clean_text(name: str, value: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise AuditDataError(f"{name} must be a string, not {type(value).__name__}")
    _check_string(name, value)
    if len(value) > max_length:
        raise AuditDataError(f"{name} is {len(value)} characters long; at most {max_length} fit")
    return value


def _clean(value: Any, path: str) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        _check_string(path, value)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AuditDataError(f"{path} is {value!r}, which JSON cannot hold")
        if abs(value) >= _MAX_FLOAT:
            raise AuditDataError(f"{path} is a float too large to store exactly; use an int or str")
        return value
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditDataError(f"{path} has the key {key!r}; keys must be strings")
            _check_string(f"{path} key {key!r}", key)
            result[key] = _clean(item, f"{path}[{key!r}]")
        return result
    if isinstance(value, list | tuple):
        return [_clean(item, f"{path}[{index}]") for index, item in enumerate(value)]
    raise AuditDataError(
        f"{path} is a {type(value).__name__}, which is not JSON: convert it first "
        "(dates to ISO strings, decimals and ids to str, model instances to their pk)"
    )


def _check_string(path: str, value: str) -> None:
    if "\x00" in value:
        raise AuditDataError(f"{path} contains a NUL character, which databases cannot store")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise AuditDataError(f"{path} contains an unpaired surrogate (not valid text)") from None

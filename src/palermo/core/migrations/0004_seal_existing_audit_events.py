"""Seals the events written before sealing existed, so that old databases keep verifying.

The old hash chain is checked first: sealing a chain that was tampered with would launder the
tampering, so the migration stops and names the first bad event instead (run
`palermo audit verify` with the previous release to see every problem).
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

from palermo.core.audit.hashing import (
    HASHED_FIELDS,
    canonical_value,
    compute_hash,
    format_timestamp,
    merkle_root,
    seal_head,
)
from palermo.core.audit.signing import seal_keys

# The hashing and signing code is imported, not copied: the seals written here must be exactly
# those the sealer writes, and verified by the same code.
GENESIS_HASH = "0" * 64
BATCH = 5000


def _old_hash(fields):
    # The chain hash of the previous release: SHA-256(prev_hash || canonical JSON of the event
    # with prev_hash and without txid).
    old = {name: fields[name] for name in HASHED_FIELDS if name != "txid"}
    old["prev_hash"] = fields["prev_hash"]
    payload = {name: canonical_value(value) for name, value in old.items()}
    payload["occurred_at"] = format_timestamp(fields["occurred_at"])
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(
        (fields["prev_hash"] + text).encode("utf-8", "surrogatepass")
    ).hexdigest()


def seal_existing(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditSeal = apps.get_model("core", "AuditSeal")
    db = schema_editor.connection.alias
    columns = [name for name in HASHED_FIELDS if name != "txid"] + ["prev_hash", "hash"]
    rows = AuditEvent.objects.using(db).order_by("seq").values_list(*columns)
    keys = seal_keys()
    previous_hash, expected_seq = GENESIS_HASH, 1
    number, tree_size, prev_head = 0, 0, GENESIS_HASH
    leaves = []

    def flush():
        nonlocal number, tree_size, prev_head, leaves
        if not leaves:
            return
        number += 1
        tree_size += len(leaves)
        fields = {
            "number": number,
            "sealed_at": timezone.now(),
            "size": len(leaves),
            "tree_size": tree_size,
            "last_txid": 0,
            "last_seq": leaves[-1][0],
            "root": merkle_root([leaf for _, leaf in leaves]),
            "prev_head": prev_head,
            "key_id": keys.signing_key_id,
        }
        head = seal_head(fields)
        AuditSeal.objects.using(db).create(
            **fields, leaves=leaves, head=head, signature=keys.sign(head)
        )
        prev_head, leaves = head, []

    for row in rows.iterator(chunk_size=BATCH):
        fields = dict(zip(columns, row))
        if (
            fields["seq"] != expected_seq
            or fields["prev_hash"] != previous_hash
            or _old_hash(fields) != fields["hash"]
        ):
            raise RuntimeError(
                f"The audit chain is broken at event #{fields['seq']} (expected #{expected_seq}): "
                "it is not sealed. Run `palermo audit verify` with the previous release."
            )
        previous_hash, expected_seq = fields["hash"], expected_seq + 1
        leaves.append([fields["seq"], compute_hash({**fields, "txid": 0})])
        if len(leaves) == BATCH:
            flush()
    flush()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_seals"),
    ]

    operations = [
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
    ]

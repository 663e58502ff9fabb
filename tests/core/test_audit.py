"""The audit log: what record() writes, what the sealer seals, and what the database refuses.

Tampering and its detection are in test_audit_tamper.py; concurrent writers, in-flight
transactions and a crashed sealer in test_audit_concurrency.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.test import override_settings
from tests.core.audit_tools import make_events, sql

from palermo.accounts.actor import Actor
from palermo.accounts.models import User
from palermo.core.audit import (
    ActorRef,
    AuditDataError,
    AuditEvent,
    AuditImmutableError,
    AuditSeal,
    ChainAnchor,
    compute_hash,
    events_for,
    events_for_object,
    merkle_root,
    record,
    seal_pending,
    verify_chain,
)
from palermo.core.audit.hashing import event_fields


def verify() -> Any:
    seal_pending()
    return verify_chain()


# -- writing ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_are_numbered_in_the_order_written_and_nothing_is_locked() -> None:
    events = make_events(4)

    numbers = [e.seq for e in events]
    assert numbers == sorted(numbers) and len(set(numbers)) == 4
    stored = AuditEvent.objects.get(seq=numbers[2])
    assert stored.txid == events[2].txid  # the INSERT gives back the writing transaction
    assert not AuditSeal.objects.exists()  # sealed later, not on the request path


@pytest.mark.django_db
def test_the_sealer_seals_every_event_in_a_signed_merkle_batch() -> None:
    events = make_events(5)

    (seal,) = seal_pending()

    assert (seal.number, seal.size, seal.tree_size) == (1, 5, 5)
    assert [seq for seq, _ in seal.leaves] == [e.seq for e in events]
    leaves = [compute_hash(event_fields(AuditEvent.objects.get(seq=e.seq))) for e in events]
    assert [leaf for _, leaf in seal.leaves] == leaves
    assert seal.root == merkle_root(leaves)
    assert seal_pending() == []  # nothing left to seal
    report = verify_chain()
    assert report.ok and report.sealed == 5 and report.unsealed == 0
    assert report.head == ChainAnchor(1, seal.head)


@pytest.mark.django_db
def test_batches_are_chained_each_to_the_previous_head() -> None:
    make_events(7)

    seals = seal_pending(max_events=3)

    assert [(s.number, s.size, s.tree_size) for s in seals] == [(1, 3, 3), (2, 3, 6), (3, 1, 7)]
    assert seals[1].prev_head == seals[0].head and seals[2].prev_head == seals[1].head
    assert verify_chain().ok


def test_the_merkle_root_follows_rfc_6962() -> None:
    # RFC 6962 2.1: MTH({}) = SHA-256(); a one-leaf tree is the leaf; a node is 0x01 || l || r,
    # split at the largest power of two below n (so 3 leaves: (a, b) then c).
    import hashlib

    a, b, c = (hashlib.sha256(bytes([0, n])).hexdigest() for n in range(3))

    def node(left: str, right: str) -> str:
        return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()

    assert merkle_root([]) == hashlib.sha256(b"").hexdigest()
    assert merkle_root([a]) == a
    assert merkle_root([a, b, c]) == node(node(a, b), c)


@pytest.mark.django_db
def test_new_events_after_the_last_seal_are_the_unsealed_tail() -> None:
    make_events(3)
    seal_pending()
    tail = make_events(2)

    report = verify_chain()

    assert report.ok  # an unsealed tail is reported, not an error
    assert (report.sealed, report.unsealed) == (3, 2)
    assert report.unsealed_since == tail[0].occurred_at


@pytest.mark.django_db
def test_an_empty_log_verifies_intact() -> None:
    report = verify()

    assert report.ok and report.checked == 0 and report.head.seq == 0


@pytest.mark.django_db
def test_record_snapshots_the_accounts_actor_and_the_object(
    actor: Callable[[str], Actor],
) -> None:
    officer = actor("officer_minsk")
    agency = officer.agency
    assert agency is not None

    event = record("user.profile_viewed", actor=officer, obj=officer.user, purpose="support")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_user_id == officer.user.pk
    assert stored.actor_username == "officer_minsk"
    assert (stored.agency_id, stored.agency_name) == (agency.pk, str(agency))
    assert (stored.object_type, stored.object_id) == ("accounts.user", str(officer.user.pk))
    assert stored.purpose == "support"
    assert stored.occurred_at.tzinfo is not None
    assert verify().ok


@pytest.mark.django_db
def test_the_log_outlives_a_deleted_user() -> None:
    user = User.objects.create_user(username="temporary", password="x-long-password-1")
    user_id = user.pk
    record("user.created", actor=ActorRef(user=user), obj=user)

    user.delete()

    event = AuditEvent.objects.get()
    assert (event.actor_user_id, event.actor_username) == (user_id, "temporary")
    assert verify().ok


@pytest.mark.django_db
def test_no_actor_means_the_system() -> None:
    event = record("keys.rotated", purpose="key rotation", data={"rows": 3})

    assert (event.actor_user_id, event.actor_username) == (None, "")
    assert (event.agency_id, event.agency_name) == (None, "")


@pytest.mark.django_db
def test_events_for_gives_one_objects_timeline_in_order() -> None:
    user = User.objects.create_user(username="someone", password="x-long-password-1")
    other = User.objects.create_user(username="another", password="x-long-password-1")
    first = record("user.created", obj=user)
    record("user.created", obj=other)
    second = record("user.password_changed", obj=user)

    assert list(events_for("accounts.user", user.pk)) == [first, second]
    assert list(events_for_object(user)) == [first, second]
    assert list(events_for("accounts.user", "999999")) == []


@pytest.mark.django_db
def test_json_values_read_back_exactly_as_hashed() -> None:
    # jsonb on PostgreSQL normalises numbers and key order; the hash must survive that.
    data = {
        "z": 1,
        "a": [2.0, 0.1, 1e-7, -0.0, 10**20, True, None],
        "nested": {"Рэгіён": "Мінск", "empty": {}},
        "quote": 'say "hi"\n',
    }
    record("stats.exported", data=data)

    stored = AuditEvent.objects.get()
    assert stored.data["nested"] == {"Рэгіён": "Мінск", "empty": {}}
    assert verify().ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"when": date(2025, 1, 1)}, "data['when'] is a date"),
        ({"amount": Decimal("1.50")}, "data['amount'] is a Decimal"),
        ({"ids": {1, 2}}, "data['ids'] is a set"),
        ({"raw": b"bytes"}, "data['raw'] is a bytes"),
        ({"x": math.nan}, "JSON cannot hold"),
        ({"x": [math.inf]}, "JSON cannot hold"),
        ({"x": 1e300}, "too large"),
        ({1: "int key"}, "keys must be strings"),
        ({"text": "nul\x00"}, "NUL"),
        (["not", "a", "dict"], "must be a dict"),
    ],
)
def test_data_that_is_not_plain_json_is_rejected_and_nothing_is_written(
    data: Any, complaint: str
) -> None:
    record("case.updated", data={"ok": True})

    with pytest.raises(AuditDataError, match=re.escape(complaint)):
        record("case.updated", data=data)

    assert AuditEvent.objects.count() == 1
    assert verify().ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action", ["", "Case.Registered", "registered", "case registered", "case."]
)
def test_an_action_must_be_dotted_lower_case_words(action: str) -> None:
    with pytest.raises(AuditDataError, match="action"):
        record(action)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_an_unsaved_object_or_an_id_without_type_is_rejected() -> None:
    with pytest.raises(AuditDataError, match="no primary key"):
        record("user.created", obj=User(username="unsaved"))
    with pytest.raises(AuditDataError, match="needs an object_type"):
        record("case.updated", object_id="12")
    with pytest.raises(TypeError, match="actor must have"):
        record("case.updated", actor=User(username="bare"))  # type: ignore[arg-type]


@pytest.mark.django_db(transaction=True)
def test_an_event_recorded_in_a_transaction_that_fails_is_rolled_back_with_it() -> None:
    first = record("case.registered", object_type="cases.case", object_id="1")
    user_count = User.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        User.objects.create_user(username="rolled-back", password="x-long-password-1")
        record("user.created", purpose="test")
        raise RuntimeError("the service failed after auditing")

    assert User.objects.count() == user_count
    assert list(AuditEvent.objects.values_list("seq", "action")) == [(first.seq, "case.registered")]
    later = record("case.updated", object_type="cases.case", object_id="1")
    assert later.seq > first.seq  # a rolled-back number is not reused; the seals prove the rest
    report = verify()
    assert report.ok and report.sealed == 2


@pytest.mark.django_db(transaction=True)
@override_settings(PALERMO_AUDIT_SEAL_ON_COMMIT=True, PALERMO_AUDIT_SEAL_ON_COMMIT_INTERVAL=0)
def test_a_committed_transaction_seals_its_events_when_cheap() -> None:
    with transaction.atomic():
        event = record("case.updated", object_type="cases.case", object_id="1")
        assert not AuditSeal.objects.exists()  # not before the commit

    seal = AuditSeal.objects.get()
    assert [seq for seq, _ in seal.leaves] == [event.seq]


# -- append-only: the code and the database refuse changes ------------------------------------


@pytest.mark.django_db
def test_code_cannot_change_or_delete_events_or_seals() -> None:
    event = make_events(3)[1]
    (seal,) = seal_pending()
    original = event.action

    event.action = "case.deleted"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(seq=event.seq).update(action="case.deleted")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        seal.save()
    with pytest.raises(AuditImmutableError):
        AuditSeal.objects.all().delete()

    assert AuditEvent.objects.get(seq=event.seq).action == original
    assert verify().ok


@pytest.mark.django_db
def test_code_cannot_write_events_around_the_writer() -> None:
    fields = {"occurred_at": datetime.now(UTC), "action": "case.forged"}
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.create(**fields)
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.bulk_create([AuditEvent(**fields)])

    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET action = 'case.closed'",
        "DELETE FROM {table}",
        "UPDATE {seals} SET root = '0'",
        "DELETE FROM {seals}",
    ],
)
def test_the_database_refuses_to_change_audit_rows(statement: str) -> None:
    make_events(2)
    seal_pending()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql(statement)

    assert AuditEvent.objects.count() == 2 and AuditSeal.objects.count() == 1
    assert verify().ok

"""Every kind of tampering with the sealed audit log is detected and named.

Tampering is done the way a database owner would do it: the append-only triggers removed, then
raw SQL against the tables. The SQL is portable, so these tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from tests.core.audit_tools import db_json, make_events, tamper

from palermo.cli import main as palermo_main
from palermo.core.audit import (
    AuditEvent,
    AuditSeal,
    ChainAnchor,
    ChainReport,
    merkle_root,
    seal_pending,
    verify_chain,
)
from palermo.core.audit.hashing import seal_head
from palermo.core.audit.signing import key_id

pytestmark = pytest.mark.django_db


def sealed_events(count: int, batch: int = 100) -> list[int]:
    numbers = [event.seq for event in make_events(count)]
    seal_pending(max_events=batch)
    return numbers


def problems(report: ChainReport) -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in report.problems]


def run_command(*args: str) -> tuple[int, str, str]:
    """Run `audit_verify` like the CLI does: (exit status, stdout, error message)."""
    out = StringIO()
    try:
        call_command("audit_verify", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


# -- events -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "case.closed"),
        ("data", {"case_fields": ["status", "outcome"], "round": 4, "ratio": 1.0}),
        ("occurred_at", datetime(2020, 1, 1, 12, 0, tzinfo=UTC)),
        ("actor_username", "someone_else"),
        ("object_id", "666"),
        ("purpose", "curiosity"),
    ],
)
def test_an_edited_event_is_reported_at_exactly_its_number(column: str, value: Any) -> None:
    numbers = sealed_events(6)
    target = numbers[3]
    param = db_json(value) if column == "data" else value
    if isinstance(value, datetime):
        param = connection.ops.adapt_datetimefield_value(value)

    tamper(
        f"UPDATE {{table}} SET {connection.ops.quote_name(column)} = %s WHERE seq = %s",
        [param, target],
    )

    report = verify_chain()
    assert problems(report) == [(target, "edited")]
    assert report.problems[0].message == (
        f"event #{target} was edited: the content no longer matches seal #1"
    )
    assert report.first_bad_seq == target


def test_occurred_at_is_hashed_to_the_microsecond() -> None:
    event = make_events(3)[1]
    seal_pending()
    later = connection.ops.adapt_datetimefield_value(event.occurred_at + timedelta(microseconds=1))

    tamper("UPDATE {table} SET occurred_at = %s WHERE seq = %s", [later, event.seq])

    assert problems(verify_chain()) == [(event.seq, "edited")]


def test_verification_reads_in_batches_with_the_same_result() -> None:
    numbers = sealed_events(7, batch=3)
    tamper("UPDATE {table} SET action = 'case.deleted' WHERE seq = %s", [numbers[4]])

    assert problems(verify_chain(batch_size=2)) == problems(verify_chain(batch_size=1000))
    assert problems(verify_chain(batch_size=2)) == [(numbers[4], "edited")]


def test_several_edits_are_all_reported() -> None:
    numbers = sealed_events(9)
    edited = [numbers[1], numbers[5], numbers[6]]
    tamper("UPDATE {table} SET purpose = 'curiosity' WHERE seq IN (%s, %s, %s)", edited)

    report = verify_chain()

    assert [p.message for p in report.problems] == [
        f"events #{edited[0]}, #{edited[1]}, #{edited[2]} were edited: the content no longer "
        "matches seal #1"
    ]


def test_a_removed_event_is_reported_at_its_number() -> None:
    numbers = sealed_events(6)
    tamper("DELETE FROM {table} WHERE seq = %s", [numbers[2]])

    report = verify_chain()

    assert problems(report) == [(numbers[2], "removed")]
    assert report.problems[0].message == f"event #{numbers[2]} is missing (removed)"


def test_removing_the_newest_sealed_events_is_reported() -> None:
    numbers = sealed_events(6)
    tamper("DELETE FROM {table} WHERE seq >= %s", [numbers[4]])

    assert [p.message for p in verify_chain().problems] == [
        f"events #{numbers[4]}, #{numbers[5]} are missing (removed)"
    ]


def test_swapping_two_events_is_reported_as_reordered() -> None:
    numbers = sealed_events(6)
    a, b = numbers[2], numbers[3]
    # Swap the two rows' contents, keeping their numbers: what a reordering comes down to.
    tamper("UPDATE {table} SET seq = -1 WHERE seq = %s", [a])
    tamper("UPDATE {table} SET seq = %s WHERE seq = %s", [a, b])
    tamper("UPDATE {table} SET seq = %s WHERE seq = -1", [b])

    report = verify_chain()

    assert problems(report) == [(a, "reordered")]
    assert report.problems[0].message == (
        f"events #{a} and #{b} are out of order: their places were swapped"
    )


def test_an_event_moved_into_a_removed_ones_place_is_reported() -> None:
    numbers = sealed_events(6)
    tamper("DELETE FROM {table} WHERE seq = %s", [numbers[1]])
    tamper("UPDATE {table} SET seq = %s WHERE seq = %s", [numbers[1], numbers[4]])

    assert [p.message for p in verify_chain().problems] == [
        f"event #{numbers[4]} is out of order: its content was moved to #{numbers[1]}"
    ]


def test_a_row_slipped_into_a_sealed_batch_is_reported_as_inserted() -> None:
    numbers = sealed_events(4)
    tamper(
        "INSERT INTO {table} (seq, txid, occurred_at, actor_username, agency_name, action, "
        "object_type, object_id, purpose, data) SELECT %s, txid - 1, occurred_at, actor_username, "
        "agency_name, 'case.closed', object_type, object_id, purpose, data FROM {table} "
        "WHERE seq = %s",
        [numbers[1] + 1000000, numbers[1]],
    )
    # Its (earlier) transaction sorts it among the sealed events: it claims to be sealed.
    forged = numbers[1] + 1000000
    report = verify_chain()

    assert problems(report) == [(forged, "inserted")]
    assert report.problems[0].message == (
        f"event #{forged} was inserted: it is not among the events of seal #1"
    )


# -- seals ------------------------------------------------------------------------------------


def test_an_edited_seal_is_reported() -> None:
    sealed_events(4)
    tamper("UPDATE {seals} SET size = 3 WHERE number = 1")

    messages = [p.message for p in verify_chain().problems]

    assert "seal #1 was edited: its fields no longer give its head" in messages


def test_a_seal_with_a_forged_list_of_events_is_reported() -> None:
    numbers = sealed_events(4)
    seal = AuditSeal.objects.get()
    leaves = [leaf for leaf in seal.leaves if leaf[0] != numbers[1]]
    tamper("UPDATE {seals} SET leaves = %s WHERE number = 1", [db_json(leaves)])

    report = verify_chain()

    assert "seal #1's list of events was edited: it no longer gives the signed Merkle root" in [
        p.message for p in report.problems
    ]


def test_a_seal_resigned_with_another_key_is_reported_as_forged() -> None:
    numbers = sealed_events(4)
    tamper("UPDATE {table} SET purpose = 'rewritten' WHERE seq = %s", [numbers[0]])
    # The attacker rebuilds the whole seal consistently, but has only their own key.
    events = AuditEvent.objects.in_seal_order()
    forger = Ed25519PrivateKey.generate()
    _reseal(events, forger)

    report = verify_chain()

    assert [p.message for p in report.problems] == [
        "seal #1 has no valid signature of a trusted key: it was forged"
    ]


def _reseal(events: Any, private_key: Ed25519PrivateKey) -> None:
    from palermo.core.audit import compute_hash
    from palermo.core.audit.hashing import event_fields

    seal = AuditSeal.objects.get(number=1)
    leaves = [[e.seq, compute_hash(event_fields(e))] for e in events]
    fields = {
        **{f: getattr(seal, f) for f in ("number", "sealed_at", "size", "tree_size")},
        **{f: getattr(seal, f) for f in ("last_txid", "last_seq", "prev_head")},
        "root": merkle_root([leaf for _, leaf in leaves]),
        "key_id": key_id(private_key.public_key()),
    }
    head = seal_head(fields)
    tamper(
        "UPDATE {seals} SET leaves = %s, root = %s, key_id = %s, head = %s, signature = %s "
        "WHERE number = 1",
        [
            db_json(leaves),
            fields["root"],
            fields["key_id"],
            head,
            private_key.sign(bytes.fromhex(head)).hex(),
        ],
    )


def test_a_removed_seal_in_the_middle_is_reported() -> None:
    numbers = sealed_events(6, batch=2)
    tamper("DELETE FROM {seals} WHERE number = 2")

    report = verify_chain()

    assert (numbers[4], "removed") in problems(report)
    assert "seal #2 is missing (removed)" in [p.message for p in report.problems]


def test_truncation_is_caught_by_a_head_exported_earlier() -> None:
    sealed_events(4, batch=2)
    anchor = verify_chain().head  # what `audit verify --print-head` prints, kept elsewhere
    assert anchor.seq == 2
    # The newest seal and its events removed: what is left is consistent by itself.
    last = AuditSeal.objects.get(number=2)
    tamper("DELETE FROM {table} WHERE seq > %s", [AuditSeal.objects.get(number=1).last_seq])
    tamper("DELETE FROM {seals} WHERE number = %s", [last.number])
    assert verify_chain().ok

    report = verify_chain(anchors=[anchor])

    assert [p.message for p in report.problems] == [
        "the anchored seal #2 is missing: the log was cut back (truncated) or rewritten; the "
        "newest seal is #1"
    ]


def test_a_rewritten_seal_is_caught_by_its_anchor() -> None:
    sealed_events(3)
    anchor = verify_chain().head
    tamper("UPDATE {seals} SET head = %s WHERE number = 1", ["b" * 64])

    report = verify_chain(anchors=[anchor])

    assert any(
        p.kind == "head" and "no longer has the anchored head" in p.message for p in report.problems
    )


# -- the command ------------------------------------------------------------------------------


def test_the_command_reports_an_intact_log_and_its_unsealed_tail() -> None:
    sealed_events(5)
    make_events(2)
    head = AuditSeal.objects.get()

    status, out, _ = run_command("--print-head")

    assert status == 0
    assert "Audit chain intact: 5 events verified in 1 seals." in out
    assert "Unsealed tail: 2 newer events are not sealed yet" in out
    assert f"Chain head: 1:{head.head}" in out


def test_the_command_lists_every_problem_and_exits_1() -> None:
    numbers = sealed_events(6)
    tamper("UPDATE {table} SET purpose = 'x' WHERE seq = %s", [numbers[1]])
    tamper("DELETE FROM {table} WHERE seq = %s", [numbers[4]])

    status, out, error = run_command()

    assert status == 1
    assert f"#{numbers[1]} [edited]" in out
    assert f"#{numbers[4]} [removed]" in out
    assert f"the first bad event is #{numbers[1]}" in error


def test_the_palermo_cli_exits_1_on_tampering(capsys: pytest.CaptureFixture[str]) -> None:
    numbers = sealed_events(3)
    tamper("UPDATE {table} SET action = 'case.closed' WHERE seq = %s", [numbers[0]])

    assert palermo_main(["audit", "verify"]) == 1
    assert f"#{numbers[0]}" in capsys.readouterr().out


def test_the_command_checks_an_exported_head() -> None:
    sealed_events(3)
    head = verify_chain().head

    assert run_command("--expect-head", str(head))[0] == 0
    status, out, _ = run_command("--expect-head", f"7:{'a' * 64}")
    assert status == 1
    assert "the anchored seal #7 is missing" in out


@pytest.mark.parametrize("anchor", ["12", "x:y", f"1:{'g' * 64}", f"1:{'a' * 63}"])
def test_the_command_rejects_a_malformed_head(anchor: str) -> None:
    with pytest.raises(CommandError, match="not an anchor"):
        call_command("audit_verify", "--expect-head", anchor)


def test_an_anchor_parses_and_prints_as_number_and_head() -> None:
    anchor = ChainAnchor.parse(f" 12:{'A' * 64} ")
    assert str(anchor) == f"12:{'a' * 64}"

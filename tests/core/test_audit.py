"""The audit log: what record() writes, and what verify_chain() and `audit verify` detect.

Tampering is simulated the way an attacker with database access would do it: raw SQL against the
table, bypassing the model. The SQL is portable, so these tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from palermo.accounts.actor import Actor
from palermo.accounts.models import User
from palermo.cli import main as palermo_main
from palermo.core.audit import (
    GENESIS_HASH,
    ActorRef,
    AuditChainError,
    AuditChainHead,
    AuditDataError,
    AuditEvent,
    AuditImmutableError,
    ChainAnchor,
    ChainReport,
    compute_hash,
    events_for,
    events_for_object,
    record,
    verify_chain,
)
from palermo.core.audit.hashing import event_fields

TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)
HEAD_TABLE = connection.ops.quote_name(AuditChainHead._meta.db_table)


# -- helpers ----------------------------------------------------------------------------------


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE, head=HEAD_TABLE), params)


def db_json(value: Any) -> Any:
    return AuditEvent._meta.get_field("data").get_db_prep_value(value, connection)


def db_datetime(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def make_chain(count: int) -> list[AuditEvent]:
    return [
        record(
            "case.updated",
            object_type="cases.case",
            object_id=str(100 + n),
            purpose="case management",
            data={"case_fields": ["status"], "round": n, "ratio": n / 4},
        )
        for n in range(1, count + 1)
    ]


def verify(**kwargs: Any) -> ChainReport:
    return verify_chain(**kwargs)


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


def insert_raw(fields: dict[str, Any], stored_hash: str) -> None:
    columns = [*fields, "hash"]
    values = [
        db_json(v) if k == "data" else db_datetime(v) if k == "occurred_at" else v
        for k, v in fields.items()
    ]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql(f"INSERT INTO {{table}} ({names}) VALUES ({marks})", [*values, stored_hash])


# -- writing ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_are_numbered_from_one_and_each_is_chained_to_the_previous() -> None:
    events = make_chain(4)

    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    stored = AuditEvent.objects.get(seq=3)
    assert stored.hash == compute_hash(event_fields(stored)) == events[2].hash
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (4, events[3].hash)


@pytest.mark.django_db
def test_a_chain_of_events_verifies_intact() -> None:
    events = make_chain(7)

    report = verify()

    assert report.ok
    assert report.checked == 7
    assert report.problems == []
    assert report.first_bad_seq is None
    assert report.head == ChainAnchor(7, events[-1].hash)


@pytest.mark.django_db
def test_verification_reads_in_batches_with_the_same_result() -> None:
    make_chain(7)
    sql("UPDATE {table} SET action = %s WHERE seq = %s", ["case.deleted", 5])

    assert problems(verify(batch_size=2)) == problems(verify(batch_size=1000)) == [(5, "edited")]


@pytest.mark.django_db
def test_an_empty_log_verifies_intact() -> None:
    report = verify()

    assert report.ok and report.checked == 0
    assert report.head == ChainAnchor(0, GENESIS_HASH)


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
    record("case.registered", object_type="cases.case", object_id="1")
    user_count = User.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        User.objects.create_user(username="rolled-back", password="x-long-password-1")
        record("user.created", purpose="test")
        raise RuntimeError("the service failed after auditing")

    assert User.objects.count() == user_count
    assert list(AuditEvent.objects.values_list("seq", "action")) == [(1, "case.registered")]
    assert verify().ok
    # The next event continues the chain without a gap.
    assert record("case.updated", object_type="cases.case", object_id="1").seq == 2
    assert verify().ok and verify().checked == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_append_one_after_another() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself; the row lock matters on PostgreSQL")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    record("case.updated", object_type="cases.case", object_id=f"{n}-{i}")
        except BaseException as exc:  # reported below, in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 61))
    assert verify().ok


# -- the model refuses changes ----------------------------------------------------------------


@pytest.mark.django_db
def test_code_cannot_change_or_delete_events() -> None:
    event = make_chain(3)[1]
    original = event.action

    event.action = "case.deleted"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(seq=2).update(action="case.deleted")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.get(seq=2).action == original
    assert verify().ok and verify().checked == 3


@pytest.mark.django_db
def test_code_cannot_write_events_around_the_chain_writer() -> None:
    fields = {"seq": 1, "occurred_at": datetime.now(UTC), "action": "case.forged"}
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.create(**fields, prev_hash=GENESIS_HASH, hash="f" * 64)
    with pytest.raises(AuditImmutableError):
        AuditEvent(**fields, prev_hash=GENESIS_HASH, hash="f" * 64).save()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.bulk_create([AuditEvent(**fields, prev_hash=GENESIS_HASH)])

    assert not AuditEvent.objects.exists()


# -- tampering through the database is detected -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "case.closed"),
        ("data", {"case_fields": ["status", "outcome"], "round": 4, "ratio": 1.0}),
        ("occurred_at", datetime(2020, 1, 1, 12, 0, tzinfo=UTC)),
        ("actor_username", "someone_else"),
        ("object_id", "666"),
        ("purpose", "curiosity"),
        ("prev_hash", "a" * 64),
    ],
)
def test_an_edited_event_is_reported_at_exactly_its_number(column: str, value: Any) -> None:
    make_chain(6)
    param = db_json(value) if column == "data" else value
    if isinstance(value, datetime):
        param = db_datetime(value)

    sql(f"UPDATE {{table}} SET {connection.ops.quote_name(column)} = %s WHERE seq = 4", [param])

    report = verify()
    assert not report.ok
    assert problems(report) == [(4, "edited")]
    assert report.problems[0].message.startswith("event #4 was edited")
    assert report.first_bad_seq == 4


@pytest.mark.django_db
def test_occurred_at_is_hashed_to_the_microsecond() -> None:
    event = make_chain(3)[1]

    sql(
        "UPDATE {table} SET occurred_at = %s WHERE seq = 2",
        [db_datetime(event.occurred_at + timedelta(microseconds=1))],
    )

    assert problems(verify()) == [(2, "edited")]


@pytest.mark.django_db
def test_several_edits_are_all_reported() -> None:
    make_chain(9)

    sql("UPDATE {table} SET purpose = %s WHERE seq IN (2, 6, 7)", ["curiosity"])

    report = verify()
    assert problems(report) == [(2, "edited"), (6, "edited")]
    assert [p.message for p in report.problems] == [
        "event #2 was edited: the content no longer matches the hash",
        "events #6 to #7 were edited: the content no longer matches the hash",
    ]


@pytest.mark.django_db
def test_a_removed_middle_event_is_reported_at_its_number() -> None:
    make_chain(6)

    sql("DELETE FROM {table} WHERE seq = 3")

    report = verify()
    assert problems(report) == [(3, "removed")]
    assert report.problems[0].message == "event #3 is missing (removed)"


@pytest.mark.django_db
def test_several_removed_events_are_reported_as_a_range() -> None:
    make_chain(8)

    sql("DELETE FROM {table} WHERE seq IN (1, 4, 5, 6)")

    report = verify()
    assert [p.message for p in report.problems] == [
        "event #1 is missing (removed)",
        "events #4 to #6 are missing (removed)",
    ]


@pytest.mark.django_db
def test_removing_the_newest_events_is_caught_by_the_head() -> None:
    make_chain(6)

    sql("DELETE FROM {table} WHERE seq >= 5")

    report = verify()
    assert problems(report) == [(5, "removed")]
    assert report.problems[0].message == "events after #4 were removed: the chain head records #6"


@pytest.mark.django_db
def test_removing_every_event_is_caught_by_the_head() -> None:
    make_chain(3)

    sql("DELETE FROM {table}")

    assert [p.message for p in verify().problems] == [
        "all events were removed: the chain head records #3"
    ]


@pytest.mark.django_db
def test_removing_the_head_is_reported_and_stops_further_recording() -> None:
    make_chain(3)

    sql("DELETE FROM {head}")

    assert problems(verify()) == [(3, "head")]
    with pytest.raises(AuditChainError, match="head is missing"):
        record("case.updated")
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db
def test_swapping_two_events_is_reported_as_reordered() -> None:
    make_chain(6)

    sql("UPDATE {table} SET seq = -1 WHERE seq = 3")
    sql("UPDATE {table} SET seq = 3 WHERE seq = 4")
    sql("UPDATE {table} SET seq = 4 WHERE seq = -1")

    report = verify()
    assert problems(report) == [(3, "reordered")]
    assert report.problems[0].message == (
        "events #3 and #4 are out of order: their places were swapped"
    )


@pytest.mark.django_db
def test_an_event_moved_into_a_removed_ones_place_is_reported() -> None:
    make_chain(8)

    sql("DELETE FROM {table} WHERE seq = 3")
    sql("UPDATE {table} SET seq = 3 WHERE seq = 6")

    report = verify()
    assert [p.message for p in report.problems] == [
        "event #6 is out of order: it was moved to #3",
        "event #4 does not follow #3: the event it was chained to is missing "
        "(removed, or replaced by a forged one)",
    ]


@pytest.mark.django_db
def test_a_row_appended_around_the_writer_is_reported_as_inserted() -> None:
    events = make_chain(4)
    forged = event_fields(events[-1]) | {
        "seq": 5,
        "action": "case.closed",
        "prev_hash": events[-1].hash,
    }
    # Even with a correct hash, the head does not know the row.
    insert_raw(forged, compute_hash(forged))

    report = verify()
    assert problems(report) == [(5, "inserted")]
    assert report.problems[0].message == "event #5 was inserted: not covered by the chain head (#4)"


@pytest.mark.django_db
def test_a_forged_replacement_with_a_correct_hash_breaks_the_next_link() -> None:
    events = make_chain(5)
    forged = event_fields(events[2]) | {"purpose": "forged purpose"}

    sql(
        "UPDATE {table} SET purpose = %s, hash = %s WHERE seq = 3",
        [forged["purpose"], compute_hash(forged)],
    )

    report = verify()
    assert problems(report) == [(4, "removed")]
    assert report.problems[0].message.startswith("event #4 does not follow #3")


@pytest.mark.django_db
def test_a_fully_rewritten_chain_is_caught_only_by_an_anchor_kept_elsewhere() -> None:
    make_chain(6)
    anchor = verify().head  # what `audit verify --print-head` prints, kept off the database
    record("case.updated", object_type="cases.case", object_id="7")

    # An attacker who knows the algorithm rewrites event #2 and re-chains everything after it.
    prev_hash = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        fields = event_fields(event) | {"prev_hash": prev_hash}
        if event.seq == 2:
            fields["purpose"] = "rewritten"
        prev_hash = compute_hash(fields)
        sql(
            "UPDATE {table} SET purpose = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [fields["purpose"], fields["prev_hash"], prev_hash, event.seq],
        )
    sql("UPDATE {head} SET last_hash = %s", [prev_hash])

    assert verify().ok  # the chain is consistent again: this is what anchors are for
    report = verify(anchors=[anchor])
    assert problems(report) == [(6, "head")]
    assert "no longer has the anchored hash" in report.problems[0].message


# -- the command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_reports_an_intact_chain_and_exits_0() -> None:
    events = make_chain(5)

    status, out, _ = run_command("--print-head")

    assert status == 0
    assert "Audit chain intact: 5 events verified." in out
    assert f"Chain head: 5:{events[-1].hash}" in out


@pytest.mark.django_db
def test_the_command_lists_every_problem_and_exits_1() -> None:
    make_chain(6)
    sql("UPDATE {table} SET data = %s WHERE seq = 2", [db_json({"case_fields": []})])
    sql("DELETE FROM {table} WHERE seq = 4")

    status, out, error = run_command()

    assert status == 1
    assert "#2 [edited] event #2 was edited" in out
    assert "#4 [removed] event #4 is missing (removed)" in out
    assert "Audit chain intact" not in out
    assert "2 problems found in 5 events; the first bad event is #2" in error


@pytest.mark.django_db
def test_the_palermo_cli_exits_1_on_tampering(capsys: pytest.CaptureFixture[str]) -> None:
    make_chain(3)
    assert palermo_main(["audit", "verify"]) == 0

    sql("UPDATE {table} SET action = %s WHERE seq = 1", ["case.closed"])

    assert palermo_main(["audit", "verify"]) == 1
    assert "Audit chain broken" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_command_checks_an_anchor() -> None:
    events = make_chain(4)
    anchor = f"3:{events[2].hash}"

    assert run_command("--expect-head", anchor)[0] == 0
    sql("UPDATE {table} SET hash = %s WHERE seq = 3", ["b" * 64])

    status, out, _ = run_command("--expect-head", anchor)
    assert status == 1
    assert "#3 [head] event #3 no longer has the anchored hash" in out


@pytest.mark.django_db
def test_the_command_reports_an_anchor_beyond_the_log() -> None:
    make_chain(2)

    status, out, _ = run_command("--expect-head", f"9:{'c' * 64}")

    assert status == 1
    assert "the anchored event #9 is missing" in out


@pytest.mark.django_db
@pytest.mark.parametrize("anchor", ["12", "x:" + "a" * 64, "3:" + "a" * 63, "3:" + "g" * 64])
def test_the_command_rejects_a_malformed_anchor(anchor: str) -> None:
    with pytest.raises(CommandError, match="expected SEQ:HASH"):
        call_command("audit_verify", "--expect-head", anchor, stdout=StringIO())

"""Crypto-shredding of the other kinds of personal data the retention rules cover: a hotline
caller's contact, an anonymous tip, a tourist reported as not returned, a suspect's identity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.db import connection
from django.utils import timezone

from palermo.accounts.actor import Actor
from palermo.core.audit import AuditEvent, verify_chain
from palermo.core.crypto import DecryptionError
from palermo.core.datakeys import DataKey, clear_data_key_cache, open_str
from palermo.hotline.models import Call, Tip
from palermo.hotline.services import CallInput, do_log_call, do_submit_public_tip
from palermo.justice.models import Proceedings, Suspect
from palermo.justice.services.proceedings import SuspectInput, do_add_suspect
from palermo.lifecycle.models import ShredItem
from palermo.lifecycle.retention import findings
from palermo.registries.models import ReportedTourist
from palermo.registries.services.tourists import do_register_tourist_report
from tests.justice.conftest import open_proceedings
from tests.lifecycle.conftest import shred_all
from tests.registries.conftest import tourist_report_input

pytestmark = pytest.mark.django_db

RECEIVED = timezone.make_aware(datetime(2026, 1, 15, 10, 0))
VERDICT = date(2026, 3, 1)
LATER = date(2040, 1, 1)  # every rule's period has run out


@dataclass
class Records:
    call: Call
    tip: Tip
    tourist: ReportedTourist
    suspect: Suspect


# (record, column, plain value) of each sealed column checked.
def sealed_columns(records: Records) -> list[tuple[object, str, str]]:
    return [
        (records.call, "caller_name", "Марыя Кавалёва"),
        (records.call, "caller_contact", "+375291112233"),
        (records.tip, "what_happened", "Вербоўшчык у Гомелі абяцае працу ў Дубаі"),
        (records.tourist, "family_name", "Сідарэнка"),
        (records.suspect, "family_name", "Вярбоўскі"),
        (records.suspect, "notes", "Кіроўца мікрааўтобуса"),
    ]


def raw(obj: object, column: str) -> str | None:
    table = obj._meta.db_table  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [obj.pk])  # type: ignore[attr-defined]
        return cursor.fetchone()[0]


@pytest.fixture
def records(actor: Callable[[str], Actor]) -> Records:
    call = do_log_call(
        actor=actor("hotline_operator"),
        data=CallInput(
            topic="suspected_trafficking",
            consent_contact=True,
            caller_name="Марыя Кавалёва",
            caller_contact="+375291112233",
            summary="Сястра не вярнулася з Дубая.",
            received_at=RECEIVED,
        ),
    )
    tip = do_submit_public_tip(
        region="", what_happened="Вербоўшчык у Гомелі абяцае працу ў Дубаі", contact=""
    )
    Tip.objects.filter(pk=tip.pk).update(received_at=RECEIVED)
    report = do_register_tourist_report(
        actor=actor("registry_officer"), data=tourist_report_input()
    )
    investigator = actor("investigator")
    proceedings = open_proceedings(investigator, "2026-181-001")
    suspect = do_add_suspect(
        actor=investigator,
        proceedings=proceedings,
        data=SuspectInput(
            family_name="Вярбоўскі", given_name="Павел", notes="Кіроўца мікрааўтобуса"
        ),
    )
    Proceedings.objects.filter(pk=proceedings.pk).update(verdict_on=VERDICT)
    return Records(call, tip, report.tourists.get(), suspect)


def test_each_record_is_sealed_with_its_own_data_key(records: Records) -> None:
    keys = set()
    for obj, column, plain in sealed_columns(records):
        obj.refresh_from_db()  # type: ignore[attr-defined]
        key_id = obj.data_key_id  # type: ignore[attr-defined]
        assert key_id is not None
        keys.add(key_id)
        token = raw(obj, column)
        assert token is not None and token.startswith(f"s1.{key_id}.")
        assert plain not in token
        assert getattr(obj, column) == plain
    assert len(keys) == 4  # one key per record, none shared


def test_each_rule_runs_its_clock_from_its_own_event(records: Records) -> None:
    found = {(f.kind, f.object_id): f for f in findings(LATER)}
    call = found[("hotline_caller_contact", records.call.pk)]
    assert (call.clock_started_on, call.due_on) == (date(2026, 1, 15), date(2027, 1, 15))
    tip = found[("anonymous_tip", records.tip.pk)]
    assert (tip.clock_started_on, tip.due_on) == (date(2026, 1, 15), date(2028, 1, 15))
    tourist = found[("tourist_non_return", records.tourist.pk)]
    assert (tourist.clock_started_on, tourist.due_on) == (date(2026, 3, 4), date(2029, 3, 4))
    suspect = found[("suspect_identity", records.suspect.pk)]
    assert (suspect.clock_started_on, suspect.due_on) == (VERDICT, date(2036, 3, 1))
    # Not yet due the day before the period ends.
    assert not call.is_due(date(2027, 1, 14)) and call.is_due(date(2027, 1, 15))


def test_shredding_destroys_each_key_and_keeps_the_statistics(
    actor: Callable[[str], Actor], records: Records
) -> None:
    tokens = [(obj, column, raw(obj, column)) for obj, column, _ in sealed_columns(records)]
    key_ids = {obj.data_key_id for obj, _, _ in tokens}  # type: ignore[attr-defined]

    batch = shred_all(actor, LATER)

    assert batch is not None
    destroyed = set(batch.items.filter(status="destroyed").values_list("kind", "object_id"))
    assert {
        ("hotline_caller_contact", records.call.pk),
        ("anonymous_tip", records.tip.pk),
        ("tourist_non_return", records.tourist.pk),
        ("suspect_identity", records.suspect.pk),
    } <= destroyed
    assert DataKey.objects.filter(pk__in=key_ids, wrapped__isnull=True).count() == 4
    clear_data_key_cache()
    for obj, column, token in tokens:
        # A copy of the old ciphertext (a backup, a replica) can no longer be opened.
        with pytest.raises(DecryptionError):
            open_str(token or "", context=f"{obj._meta.label}.{column}")  # type: ignore[attr-defined]
        obj.refresh_from_db()  # type: ignore[attr-defined]
        assert getattr(obj, column) == ""
    # The statistical columns stay.
    call = Call.objects.get(pk=records.call.pk)
    assert (call.topic, call.received_at, call.summary) == (
        "suspected_trafficking",
        RECEIVED,
        "Сястра не вярнулася з Дубая.",
    )
    tourist = ReportedTourist.objects.get(pk=records.tourist.pk)
    assert (tourist.gender, str(tourist.citizenship), tourist.date_of_birth) == (
        "female",
        "BY",
        None,
    )
    # Nothing is listed twice, and the audit keeps the event, not the data.
    assert not findings(LATER, kind="suspect_identity")
    events = AuditEvent.objects.filter(action="lifecycle.data_destroyed")
    assert "Вярбоўскі" not in str(list(events.values_list("data", flat=True)))
    assert verify_chain().ok


def test_new_data_after_shredding_gets_a_new_key(
    actor: Callable[[str], Actor], records: Records
) -> None:
    shred_all(actor, LATER)
    tourist = ReportedTourist.objects.get(pk=records.tourist.pk)
    assert tourist.data_key_id is None
    tourist.family_name = "Новая"
    tourist.save()
    tourist.refresh_from_db()
    assert tourist.data_key_id is not None and tourist.family_name == "Новая"
    assert ShredItem.objects.filter(object_id=tourist.pk, kind="tourist_non_return").exists()


def test_the_migration_seals_rows_written_before_data_keys(records: Records) -> None:
    from types import SimpleNamespace

    from django.apps import apps

    from palermo.core.crypto import encrypt_str
    from palermo.core.datakey_migrations import seal_rows

    # A tip as stored before: encrypted with the key ring, no data key; and one already blank.
    old = encrypt_str("Старое паведамленне", context="hotline.Tip.what_happened")
    Tip.objects.filter(pk=records.tip.pk).update(data_key=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hotline_tip SET what_happened = %s WHERE id = %s", [old, records.tip.pk]
        )
    blank = do_submit_public_tip(region="", what_happened="Яшчэ адно паведамленне")
    Tip.objects.filter(pk=blank.pk).update(data_key=None, what_happened="")

    run = seal_rows("hotline", "Tip", ("what_happened", "contact"))
    run(apps, SimpleNamespace(connection=connection))
    run(apps, SimpleNamespace(connection=connection))  # idempotent

    tip = Tip.objects.get(pk=records.tip.pk)
    assert tip.data_key_id is not None and tip.what_happened == "Старое паведамленне"
    assert (raw(tip, "what_happened") or "").startswith(f"s1.{tip.data_key_id}.")
    assert Tip.objects.get(pk=blank.pk).data_key_id is None  # nothing to seal

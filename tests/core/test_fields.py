"""Encrypted model fields and the rotate_keys command, on the test-only app tests.core.fieldtest.

These tests need ``"tests.core.fieldtest"`` in INSTALLED_APPS
(see tests/core/_settings_fieldtest.py).
"""

from __future__ import annotations

import base64
import datetime
import io
import sys
import types
from typing import Any

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models.signals import post_save
from django.test.utils import isolate_apps

from palermo.core.crypto import DecryptionError, encrypt_str, key_id_of
from palermo.core.fields import EncryptedField, EncryptedTextField, iter_encrypted_fields

fieldtest = pytest.importorskip("tests.core.fieldtest.models")
SecretSample = fieldtest.SecretSample
RenamedSample = fieldtest.RenamedSample

pytestmark = pytest.mark.django_db


def b64key(fill: int) -> str:
    return base64.b64encode(bytes([fill]) * 32).decode()


OLD = f"old:{b64key(1)}"
NEW = f"new:{b64key(2)}"

NAME = "Ўладзіслава Іванова-Шчэрбіч"
NARRATIVE = "Recruited in Гомель via an advert for work in a café; passport taken on arrival."
BIRTH = datetime.date(1994, 7, 3)
CONTACTS = {"phone": "+375 29 123-45-67", "relative": "Марыя"}
PLAINTEXTS = [
    "Ўладзіслава",
    "Іванова",
    "Гомель",
    "passport",
    "1994-07-03",
    "1994",
    "375 29",
    "Марыя",
]


@pytest.fixture(autouse=True)
def keys(settings):
    settings.PALERMO_ENCRYPTION_KEYS = OLD
    settings.PALERMO_BLIND_INDEX_KEY = b64key(7)
    return settings


def make_sample(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "name": NAME,
        "narrative": NARRATIVE,
        "birth_date": BIRTH,
        "contacts": CONTACTS,
        "label": "plain",
    }
    values.update(overrides)
    return SecretSample.objects.create(**values)


def raw_row(pk: int) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM fieldtest_secretsample WHERE id = %s", [pk])
        columns = [column[0] for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def raw_tokens(pk: int) -> dict[str, str]:
    row = raw_row(pk)
    return {name: row[name] for name in ("name", "narrative", "birth_date", "contacts")}


# --- storage ---------------------------------------------------------------------------------


def test_the_database_row_holds_no_plaintext():
    sample = make_sample()
    row = raw_row(sample.pk)

    everything = " ".join(str(value) for value in row.values())
    for plaintext in PLAINTEXTS:
        assert plaintext not in everything
    for column in ("name", "narrative", "birth_date", "contacts"):
        assert row[column].startswith("v1.old.")
    assert row["label"] == "plain"  # plain columns stay plain


def test_values_round_trip_through_save_and_load():
    sample = make_sample()
    loaded = SecretSample.objects.get(pk=sample.pk)
    assert loaded.name == NAME
    assert loaded.narrative == NARRATIVE
    assert loaded.birth_date == BIRTH
    assert loaded.contacts == CONTACTS
    assert SecretSample.objects.values_list("name", "birth_date").get(pk=sample.pk) == (NAME, BIRTH)

    loaded.name = "Анастасія Ўсціновіч"
    loaded.birth_date = "2001-02-28"  # a form or an import may hand over text
    loaded.save()
    reloaded = SecretSample.objects.get(pk=sample.pk)
    assert (reloaded.name, reloaded.birth_date) == (
        "Анастасія Ўсціновіч",
        datetime.date(2001, 2, 28),
    )


def test_bulk_create_update_and_bulk_update_encrypt_too():
    created = SecretSample.objects.bulk_create(
        [SecretSample(name="Алена"), SecretSample(name="Алесь", birth_date=BIRTH)]
    )
    SecretSample.objects.filter(pk=created[0].pk).update(narrative="Пераехала ў Мінск")
    created[1].name = "Алесь Ш."
    SecretSample.objects.bulk_update([created[1]], ["name"])

    for sample in created:
        row = raw_row(sample.pk)
        assert "Ал" not in row["name"]
        assert row["name"].startswith("v1.old.")
    assert raw_row(created[0].pk)["narrative"].startswith("v1.old.")
    assert SecretSample.objects.get(pk=created[0].pk).narrative == "Пераехала ў Мінск"
    assert SecretSample.objects.get(pk=created[1].pk).name == "Алесь Ш."


def test_the_same_value_is_stored_differently_each_time():
    first, second = make_sample(), make_sample()
    assert raw_row(first.pk)["name"] != raw_row(second.pk)["name"]


def test_empty_text_stays_empty_and_null_stays_null():
    sample = make_sample(name="", narrative="", birth_date=None, contacts=None)
    row = raw_row(sample.pk)
    assert (row["name"], row["narrative"], row["birth_date"], row["contacts"]) == (
        "",
        "",
        None,
        None,
    )
    loaded = SecretSample.objects.get(pk=sample.pk)
    assert (loaded.name, loaded.narrative, loaded.birth_date, loaded.contacts) == (
        "",
        "",
        None,
        None,
    )


def test_json_keeps_empty_documents_and_unicode():
    sample = make_sample(contacts={})
    assert SecretSample.objects.get(pk=sample.pk).contacts == {}
    assert raw_row(sample.pk)["contacts"].startswith("v1.")
    sample = make_sample(contacts=["Ўсціновіч", 3, None])
    assert SecretSample.objects.get(pk=sample.pk).contacts == ["Ўсціновіч", 3, None]


def test_a_bad_date_is_a_validation_error():
    sample = SecretSample(name="x", birth_date="31.12.1990")
    with pytest.raises(ValidationError) as caught:
        sample.full_clean()
    assert "birth_date" in caught.value.message_dict


def test_max_length_applies_to_the_plaintext():
    sample = SecretSample(name="я" * 201)
    with pytest.raises(ValidationError) as caught:
        sample.full_clean()
    assert "name" in caught.value.message_dict


def test_a_ciphertext_copied_into_another_column_does_not_load():
    sample = make_sample()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE fieldtest_secretsample SET name = narrative WHERE id = %s", [sample.pk]
        )
    with pytest.raises(DecryptionError, match=r"fieldtest\.SecretSample\.name"):
        SecretSample.objects.get(pk=sample.pk)


def test_an_altered_ciphertext_does_not_load():
    sample = make_sample()
    token = raw_row(sample.pk)["name"]
    altered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    SecretSample.objects.filter(pk=sample.pk).update(
        name=models.Value(altered, output_field=models.TextField())
    )
    with pytest.raises(DecryptionError):
        SecretSample.objects.get(pk=sample.pk)


# --- no filtering on ciphertext --------------------------------------------------------------


@pytest.mark.parametrize(
    "lookup",
    [
        {"name": "x"},
        {"name__exact": "x"},
        {"name__iexact": "x"},
        {"narrative__icontains": "x"},
        {"birth_date__gte": BIRTH},
        {"birth_date": BIRTH},
        {"contacts__phone": "x"},
        {"name__in": ["x", "y"]},
        {"name__lower": "x"},
    ],
)
def test_filtering_on_an_encrypted_field_is_refused(lookup):
    field_name = next(iter(lookup)).split("__")[0]
    with pytest.raises(
        FieldError, match=rf"fieldtest.SecretSample.{field_name} cannot be filtered.*blind index"
    ):
        list(SecretSample.objects.filter(**lookup))
    with pytest.raises(FieldError, match="cannot be filtered"):
        list(SecretSample.objects.exclude(**lookup))


def test_isnull_is_allowed():
    with_date = make_sample()
    without_date = make_sample(birth_date=None)
    assert list(SecretSample.objects.filter(birth_date__isnull=True)) == [without_date]
    assert list(SecretSample.objects.filter(birth_date__isnull=False)) == [with_date]


# --- field definition ------------------------------------------------------------------------


def test_the_context_is_app_model_and_field():
    assert SecretSample._meta.get_field("name").encryption_context == "fieldtest.SecretSample.name"
    assert RenamedSample._meta.get_field("alias").encryption_context == "fieldtest.OldSample.alias"


def test_an_explicit_context_survives_a_rename():
    token = encrypt_str("Ганна", context="fieldtest.OldSample.alias")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO fieldtest_renamedsample (alias) VALUES (%s)", [token])
    assert RenamedSample.objects.get().alias == "Ганна"


def test_deconstruct_is_migration_stable():
    _, path, _, kwargs = SecretSample._meta.get_field("name").deconstruct()
    assert path == "palermo.core.fields.EncryptedCharField"
    assert kwargs == {"blank": True, "max_length": 200}
    _, _, _, kwargs = RenamedSample._meta.get_field("alias").deconstruct()
    assert kwargs == {"blank": True, "context": "fieldtest.OldSample.alias"}
    # The hand-written migration matches the models exactly.
    call_command("makemigrations", "fieldtest", check=True, dry_run=True, stdout=io.StringIO())


def test_iter_encrypted_fields_lists_every_encrypted_column():
    found = {(model._meta.label, field.name) for model, field in iter_encrypted_fields()}
    assert {
        ("fieldtest.SecretSample", "name"),
        ("fieldtest.SecretSample", "narrative"),
        ("fieldtest.SecretSample", "birth_date"),
        ("fieldtest.SecretSample", "contacts"),
        ("fieldtest.RenamedSample", "alias"),
    } <= found
    assert all(isinstance(field, EncryptedField) for _, field in iter_encrypted_fields())
    assert ("fieldtest.SecretSample", "label") not in found


@isolate_apps("tests.core.fieldtest")
def test_unique_or_indexed_encrypted_fields_fail_the_system_check():
    class Bad(models.Model):
        ref = EncryptedTextField(unique=True)
        other = EncryptedTextField(db_index=True)

        class Meta:
            app_label = "fieldtest"

        def __str__(self) -> str:
            return "bad"

    errors = [e for field in Bad._meta.local_fields for e in field.check()]
    assert [e.id for e in errors] == ["palermo.E101", "palermo.E101"]


# --- rotate_keys -----------------------------------------------------------------------------


@pytest.fixture
def audit_events(monkeypatch):
    """Captures palermo.core.audit.record calls (a stand-in module while audit is not there)."""
    events: list[tuple[str, dict[str, Any]]] = []

    def record(action: str, **kwargs: Any) -> None:
        events.append((action, kwargs))

    try:
        from palermo.core import audit
    except ImportError:
        audit = types.ModuleType("palermo.core.audit")
        monkeypatch.setitem(sys.modules, "palermo.core.audit", audit)
    monkeypatch.setattr(audit, "record", record, raising=False)
    return events


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def test_rotate_keys_moves_old_values_to_the_new_key(keys, audit_events):
    # 4 + 3 + 3 encrypted values: a NULL date and an empty name are not encrypted at all.
    samples = [make_sample(), make_sample(name="Пётр", birth_date=None), make_sample(name="")]
    before = {s.pk: raw_tokens(s.pk) for s in samples}
    updated_before = {s.pk: raw_row(s.pk)["updated"] for s in samples}
    saves: list[object] = []
    post_save.connect(
        lambda **kw: saves.append(kw), sender=SecretSample, weak=False, dispatch_uid="t"
    )
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"

    try:
        output = rotate("--batch-size", "2")  # several batches
    finally:
        post_save.disconnect(sender=SecretSample, dispatch_uid="t")

    assert "fieldtest.SecretSample: re-encrypted 10 values in 3 rows" in output
    for sample in samples:
        after = raw_tokens(sample.pk)
        for column, token in after.items():
            if before[sample.pk][column] in ("", None):
                assert token == before[sample.pk][column]  # empty stays empty, NULL stays NULL
            else:
                assert key_id_of(token) == "new"
        assert raw_row(sample.pk)["updated"] == updated_before[sample.pk]  # no save()
    assert saves == []
    keys.PALERMO_ENCRYPTION_KEYS = NEW  # the old key can go now
    first = SecretSample.objects.get(pk=samples[0].pk)
    assert (first.name, first.narrative, first.birth_date, first.contacts) == (
        NAME,
        NARRATIVE,
        BIRTH,
        CONTACTS,
    )
    assert SecretSample.objects.get(pk=samples[1].pk).name == "Пётр"

    [(action, event)] = audit_events
    assert action == "crypto.keys_rotated"
    assert event["purpose"] == "key rotation"
    assert event["data"]["newest_key_id"] == "new"
    assert (event["data"]["rows"], event["data"]["values"]) == (3, 10)
    assert event["data"]["models"]["fieldtest.SecretSample"] == {"rows": 3, "values": 10}


def test_rotate_keys_writes_one_event_to_the_real_audit_log(keys):
    audit = pytest.importorskip("palermo.core.audit")
    make_sample()
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"

    rotate()

    [event] = audit.AuditEvent.objects.filter(action="crypto.keys_rotated")
    assert event.purpose == "key rotation"
    assert event.data["newest_key_id"] == "new"
    assert event.data["values"] == 4
    assert audit.verify_chain().ok


def test_rotate_keys_twice_changes_nothing_the_second_time(keys, audit_events):
    sample = make_sample()
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    rotate()
    after_first = raw_tokens(sample.pk)

    output = rotate()

    assert raw_tokens(sample.pk) == after_first
    assert "fieldtest.SecretSample: re-encrypted 0 values in 0 rows" in output
    assert audit_events[-1][1]["data"]["values"] == 0


def test_rotate_keys_dry_run_changes_nothing(keys, audit_events):
    samples = [make_sample(), make_sample()]
    before = {s.pk: raw_tokens(s.pk) for s in samples}
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"

    output = rotate("--dry-run", "--batch-size", "1")

    assert "fieldtest.SecretSample: would re-encrypt 8 values in 2 rows" in output
    assert "nothing was changed" in output
    assert {s.pk: raw_tokens(s.pk) for s in samples} == before
    assert audit_events == []


def test_rotate_keys_only_touches_values_under_old_keys(keys, audit_events):
    old = make_sample()
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    current = make_sample()
    current_tokens = raw_tokens(current.pk)

    output = rotate()

    assert "re-encrypted 4 values in 1 rows" in output
    assert raw_tokens(current.pk) == current_tokens
    assert all(key_id_of(t) == "new" for t in raw_tokens(old.pk).values())


def test_rotate_keys_stops_clearly_on_a_value_under_a_missing_key(keys, audit_events):
    sample = make_sample()
    keys.PALERMO_ENCRYPTION_KEYS = NEW  # the old key was removed before rotating
    with pytest.raises(CommandError, match=rf"fieldtest.SecretSample pk={sample.pk} .*key 'old'"):
        rotate()
    assert audit_events == []


def test_rotate_keys_refuses_to_run_unaudited(keys, monkeypatch):
    make_sample()
    keys.PALERMO_ENCRYPTION_KEYS = f"{NEW},{OLD}"
    monkeypatch.setitem(sys.modules, "palermo.core.audit", None)  # import fails
    with pytest.raises(CommandError, match="audit"):
        rotate()

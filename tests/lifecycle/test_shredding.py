"""Retention rules of the pack, the shredder's procedure and crypto-shredding of identities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from palermo.accounts.actor import Actor
from palermo.cases.models import Case
from palermo.core.audit import AuditEvent, verify_chain
from palermo.core.crypto import DecryptionError
from palermo.core.datakeys import DataKey, clear_data_key_cache, open_str
from palermo.lifecycle.models import ShredBatch, ShredItem
from palermo.lifecycle.retention import add_period, findings
from palermo.lifecycle.services import (
    do_approve_shred_batch,
    do_carry_out_shredding,
    do_destroy_item,
    do_reject_shred_batch,
    do_scan_retention,
)
from palermo.people.models import Person, PersonMatchKey, PersonNameKey
from tests.lifecycle.conftest import CLOSED_ON, DUE_ON, closed_case, shred_all

pytestmark = pytest.mark.django_db


def raw_column(person: Person, column: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def test_identity_is_sealed_with_the_persons_own_key(actor: Callable[[str], Actor]) -> None:
    officer = actor("officer_minsk")
    person = closed_case(officer).person
    token = raw_column(person, "family_name")
    assert token is not None and token.startswith(f"s1.{person.data_key_id}.")
    assert "Шаўчэнка" not in token
    other = closed_case(officer, family_name="Іваноў").person
    assert other.data_key_id != person.data_key_id
    assert Person.objects.get(pk=other.pk).family_name == "Іваноў"


def test_closed_case_identity_clock_runs_from_the_last_closure(
    actor: Callable[[str], Actor],
) -> None:
    case = closed_case(actor("officer_minsk"))
    found = {f.object_id: f for f in findings(DUE_ON) if f.kind == "person_identity"}
    assert found[case.person_id].clock_started_on == CLOSED_ON
    assert found[case.person_id].due_on == DUE_ON
    assert do_scan_retention(today=date(2031, 5, 31)) is None
    batch = do_scan_retention(today=DUE_ON)
    assert batch is not None
    assert [(i.kind, i.label) for i in batch.items.all()] == [
        ("person_identity", case.person.reference)
    ]
    # Scanning again lists nothing twice.
    assert do_scan_retention(today=DUE_ON) is None


def test_an_open_case_keeps_the_identity(actor: Callable[[str], Actor]) -> None:
    case = closed_case(actor("officer_minsk"))
    # The person comes back: a second case, still open.
    Case.objects.create(
        reference="TEST-OPEN-1",
        person=case.person,
        owning_agency=case.owning_agency,
        identification_method="law_enforcement",
        region="BY-HM",
        identified_on=date(2026, 7, 1),
    )
    assert do_scan_retention(today=date(2040, 1, 1)) is None


def test_minor_hold_lasts_until_adulthood_plus_the_packs_extra_years(
    actor: Callable[[str], Actor],
) -> None:
    case = closed_case(actor("officer_minsk"), date_of_birth=date(2015, 5, 1))
    # 18 years of age plus 3: 2036-05-01, long after the five years from closure (2031-06-01).
    held = next(f for f in findings(DUE_ON) if f.object_id == case.person_id)
    assert held.holds == ("minor",)
    assert do_scan_retention(today=date(2036, 4, 30)) is None
    assert do_scan_retention(today=date(2036, 5, 1)) is not None


def test_open_proceedings_and_a_pending_claim_hold_the_identity(
    actor: Callable[[str], Actor],
) -> None:
    from palermo.justice.compensation.services import do_record_claim
    from palermo.justice.models import Proceedings
    from palermo.justice.services import ParticipantInput, do_link_participant
    from tests.compensation.conftest import claim_input
    from tests.justice.conftest import open_proceedings

    investigator = actor("investigator")
    case = closed_case(investigator)
    proceedings = open_proceedings(investigator, "IC-2026-0777")
    victim = do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role="victim", linked_on=proceedings.opened_on, case=case),
    )
    assert next(f for f in findings(DUE_ON) if f.object_id == case.person_id).holds == (
        "open_proceedings",
    )
    do_record_claim(
        actor=investigator, participant=victim, data=claim_input(filed_on=proceedings.opened_on)
    )
    Proceedings.objects.filter(pk=proceedings.pk).update(verdict_on=date(2027, 1, 1))
    assert next(f for f in findings(DUE_ON) if f.object_id == case.person_id).holds == (
        "pending_compensation",
    )
    assert do_scan_retention(today=DUE_ON) is None


def test_shredding_destroys_the_identity_and_keeps_the_statistics(
    actor: Callable[[str], Actor],
) -> None:
    officer = actor("officer_minsk")
    cases = [
        closed_case(officer, family_name="Шаўчэнка"),
        closed_case(officer, family_name="Кавалёва", gender="male"),
    ]
    person = cases[0].person
    token = raw_column(person, "family_name")
    before = yearly_figures()
    assert PersonNameKey.objects.filter(person=person).exists()

    batch = shred_all(actor, DUE_ON)

    assert batch is not None and batch.status == ShredBatch.Status.DONE
    assert set(batch.items.values_list("status", flat=True)) == {"destroyed"}
    person.refresh_from_db()
    assert person.identity_erased_at is not None
    assert person.family_name == "" and person.date_of_birth is None
    assert person.display_name == "(identity erased)"
    assert not PersonNameKey.objects.filter(person=person).exists()
    assert not PersonMatchKey.objects.filter(person=person).exists()
    assert DataKey.objects.get(pk=person.data_key_id).wrapped is None
    # A copy of the old ciphertext (a backup, a replica) can no longer be opened.
    clear_data_key_cache()
    with pytest.raises(DecryptionError):
        open_str(token or "", context="people.Person.family_name")
    # The National Rapporteur's figures for the past years do not change.
    assert yearly_figures() == before
    # The audit keeps the event, not the data.
    event = AuditEvent.objects.filter(action="lifecycle.data_destroyed").first()
    assert event is not None and event.data["record"] == person.reference
    assert "Шаўчэнка" not in str(event.data)
    assert verify_chain().ok


def yearly_figures() -> Counter[tuple[object, ...]]:
    """Persons by year of identification, sex, age band and form of exploitation."""
    figures: Counter[tuple[object, ...]] = Counter()
    for case in Case.objects.select_related("person").prefetch_related("exploitation_forms"):
        age = case.age_at_identification
        band = None if age is None else ("0-17" if age < 18 else "18+")
        for form in case.exploitation_form_codes:
            figures[(case.identified_on.year, case.person.gender, band, form)] += 1
    return figures


def test_a_rejected_list_destroys_nothing(actor: Callable[[str], Actor]) -> None:
    case = closed_case(actor("officer_minsk"))
    batch = do_scan_retention(today=DUE_ON)
    assert batch is not None
    do_reject_shred_batch(actor=actor("admin"), batch=batch, version=batch.version)
    assert do_carry_out_shredding(today=DUE_ON) == 0
    case.person.refresh_from_db()
    assert case.person.family_name == "Шаўчэнка"
    # Rejected records may be proposed again by a later scan.
    assert do_scan_retention(today=DUE_ON) is not None


@pytest.mark.parametrize(
    "persona", ["officer_minsk", "caseworker_gomel", "analyst", "investigator", "outsider"]
)
def test_only_a_national_administrator_approves(
    actor: Callable[[str], Actor], persona: str
) -> None:
    from django.core.exceptions import ValidationError

    closed_case(actor("officer_minsk"))
    batch = do_scan_retention(today=DUE_ON)
    assert batch is not None
    with pytest.raises(ValidationError):
        do_approve_shred_batch(actor=actor(persona), batch=batch, version=batch.version)


def test_a_run_killed_halfway_resumes_and_never_half_destroys(
    actor: Callable[[str], Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = actor("officer_minsk")
    first = closed_case(officer, family_name="Першая")
    second = closed_case(officer, family_name="Другая")
    batch = do_scan_retention(today=DUE_ON)
    assert batch is not None
    admin = actor("admin")
    do_approve_shred_batch(actor=admin, batch=batch, version=batch.version)

    from palermo.lifecycle import services

    real = services._erase_person
    calls: list[int] = []

    def dies_on_the_second(pk: int) -> bool:
        calls.append(pk)
        if len(calls) == 2:
            real(pk)  # the key is destroyed inside the transaction ...
            raise KeyboardInterrupt  # ... and the process dies before it commits
        return real(pk)

    monkeypatch.setattr(services, "_erase_person", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        do_carry_out_shredding(today=DUE_ON)
    statuses = dict(ShredItem.objects.values_list("object_id", "status"))
    assert statuses == {first.person_id: "destroyed", second.person_id: "pending"}
    second.person.refresh_from_db()
    clear_data_key_cache()
    # Rolled back whole: the second person is intact, key and identity alike.
    assert second.person.family_name == "Другая"
    assert DataKey.objects.get(pk=second.person.data_key_id).wrapped is not None

    monkeypatch.setattr(services, "_erase_person", real)
    assert do_carry_out_shredding(today=DUE_ON) == 1
    assert do_destroy_item(item_id=ShredItem.objects.first().pk) == "destroyed"  # type: ignore[union-attr]
    assert ShredBatch.objects.get().status == ShredBatch.Status.DONE
    assert AuditEvent.objects.filter(action="lifecycle.data_destroyed").count() == 2


def test_add_period_keeps_the_day_or_the_months_last() -> None:
    assert add_period(date(2024, 2, 29), years=1) == date(2025, 2, 28)
    assert add_period(date(2026, 1, 31), months=1) == date(2026, 2, 28)
    assert add_period(CLOSED_ON, years=5) == DUE_ON

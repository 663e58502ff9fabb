"""Retention of persons merged into another: the merged-away person follows the survivor."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from palermo.accounts.actor import Actor
from palermo.core.datakeys import DataKey
from palermo.lifecycle.retention import findings
from palermo.lifecycle.services import do_scan_retention
from palermo.people.models import Person
from palermo.people.services import do_merge_persons, erase_person_identity
from tests.lifecycle.conftest import DUE_ON, closed_case, shred_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(actor: Callable[[str], Actor]) -> tuple[Person, Person]:
    officer = actor("officer_minsk")
    survivor = closed_case(officer, family_name="Застаецца").person
    gone = closed_case(officer, family_name="Аб'яднаная").person
    do_merge_persons(actor=actor("admin"), survivor=survivor, merged=gone, reason="Same passport")
    return survivor, gone


def test_the_merged_person_is_not_listed_on_its_own(merged: tuple[Person, Person]) -> None:
    survivor, _gone = merged
    listed = {f.object_id for f in findings(DUE_ON) if f.kind == "person_identity"}
    assert listed == {survivor.pk}


def test_shredding_the_survivor_destroys_the_merged_persons_identity_too(
    actor: Callable[[str], Actor], merged: tuple[Person, Person]
) -> None:
    survivor, gone = merged
    batch = shred_all(actor, DUE_ON)
    assert batch is not None and list(batch.items.values_list("object_id", flat=True)) == [
        survivor.pk
    ]
    for person in (survivor, gone):
        person.refresh_from_db()
        assert person.identity_erased_at is not None and person.family_name == ""
        assert DataKey.objects.get(pk=person.data_key_id).is_destroyed
    assert do_scan_retention(today=DUE_ON) is None


def test_proceedings_of_the_merged_person_hold_the_survivor(
    actor: Callable[[str], Actor],
) -> None:
    from palermo.justice.services import ParticipantInput, do_link_participant
    from tests.justice.conftest import open_proceedings

    investigator = actor("investigator")
    survivor = closed_case(investigator, family_name="Застаецца").person
    gone_case = closed_case(investigator, family_name="Сведка")
    proceedings = open_proceedings(investigator, "IC-2026-0901")
    do_link_participant(
        actor=investigator,
        proceedings=proceedings,
        data=ParticipantInput(role="victim", linked_on=proceedings.opened_on, case=gone_case),
    )
    do_merge_persons(actor=actor("admin"), survivor=survivor, merged=gone_case.person)
    found = [f for f in findings(DUE_ON) if f.kind == "person_identity"]
    assert [(f.object_id, f.holds) for f in found] == [(survivor.pk, ("open_proceedings",))]
    assert do_scan_retention(today=DUE_ON) is None


def test_a_survivor_destroyed_before_keeps_no_merged_identity(
    actor: Callable[[str], Actor], merged: tuple[Person, Person]
) -> None:
    survivor, gone = merged
    # Destroyed while the merged person was still kept whole (before this rule existed).
    erase_person_identity(survivor.pk)
    batch = shred_all(actor, DUE_ON)
    assert batch is not None
    gone.refresh_from_db()
    assert gone.identity_erased_at is not None
    assert do_scan_retention(today=DUE_ON) is None

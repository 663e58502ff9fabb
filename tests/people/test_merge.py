"""Merging duplicates: cases move to the kept person, the other stays as a tombstone, everything
is audited, and unmerge gives each person back exactly their own cases."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palermo.cases.models import Case
from palermo.cases.services import do_register_case, do_update_case
from palermo.core.errors import ConflictError
from palermo.core.models import AuditEvent
from palermo.people.matching import Identity, find_matches
from palermo.people.models import Person, PersonMatchKey, PersonMerge, SuspectedDuplicate
from palermo.people.services import (
    do_dismiss_suspected_duplicate,
    do_merge_persons,
    do_scan_duplicates,
    do_unmerge_persons,
)
from tests.conftest import case_input, person_input

RUSSIAN = {"family_name": "Шевченко", "given_name": "Ольга", "patronymic": "Сергеевна",
               "family_name_latin": "Shevchenko", "given_name_latin": "Olga"}  # fmt: skip


@pytest.fixture
def gomel_case(actor):
    return do_register_case(
        actor=actor("caseworker_gomel"), person=person_input(**RUSSIAN), case=case_input()
    )


def test_merge_and_unmerge_round_trip(actor, minsk_case, gomel_case):
    admin = actor("admin")
    keep, gone = minsk_case.person, gomel_case.person
    second = do_register_case(actor=actor("caseworker_gomel"), person=person_input(**RUSSIAN),
                              case=case_input())  # fmt: skip
    # Put a second case on the Gomel person first (an earlier merge), so that two cases move.
    first_merge = do_merge_persons(actor=admin, survivor=gone, merged=second.person)

    merge = do_merge_persons(actor=admin, survivor=keep, merged=gone, reason="Same passport")
    assert set(Case.objects.filter(person=keep).values_list("pk", flat=True)) == {
        minsk_case.pk, gomel_case.pk, second.pk}  # fmt: skip
    gone.refresh_from_db()
    assert gone.merged_into == keep
    assert not PersonMatchKey.objects.filter(person=gone).exists()
    assert sorted(merge.moved_case_ids) == sorted([gomel_case.pk, second.pk])
    # The tombstone is no longer a candidate; the survivor is.
    found = [m.person_id for m in find_matches(Identity.of(person_input(**RUSSIAN)))]
    assert gone.pk not in found and keep.pk in found

    event = AuditEvent.objects.get(action="person.merged", object_id=str(keep.pk))
    assert event.data["merged"] == gone.reference
    assert sorted(event.data["cases_moved"]) == sorted([gomel_case.reference, second.reference])
    assert "Шевченко" not in str(event.data) and "Same passport" not in str(event.data)

    do_unmerge_persons(actor=admin, merge=merge)
    gone.refresh_from_db()
    assert gone.merged_into is None
    assert list(Case.objects.filter(person=keep).values_list("pk", flat=True)) == [minsk_case.pk]
    assert set(Case.objects.filter(person=gone).values_list("pk", flat=True)) == {
        gomel_case.pk, second.pk}  # fmt: skip
    assert PersonMatchKey.objects.filter(person=gone).exists()
    assert AuditEvent.objects.filter(action="person.unmerged", object_id=str(gone.pk)).exists()
    merge.refresh_from_db()
    assert merge.unmerged_at is not None and merge.reason == "Same passport"
    # The earlier merge is still in force and can be undone in turn.
    do_unmerge_persons(actor=admin, merge=first_merge)
    assert Case.objects.get(pk=second.pk).person_id == second.person_id


def test_merging_twice_or_into_itself_is_refused_and_writes_nothing(actor, minsk_case, gomel_case):
    admin = actor("admin")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        do_merge_persons(actor=admin, survivor=minsk_case.person, merged=minsk_case.person)
    assert "merged" in exc.value.message_dict
    with pytest.raises(ValidationError):
        do_merge_persons(actor=actor("officer_minsk"), survivor=minsk_case.person,
                         merged=gomel_case.person)  # fmt: skip
    assert AuditEvent.objects.count() == before and not PersonMerge.objects.exists()
    merge = do_merge_persons(actor=admin, survivor=minsk_case.person, merged=gomel_case.person)
    with pytest.raises(ConflictError):
        do_merge_persons(actor=admin, survivor=minsk_case.person, merged=gomel_case.person)
    do_unmerge_persons(actor=admin, merge=merge)
    with pytest.raises(ConflictError):
        do_unmerge_persons(actor=admin, merge=merge)


def test_unmerge_waits_for_a_later_merge_of_the_survivor(actor, minsk_case, gomel_case):
    admin = actor("admin")
    third = do_register_case(actor=actor("officer_minsk"), person=person_input(), case=case_input())
    first = do_merge_persons(actor=admin, survivor=minsk_case.person, merged=gomel_case.person)
    do_merge_persons(actor=admin, survivor=third.person, merged=minsk_case.person)
    with pytest.raises(ConflictError):
        do_unmerge_persons(actor=admin, merge=first)


def test_an_edit_opened_before_the_merge_cannot_overwrite_the_survivor(
    actor, minsk_case, gomel_case
):
    opened_version = gomel_case.version
    do_merge_persons(actor=actor("admin"), survivor=minsk_case.person, merged=gomel_case.person)
    with pytest.raises(ConflictError):
        do_update_case(actor=actor("caseworker_gomel"), case=gomel_case,
                       expected_version=opened_version, person=person_input(**RUSSIAN),
                       data=case_input())  # fmt: skip
    assert Person.objects.get(pk=minsk_case.person_id).family_name == "Шаўчэнка"


def test_scan_finds_the_pair_and_dismissed_pairs_stay_dismissed(actor, minsk_case, gomel_case):
    admin = actor("admin")
    scan = do_scan_duplicates(actor=admin)
    pair = scan.pairs.get()
    assert {pair.person_a_id, pair.person_b_id} == {minsk_case.person_id, gomel_case.person_id}
    assert "family_name_variant" in pair.reasons and pair.score >= 0.78
    assert scan.persons_checked == 2 and scan.pairs_found == 1
    do_dismiss_suspected_duplicate(actor=admin, pair=pair)
    with pytest.raises(ConflictError):
        do_dismiss_suspected_duplicate(actor=admin, pair=pair)
    again = do_scan_duplicates(actor=admin)
    assert again.pairs.get().status == SuspectedDuplicate.Status.DISMISSED
    assert AuditEvent.objects.filter(action="person.duplicate_scan").count() == 2


def test_admin_reviews_compares_merges_and_unmerges_in_the_ui(actor, client_for, minsk_case,
                                                              gomel_case):  # fmt: skip
    client = client_for("admin")
    assert client.post(reverse("people:duplicates_scan")).status_code == 302
    listing = client.get(reverse("people:duplicates")).content.decode()
    assert minsk_case.person.reference in listing and gomel_case.person.reference in listing
    a, b = sorted([minsk_case.person_id, gomel_case.person_id])
    compare = client.get(reverse("people:compare", args=[a, b])).content.decode()
    assert "Шаўчэнка" in compare and "Шевченко" in compare
    assert minsk_case.reference in compare and gomel_case.reference in compare
    assert AuditEvent.objects.filter(action="person.identity_listed",
                                     purpose="duplicate review").exists()  # fmt: skip

    bad = client.post(reverse("people:compare", args=[a, b]), {"survivor": 999999})
    assert bad.status_code == 200 and "Choose which of the two persons" in bad.content.decode()
    assert not PersonMerge.objects.exists()

    response = client.post(
        reverse("people:compare", args=[a, b]), {"survivor": minsk_case.person_id, "reason": "ok"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=gomel_case.pk).person_id == minsk_case.person_id
    assert SuspectedDuplicate.objects.get().status == SuspectedDuplicate.Status.MERGED
    merges = client.get(reverse("people:merges")).content.decode()
    assert gomel_case.person.reference in merges and "Undo the merge" in merges
    merge = PersonMerge.objects.get()
    assert client.post(reverse("people:unmerge", args=[merge.pk])).status_code == 302
    assert Case.objects.get(pk=gomel_case.pk).person_id == gomel_case.person_id
    assert "Undone" in client.get(reverse("people:merges")).content.decode()


def test_merge_through_the_api(api_for, minsk_case, gomel_case):
    client = api_for("admin")
    response = client.post("/api/people/merges/", {"survivor_id": minsk_case.person_id,
                                                   "merged_id": gomel_case.person_id},
                           format="json")  # fmt: skip
    assert response.status_code == 201
    merge_id = response.json()["id"]
    assert response.json()["moved_case_ids"] == [gomel_case.pk]
    again = client.post("/api/people/merges/", {"survivor_id": minsk_case.person_id,
                                                "merged_id": gomel_case.person_id},
                        format="json")  # fmt: skip
    assert again.status_code == 409
    assert client.post(f"/api/people/merges/{merge_id}/unmerge/").status_code == 200
    assert client.post(f"/api/people/merges/{merge_id}/unmerge/").status_code == 409
    missing = client.post("/api/people/merges/", {"survivor_id": minsk_case.person_id,
                                                  "merged_id": 999999}, format="json")  # fmt: skip
    assert missing.status_code == 404


def test_the_scan_command_runs_as_the_system(minsk_case, gomel_case):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "2 persons checked, 1 suspected pairs" in out.getvalue()
    event = AuditEvent.objects.get(action="person.duplicate_scan")
    assert event.actor_user_id is None

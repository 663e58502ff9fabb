"""The national scan in one pass (people/batch.py): the same pairs as a check per person would
find, with a number of queries that does not grow with the persons."""

from __future__ import annotations

import pytest
from bench import duplicates

from palermo.accounts.models import Agency
from palermo.people.batch import candidate_pairs, scan_pairs
from palermo.people.matching import Identity, find_matches
from palermo.people.models import Person
from palermo.people.services import create_person

# Kinds of duplicate the stored keys meet (see batch.py for what only a single check finds).
BLOCKED_KINDS = {k for k in duplicates.VARIANT_KINDS if k not in {"combined", "dob_missing"}}


@pytest.fixture
def labelled(db):
    """300 persons and 60 stored duplicates of them, one variant each: (duplicate, original)."""
    queries, _seconds = duplicates.build(persons=300, duplicates=60, lookalikes=0, seed=11)
    agency = Agency.objects.get(name="Benchmark agency")
    return [
        (create_person(data=q.query, registered_by=agency).pk, q.truth, q.kind) for q in queries
    ]


def test_the_scan_finds_the_duplicates_a_check_per_person_finds(labelled):
    _checked, pairs = scan_pairs()
    found = {(p.person_a, p.person_b) for p in pairs}
    missed = []
    for duplicate, original, kind in labelled:
        pair = tuple(sorted((duplicate, original)))
        person = Person.objects.get(pk=duplicate)
        single = {m.person_id for m in find_matches(Identity.of(person), exclude=[duplicate])}
        if original in single and kind in BLOCKED_KINDS and pair not in found:
            missed.append(kind)
    assert missed == []
    assert len([1 for d, o, _k in labelled if tuple(sorted((d, o))) in found]) >= 45


def test_the_scan_asks_a_few_queries_not_one_per_person(labelled, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        checked, _pairs = scan_pairs()
    assert checked == Person.objects.count() == 360


def test_a_key_borne_by_many_persons_is_left_out_of_the_blocking(labelled):
    assert len(candidate_pairs(cap=2)) < len(candidate_pairs(cap=50))

"""The national duplicate scan in one pass: blocking on the stored match keys, in SQL.

Checking every person as a new registration would ask the database once per person and compute
some 850 key forms each time. The scan instead joins the stored keys with themselves: two persons
are a candidate pair when they share a key, and only those pairs are decrypted and scored (with
the same ``matching.score`` as a single check). A key that more than ``COMMON_KEY_CAP`` persons
share (the initials of a very common name with a common birthday, say) says nothing about who is
who and would make the pairs grow with the square of its bearers: it is left out of the blocking.

What it misses compared with a check per person: the check also looks for the names swapped and
the date of birth shifted together; the stored keys meet swapped names only with the same date of
birth (``name_dob`` keys do not depend on the order).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection

from palermo.people.matching import DEFAULT_THRESHOLD, Identity, exact_name_keys, score
from palermo.people.models import Person, PersonMatchKey

COMMON_KEY_CAP = 50
CHUNK = 500  # persons decrypted per query


@dataclass(frozen=True)
class Pair:
    person_a: int
    person_b: int
    score: float
    reasons: tuple[str, ...]


def candidate_pairs(cap: int = COMMON_KEY_CAP) -> list[tuple[int, int]]:
    """Every pair of persons (a < b) sharing at least one stored match key borne by at most
    ``cap`` persons: one query, whatever the number of persons."""
    table = PersonMatchKey._meta.db_table
    # Raw SQL: the ORM cannot join a table with itself on a non-foreign-key column.
    sql = f"""
        SELECT DISTINCT a.person_id, b.person_id
        FROM {table} a
        JOIN {table} b ON a.key = b.key AND a.person_id < b.person_id
        WHERE a.key IN (
            SELECT key FROM {table} GROUP BY key HAVING COUNT(*) BETWEEN 2 AND %s
        )
    """  # noqa: S608 (the table name comes from the model, the cap is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [cap])
        return [(int(a), int(b)) for a, b in cursor.fetchall()]


def _identities(ids: Iterable[int]) -> dict[int, Identity]:
    """The comparable identity of each live person, decrypted once, in chunks."""
    wanted = sorted(set(ids))
    found: dict[int, Identity] = {}
    fields = (
        "id", "family_name", "given_name", "patronymic", "family_name_latin",
        "given_name_latin", "date_of_birth", "gender",
    )  # fmt: skip
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for person in Person.objects.filter(pk__in=chunk, merged_into__isnull=True).only(*fields):
            found[person.pk] = Identity.of(person)
    return found


def _name_frequencies(identities: dict[int, Identity]) -> dict[int, int]:
    """How many persons bear each person's name (as ``matching.name_frequency``), with one query
    per chunk of keys rather than one per person."""
    keys_of = {pk: exact_name_keys(identity) for pk, identity in identities.items()}
    every_key = sorted({key for keys in keys_of.values() for key in keys})
    bearers: dict[str, set[int]] = {}
    for start in range(0, len(every_key), CHUNK):
        rows = PersonMatchKey.objects.filter(key__in=every_key[start : start + CHUNK]).values_list(
            "key", "person_id"
        )
        for key, person_id in rows:
            bearers.setdefault(key, set()).add(person_id)
    return {
        pk: len(set().union(*(bearers.get(key, set()) for key in keys))) if keys else 0
        for pk, keys in keys_of.items()
    }


def scan_pairs(
    *, threshold: float = DEFAULT_THRESHOLD, cap: int = COMMON_KEY_CAP
) -> tuple[int, list[Pair]]:
    """(live persons scanned, the pairs scoring at least ``threshold``, best first)."""
    live = Person.objects.filter(merged_into__isnull=True).count()
    pairs = candidate_pairs(cap)
    identities = _identities(pk for pair in pairs for pk in pair)
    frequencies = _name_frequencies(identities)
    found = list(_scored(pairs, identities, frequencies, threshold))
    found.sort(key=lambda p: (-p.score, p.person_a, p.person_b))
    return live, found


def _scored(
    pairs: list[tuple[int, int]],
    identities: dict[int, Identity],
    frequencies: dict[int, int],
    threshold: float,
) -> Iterator[Pair]:
    for a, b in pairs:
        first, second = identities.get(a), identities.get(b)
        if first is None or second is None or first.is_empty or second.is_empty:
            continue  # merged away meanwhile, or nothing to compare
        # Both directions, as a check of either against the other would: the better one counts.
        forward = score(first, second, name_frequency=frequencies.get(a, 1))
        backward = score(second, first, name_frequency=frequencies.get(b, 1))
        best = forward if forward.score >= backward.score else backward
        if best.score >= threshold:
            yield Pair(a, b, best.score, best.reasons)

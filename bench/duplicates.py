"""Duplicate detection benchmark: `./run bench duplicates [--persons N] [--record]`.

Builds, from a seed, a labelled synthetic set on a fresh database (a temporary SQLite file
unless PALERMO_DATABASE_URL is set):

* N base persons drawn like the demo generator draws them (palermo.demo.generator, names from
  palermo.demo.population: long-tail name frequencies), stored through people.services.create_person (encryption, blind indexes,
  match keys) in bulk transactions;
* known true duplicates of some of them, each made with one realistic variant: the Belarusian
  or Russian form of the names, another transliteration system (passport/ICAO, BGN/PCGN, the
  Belarusian national system with diacritics), one or two typos, swapped names, date of birth
  off by a day, by a year, with day and month swapped, or missing, and combinations;
* look-alikes that are other people: the same common family name with another given name and
  date of birth, namesakes born years apart, siblings.

Each duplicate and look-alike is checked as a new registration would be; the report gives
precision and recall at the default threshold, a small threshold table, recall per variant
kind, and the time of one check (median and p95).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

THRESHOLDS = [0.6, 0.7, 0.75, 0.78, 0.8, 0.85, 0.9]

_RU_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i", "ў": "u",
}  # fmt: skip
_BGN_PCGN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "е": "ye", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "і": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ў": "w", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ы": "y", "ь": "'", "э": "e", "ю": "yu", "я": "ya", "'": "",
}  # fmt: skip
_NATIONAL_2007 = {
    "а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "е": "ie", "ё": "io", "ж": "ž", "з": "z",
    "и": "i", "і": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch", "ц": "c", "ч": "č",
    "ш": "š", "щ": "šč", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "'": "",
}  # fmt: skip
SYSTEMS = {"icao": _RU_ICAO, "bgn_pcgn": _BGN_PCGN, "national_2007": _NATIONAL_2007}
CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшыэюяіў"

VARIANT_KINDS = [
    "other_language_form",
    "other_transliteration",
    "typo_one",
    "typo_two",
    "names_swapped",
    "dob_one_day",
    "dob_day_month_swapped",
    "dob_one_year",
    "dob_missing",
    "combined",
]
LOOKALIKE_KINDS = ["same_family_other_person", "namesake_other_dob", "sibling"]


def transliterate(text: str, system: str) -> str:
    table = SYSTEMS[system]
    out = []
    for i, char in enumerate(text):
        low = char.lower()
        latin = table.get(low, low)
        if system == "bgn_pcgn" and low == "е" and (i == 0 or text[i - 1].lower() in "аеёіоуыэюяў"):
            latin = "ye"
        elif system == "bgn_pcgn" and low == "е":
            latin = "e" if i else "ye"
        out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def _setup(database_url: str | None) -> None:
    tmp = tempfile.mkdtemp(prefix="palermo-bench-")
    os.environ.setdefault("PALERMO_ENV", "test")
    os.environ["PALERMO_DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _memory_gib() -> str:
    try:
        with open("/proc/meminfo") as fh:
            kib = int(fh.readline().split()[1])
    except (OSError, ValueError, IndexError):
        return "memory unknown"
    return f"{kib / 1024 / 1024:.0f} GiB"


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct))]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))  # first letters are rarely mistyped
    op = rng.choice(["substitute", "delete", "insert", "transpose"])
    letter = rng.choice(CYRILLIC_LETTERS)
    if word[i].isupper():
        letter = letter.upper()
    if op == "substitute":
        return word[:i] + letter + word[i + 1 :]
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "insert":
        return word[:i] + letter + word[i:]
    if i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + letter


@dataclass
class Labelled:
    kind: str
    query: Any  # a PersonInput
    truth: int | None  # the person it duplicates, or None for a look-alike


def _other_form(person: Any, rng: random.Random) -> Any:
    """The same person written in the other language (Belarusian <-> Russian), passport Latin."""
    from palermo.demo import names, population

    female = person.gender == "female"
    pairs = [
        (names.BELARUSIAN_FEMALE_GIVEN, names.RUSSIAN_FEMALE_GIVEN),
        (names.BELARUSIAN_MALE_GIVEN, names.RUSSIAN_MALE_GIVEN),
    ]
    by_list, ru_list = pairs[0] if female else pairs[1]
    given, given_latin = person.given_name, person.given_name_latin
    for by, ru in zip(by_list, ru_list, strict=True):
        if person.given_name == by[0] and by[0] != "Янка" and ru[0] not in ("Евгений",):
            given, given_latin = ru
        elif person.given_name == ru[0] and ru[0] not in ("Иван", "Евгений"):
            given, given_latin = by
    family, family_latin = person.family_name, person.family_name_latin
    counterpart = population.other_language_form(person.family_name)
    if counterpart is not None:
        family, family_latin = counterpart
    keep_latin = rng.random() < 0.5
    return replace(
        person,
        family_name=family,
        given_name=given,
        family_name_latin=family_latin if keep_latin else "",
        given_name_latin=given_latin if keep_latin else "",
    )


def _variant(kind: str, person: Any, rng: random.Random) -> Any:
    no_latin = {"family_name_latin": "", "given_name_latin": ""}
    dob = person.date_of_birth
    if kind == "other_language_form":
        return _other_form(person, rng)
    if kind == "other_transliteration":
        system = rng.choice(list(SYSTEMS))
        return replace(
            person,
            family_name="",
            given_name="",
            patronymic="",
            family_name_latin=transliterate(person.family_name, system),
            given_name_latin=transliterate(person.given_name, system),
        )
    if kind in ("typo_one", "typo_two"):
        family, given = person.family_name, person.given_name
        for _ in range(1 if kind == "typo_one" else 2):
            if rng.random() < 0.5:
                family = _typo(rng, family)
            else:
                given = _typo(rng, given)
        return replace(person, family_name=family, given_name=given, **no_latin)
    if kind == "names_swapped":
        return replace(
            person,
            family_name=person.given_name,
            given_name=person.family_name,
            family_name_latin=person.given_name_latin,
            given_name_latin=person.family_name_latin,
        )
    if kind == "dob_one_day" and dob:
        return replace(person, date_of_birth=dob + timedelta(days=rng.choice([-1, 1])))
    if kind == "dob_day_month_swapped" and dob:
        if dob.day <= 12 and dob.day != dob.month:
            return replace(person, date_of_birth=dob.replace(month=dob.day, day=dob.month))
        return replace(person, date_of_birth=dob + timedelta(days=1))
    if kind == "dob_one_year" and dob:
        year = dob.year + rng.choice([-1, 1])
        try:
            return replace(person, date_of_birth=dob.replace(year=year))
        except ValueError:  # 29 February
            return replace(person, date_of_birth=dob.replace(year=year, day=28))
    if kind == "dob_missing":
        return replace(person, date_of_birth=None)
    if kind == "combined":
        other = _other_form(person, rng)
        other = replace(other, family_name=_typo(rng, other.family_name), **no_latin)
        if dob:
            other = replace(other, date_of_birth=dob + timedelta(days=rng.choice([-1, 1])))
        return other
    return replace(person, **no_latin)


def _lookalike(kind: str, person: Any, rng: random.Random, draw: Any) -> Any:
    other, _minor = draw()
    dob = person.date_of_birth or date(1995, 6, 15)
    far = dob + timedelta(days=rng.choice([-1, 1]) * rng.randint(3 * 365, 15 * 365))
    if kind == "same_family_other_person":
        # Another given name of the same sex and a different birth date.
        given, given_latin = other.given_name, other.given_name_latin
        if given == person.given_name:
            given, given_latin = "Ганна", "Hanna"
        return replace(
            person,
            given_name=given,
            given_name_latin=given_latin,
            patronymic=other.patronymic,
            date_of_birth=far,
        )
    if kind == "namesake_other_dob":
        return replace(person, patronymic=other.patronymic, date_of_birth=far)
    # A sibling: same family name and patronymic, another given name, born a few years apart.
    sibling_dob = dob + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 3000))
    return replace(
        person,
        given_name=other.given_name,
        given_name_latin=other.given_name_latin,
        gender=other.gender,
        date_of_birth=sibling_dob,
    )


def build(
    *, persons: int, duplicates: int, lookalikes: int, seed: int
) -> tuple[list[Labelled], float]:
    """Stores the base persons; returns the labelled queries and seconds spent storing."""
    from django.db import transaction

    from palermo.accounts.models import Agency
    from palermo.demo.generator import _person
    from palermo.people.services import create_person

    rng = random.Random(seed)
    today = date(2026, 11, 1)
    agency = Agency.objects.create(name="Benchmark agency", kind="ngo", region="BY-HM")

    def draw() -> Any:
        return _person(rng, today - timedelta(days=rng.randint(0, 3 * 365)))

    base: list[tuple[int, Any]] = []
    start = time.perf_counter()
    batch = 1000
    while len(base) < persons:
        with transaction.atomic():
            for _ in range(min(batch, persons - len(base))):
                data, _minor = draw()
                created = create_person(data=data, registered_by=agency)
                base.append((created.pk, data))
        if len(base) % 10000 == 0 or len(base) == persons:
            print(f"  stored {len(base)}/{persons}", file=sys.stderr)
    stored = time.perf_counter() - start
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (it may be off on a development server): without
        # statistics the planner scans the whole key table instead of using its index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_personmatchkey")
            cursor.execute("ANALYZE people_person")

    queries: list[Labelled] = []
    originals = rng.sample(base, min(duplicates, len(base)))
    for i, (pk, data) in enumerate(originals):
        kind = VARIANT_KINDS[i % len(VARIANT_KINDS)]
        queries.append(Labelled(kind, _variant(kind, data, rng).cleaned(), pk))
    for i, (_pk, data) in enumerate(rng.sample(base, min(lookalikes, len(base)))):
        kind = LOOKALIKE_KINDS[i % len(LOOKALIKE_KINDS)]
        queries.append(Labelled(kind, _lookalike(kind, data, rng, draw).cleaned(), None))
    return queries, stored


def evaluate(
    queries: list[Labelled],
) -> tuple[dict[float, tuple[int, int, int]], dict[str, list[int]], dict[str, int]]:
    """For each threshold: (true positives, false positives, duplicates found); recall by kind;
    false matches at the default threshold by kind of query."""
    from palermo.people.matching import Identity, find_matches

    low = min(THRESHOLDS)
    table = {t: [0, 0, 0] for t in THRESHOLDS}
    by_kind: dict[str, list[int]] = {}
    false_by_kind: dict[str, int] = {"(of which one side has no date of birth)": 0}
    from palermo.people.matching import DEFAULT_THRESHOLD

    for item in queries:
        matches = find_matches(Identity.of(item.query), threshold=low)
        for t in THRESHOLDS:
            above = [m for m in matches if m.score >= t]
            tp = sum(1 for m in above if m.person_id == item.truth)
            table[t][0] += tp
            table[t][1] += len(above) - tp
            table[t][2] += tp > 0
        wrong = [m for m in matches if m.score >= DEFAULT_THRESHOLD and m.person_id != item.truth]
        false_by_kind[item.kind] = false_by_kind.get(item.kind, 0) + len(wrong)
        false_by_kind["(of which one side has no date of birth)"] += sum(
            1 for m in wrong if "dob_missing" in m.reasons
        )
        if item.truth is not None:
            found = any(m.person_id == item.truth and m.score >= DEFAULT_THRESHOLD for m in matches)
            stats = by_kind.setdefault(item.kind, [0, 0])
            stats[0] += found
            stats[1] += 1
        else:
            stats = by_kind.setdefault(f"look-alike: {item.kind}", [0, 0])
            stats[0] += any(m.score >= DEFAULT_THRESHOLD for m in matches)
            stats[1] += 1
    return {t: (v[0], v[1], v[2]) for t, v in table.items()}, by_kind, false_by_kind


def time_checks(queries: list[Labelled], checks: int, seed: int) -> tuple[list[float], list[float]]:
    """Milliseconds of find_matches, and of the whole audited check (disclosure rule included)."""
    from palermo.accounts.actor import actor_for_membership
    from palermo.demo.personas import ensure_personas
    from palermo.people.matching import Identity, find_matches
    from palermo.people.services import do_check_duplicates

    actor = actor_for_membership(ensure_personas()["caseworker_gomel"])
    sample = random.Random(seed).sample(queries, min(checks, len(queries)))
    matcher, service = [], []
    for item in sample:
        t0 = time.perf_counter()
        find_matches(Identity.of(item.query))
        matcher.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        do_check_duplicates(actor=actor, data=item.query)
        service.append((time.perf_counter() - t0) * 1000)
    return matcher, service


def run(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Runs the benchmark (Django must be set up and migrated) and returns (measure, value) rows."""
    args = _parser().parse_args(argv or [])
    from palermo.people.matching import DEFAULT_THRESHOLD
    from palermo.people.models import PersonMatchKey

    queries, stored = build(
        persons=args.persons, duplicates=args.duplicates, lookalikes=args.lookalikes, seed=args.seed
    )
    dups = sum(1 for q in queries if q.truth is not None)
    others = len(queries) - dups
    table, by_kind, false_by_kind = evaluate(queries)
    matcher, service = time_checks(queries, args.checks, args.seed)

    results: list[tuple[str, str]] = [
        ("persons stored", f"{args.persons}"),
        (
            "storing, mean per person (encryption, name and match keys)",
            f"{stored / args.persons * 1000:.2f} ms",
        ),
        ("match keys per person", f"{PersonMatchKey.objects.count() / args.persons:.1f}"),
        ("labelled checks: true duplicates / look-alikes", f"{dups} / {others}"),
    ]
    for t in THRESHOLDS:
        tp, fp, found = table[t]
        precision = tp / (tp + fp) if tp + fp else 1.0
        marker = " (default)" if t == DEFAULT_THRESHOLD else ""
        results.append(
            (
                f"threshold {t:.2f}{marker}: precision / recall",
                f"{precision:.3f} / {found / dups if dups else 0:.3f} ({fp} false matches)",
            )
        )
    for kind, (hit, total) in by_kind.items():
        label = "flagged" if kind.startswith("look-alike") else "found"
        results.append((f"{kind}: {label} at the default threshold", f"{hit}/{total}"))
    no_dob = false_by_kind.pop("(of which one side has no date of birth)")
    fp_total = table[DEFAULT_THRESHOLD][1] if DEFAULT_THRESHOLD in table else 0
    results.append(
        (
            "false matches at the default threshold where one side has no date of birth",
            f"{no_dob} of {fp_total}",
        )
    )
    results.append(
        (
            "false matches at the default threshold, by kind of check",
            ", ".join(f"{k} {n}" for k, n in sorted(false_by_kind.items()) if n) or "none",
        )
    )
    results.append(
        (
            "one check, matcher only: median / p95",
            f"{statistics.median(matcher):.1f} / {_percentile(matcher, 0.95):.1f} ms",
        )
    )
    results.append(
        (
            "one check, audited service with disclosure: median / p95",
            f"{statistics.median(service):.1f} / {_percentile(service, 0.95):.1f} ms",
        )
    )
    results.extend(time_national_scan())
    return results


def time_national_scan(sample: int = 200) -> list[tuple[str, str]]:
    """The national scan in one pass (people/batch.py) against a check per person, the latter
    timed on ``sample`` persons and extrapolated to all."""
    from palermo.people.batch import scan_pairs
    from palermo.people.matching import Identity, find_matches
    from palermo.people.models import Person

    start = time.perf_counter()
    checked, pairs = scan_pairs()
    one_pass = time.perf_counter() - start
    persons = list(Person.objects.order_by("pk")[:sample])
    start = time.perf_counter()
    for person in persons:
        find_matches(Identity.of(person), exclude=[person.pk])
    per_person = (time.perf_counter() - start) / max(1, len(persons))
    extrapolated = per_person * checked
    return [
        (
            "national scan in one pass: persons, pairs found, seconds",
            f"{checked}, {len(pairs)}, {one_pass:.1f} s",
        ),
        (
            f"check per person (timed on {len(persons)}, extrapolated), seconds",
            f"{extrapolated:.1f} s",
        ),
        ("one pass vs a check per person (time ratio)", f"{extrapolated / one_pass:.1f}× faster"),
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./run bench duplicates")
    parser.add_argument("--persons", type=int, default=10000)
    parser.add_argument("--duplicates", type=int, default=1000, help="true duplicates to check")
    parser.add_argument("--lookalikes", type=int, default=600, help="look-alikes to check")
    parser.add_argument("--checks", type=int, default=200, help="checks to time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", action="store_true", help="append the results to BENCHMARKS.md")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    for name in ("persons", "duplicates", "lookalikes", "checks"):
        if getattr(args, name) < 1:
            print(f"--{name} must be at least 1", file=sys.stderr)
            return 2
    _setup(os.environ.get("PALERMO_DATABASE_URL"))
    from django.db import connection

    results = run([a for a in argv if a != "--record"])
    header = (
        f"### Duplicate detection — {date.today().isoformat()}, {connection.vendor}, "
        f"{os.cpu_count()} cores, {_memory_gib()}, Python {platform.python_version()}"
    )
    lines = [
        header,
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in results],
        "",
    ]
    print("\n".join(lines))
    if args.record:
        path = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
        text = path.read_text() if path.exists() else "# Benchmarks\n\n"
        if "## Duplicate detection" not in text:
            text += "\n## Duplicate detection\n\n"
        command = " ".join(["./run bench duplicates", *[a for a in argv if a != "--record"]])
        if connection.vendor != "sqlite":
            command = f"PALERMO_DATABASE_URL=<{connection.vendor}> {command}"
        path.write_text(text + f"\nCommand: `{command}`\n\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

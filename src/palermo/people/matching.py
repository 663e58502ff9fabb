"""Duplicate detection: is the person being registered already known somewhere in the country?

Names are encrypted, so the database cannot compare them. Matching works in two steps:

1. **Blocking in SQL.** Every person has *match keys* (``PersonMatchKey``): keyed blind indexes
   (HMAC, one purpose per kind of key) of

   * ``pair``: a folded family-name word with a folded given-name word, and the same with one
     letter deleted from either (so that a one-letter typo still shares a key: the symmetric
     deletion trick);
   * ``name_dob``: one folded name word with the date of birth;
   * ``initials_dob``: the two initials with the date of birth;
   * ``full_name``: family, given name and patronymic folded together, which ranks the right
     person first among many namesakes when the date of birth is missing.

   The "folded" form (``names.fold``) makes the Belarusian and Russian forms of a name and the
   transliteration systems meet (Вольга / Ольга / Volha / Olga). The check for a new person
   computes the same keys — with names swapped and with the date of birth shifted by a day, a
   year, and day and month swapped — and asks the database which persons share the most keys.

2. **Scoring in Python.** Only those few candidates are decrypted and compared: string
   similarity of the name skeletons and folded forms (Jaro-Winkler), the date of birth within a
   tolerance, sex. Each match comes with a score in [0, 1] and the reasons.

Nothing here checks who may see what: people/services.py audits the check and applies the
disclosure rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import JaroWinkler

from palermo.core.crypto import blind_index
from palermo.people.names import fold, skeleton, split_words

DEFAULT_THRESHOLD = 0.78
# Without a date of birth only the names speak; a name that this many persons share says nothing
# about which of them it is (Fellegi-Sunter: agreement on a common value is weak evidence).
COMMON_NAME = 5
CANDIDATE_LIMIT = 60  # persons decrypted and scored per check, ranked by shared keys
MIN_DELETION_LENGTH = 4  # folded forms shorter than this get no one-letter-deleted variants

_PURPOSE_PAIR = "person.match.pair"
_PURPOSE_NAME_DOB = "person.match.name_dob"
_PURPOSE_INITIALS_DOB = "person.match.initials_dob"
_PURPOSE_FULL_NAME = "person.match.full_name"

# Reason codes (stored by batch scans, shown translated). Never values.
REASONS: dict[str, str | Promise] = {
    "family_name_same": _("same family name"),
    "family_name_variant": _("family name in another form or transliteration"),
    "family_name_similar": _("similar family name (spelling differs)"),
    "given_name_same": _("same given name"),
    "given_name_variant": _("given name in another form or transliteration"),
    "given_name_similar": _("similar given name (spelling differs)"),
    "names_swapped": _("family and given names swapped"),
    "patronymic_same": _("same patronymic"),
    "patronymic_differs": _("different patronymic"),
    "dob_same": _("same date of birth"),
    "dob_day_month_swapped": _("date of birth with day and month swapped"),
    "dob_one_day_apart": _("dates of birth one day apart"),
    "dob_one_year_apart": _("years of birth one apart"),
    "dob_missing": _("date of birth missing on one side"),
    "common_name": _("a common name: without a date of birth it does not tell who"),
    "dob_differs": _("different date of birth"),
    "sex_same": _("same sex"),
    "sex_differs": _("different sex"),
}


def reason_labels(codes: Iterable[str]) -> list[str]:
    return [str(REASONS.get(code, code)) for code in codes]


# --- what is compared ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    skeleton: str
    folded: str

    @classmethod
    def of(cls, word: str) -> Word:
        return cls(skeleton=skeleton(word), folded=fold(word))


def _words(*names: str) -> tuple[Word, ...]:
    seen: dict[tuple[str, str], Word] = {}
    for raw in split_words(*names):
        word = Word.of(raw)
        if word.folded:
            seen.setdefault((word.skeleton, word.folded), word)
    return tuple(seen.values())


@dataclass(frozen=True)
class Identity:
    """The comparable part of a person: name words in every script given, date of birth, sex."""

    family: tuple[Word, ...]
    given: tuple[Word, ...]
    patronymic: tuple[Word, ...]
    date_of_birth: datetime.date | None
    gender: str

    @classmethod
    def build(
        cls,
        *,
        family_name: str = "",
        given_name: str = "",
        patronymic: str = "",
        family_name_latin: str = "",
        given_name_latin: str = "",
        date_of_birth: datetime.date | None = None,
        gender: str = "",
    ) -> Identity:
        return cls(
            family=_words(family_name, family_name_latin),
            given=_words(given_name, given_name_latin),
            patronymic=_words(patronymic),
            date_of_birth=date_of_birth,
            gender=gender or "",
        )

    @classmethod
    def of(cls, source: Any) -> Identity:
        """From a Person or a PersonInput (both have the same attribute names)."""
        return cls.build(
            family_name=source.family_name or "",
            given_name=source.given_name or "",
            patronymic=source.patronymic or "",
            family_name_latin=source.family_name_latin or "",
            given_name_latin=source.given_name_latin or "",
            date_of_birth=source.date_of_birth,
            gender=source.gender or "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.family or self.given)


# --- blocking keys ------------------------------------------------------------------------------


def _deletions(text: str) -> set[str]:
    if len(text) < MIN_DELETION_LENGTH:
        return {text}
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


def _folds(words: Sequence[Word]) -> set[str]:
    return {w.folded for w in words}


def _pair_values(family: set[str], given: set[str]) -> set[str]:
    values: set[str] = set()
    for f in family:
        for g in given:
            values.update(f"{f}|{x}" for x in _deletions(g))
            values.update(f"{x}|{g}" for x in _deletions(f))
    return values


def _full_name_values(family: set[str], given: set[str], patronymic: Sequence[Word]) -> set[str]:
    return {f"{f}|{g}|{p.folded}" for f in family for g in given for p in patronymic}


def _initials(words: Sequence[Word]) -> set[str]:
    # Of the folded form and of the skeleton: a typo rarely hits the first letter, but the
    # folding may change it (Екатерина / Кацярына).
    return {w.folded[0] for w in words if w.folded} | {w.skeleton[0] for w in words if w.skeleton}


def _dob_values(
    family: set[str], given: set[str], initials: tuple[set[str], set[str]], dob: datetime.date
) -> tuple[set[str], set[str]]:
    iso = dob.isoformat()
    name_dob = {f"{n}|{iso}" for n in family | given}
    pairs = {f"{iso}|{''.join(sorted(f + g))}" for f in initials[0] for g in initials[1]}
    return name_dob, pairs


def _hashed(purpose: str, values: Iterable[str]) -> set[str]:
    return {blind_index(v, purpose=purpose) for v in values}


def stored_keys(identity: Identity) -> set[str]:
    """The match keys stored for a person."""
    family, given = _folds(identity.family), _folds(identity.given)
    if not family or not given:
        # A single name: the only word is paired with the empty string.
        family, given = (family or {""}), (given or {""})
    keys = _hashed(_PURPOSE_PAIR, _pair_values(family, given))
    keys |= _hashed(_PURPOSE_FULL_NAME, _full_name_values(family, given, identity.patronymic))
    if identity.date_of_birth is not None:
        letters = (_initials(identity.family), _initials(identity.given))
        name_dob, initials = _dob_values(
            family - {""}, given - {""}, letters, identity.date_of_birth
        )
        keys |= _hashed(_PURPOSE_NAME_DOB, name_dob)
        keys |= _hashed(_PURPOSE_INITIALS_DOB, initials)
    return keys


def dob_variants(dob: datetime.date) -> list[datetime.date]:
    """The dates of birth that count as "the same, give or take a mistake"."""
    variants = [dob, dob - datetime.timedelta(days=1), dob + datetime.timedelta(days=1)]
    for years in (-1, 1):
        try:
            variants.append(dob.replace(year=dob.year + years))
        except ValueError:  # 29 February
            variants.append(dob.replace(year=dob.year + years, day=28))
    if dob.day <= 12 and dob.day != dob.month:
        variants.append(dob.replace(month=dob.day, day=dob.month))
    return variants


def query_keys(identity: Identity) -> set[str]:
    """The keys to look for when checking a new person: both name orders, every DOB variant."""
    family, given = _folds(identity.family), _folds(identity.given)
    if not family or not given:
        family, given = (family or {""}), (given or {""})
    pairs = _pair_values(family, given) | _pair_values(given, family)
    keys = _hashed(_PURPOSE_PAIR, pairs)
    full = _full_name_values(family, given, identity.patronymic)
    keys |= _hashed(
        _PURPOSE_FULL_NAME, full | _full_name_values(given, family, identity.patronymic)
    )
    if identity.date_of_birth is not None:
        named_f, named_g = family - {""}, given - {""}
        letters = (_initials(identity.family), _initials(identity.given))
        for dob in dob_variants(identity.date_of_birth):
            name_dob, initials = _dob_values(named_f, named_g, letters, dob)
            keys |= _hashed(_PURPOSE_NAME_DOB, name_dob)
            keys |= _hashed(_PURPOSE_INITIALS_DOB, initials)
    return keys


def candidate_ids(
    identity: Identity, *, exclude: Iterable[int] = (), limit: int = CANDIDATE_LIMIT
) -> list[int]:
    """The persons sharing the most match keys with ``identity`` (best first), from SQL alone."""
    from palermo.people.models import PersonMatchKey

    keys = query_keys(identity)
    if not keys:
        return []
    rows = (
        PersonMatchKey.objects.filter(key__in=keys)
        .exclude(person_id__in=list(exclude))
        .values("person_id")
        .annotate(shared=Count("person_id"))
        .order_by("-shared", "person_id")[:limit]
    )
    return [row["person_id"] for row in rows]


def exact_name_keys(identity: Identity) -> set[str]:
    """The ``pair`` keys of the family and given name as written (either order, any form)."""
    family, given = _folds(identity.family), _folds(identity.given)
    if not family or not given:
        family, given = (family or {""}), (given or {""})
    exact = {f"{f}|{g}" for f in family for g in given} | {
        f"{g}|{f}" for f in family for g in given
    }
    return _hashed(_PURPOSE_PAIR, exact)


def name_frequency(identity: Identity) -> int:
    """How many persons bear this family and given name (any order, any form): from SQL alone."""
    from palermo.people.models import PersonMatchKey

    return (
        PersonMatchKey.objects.filter(key__in=exact_name_keys(identity))
        .values("person_id")
        .distinct()
        .count()
    )


# --- scoring ------------------------------------------------------------------------------------


def _word_similarity(a: Word, b: Word) -> tuple[float, str]:
    """Similarity of two name words in [0, 1] and how they are alike."""
    if a.skeleton == b.skeleton:
        return 1.0, "same"
    if a.folded == b.folded:
        return 1.0, "variant"
    plain = JaroWinkler.normalized_similarity(a.skeleton, b.skeleton)
    folded = JaroWinkler.normalized_similarity(a.folded, b.folded)
    return max(plain, 0.97 * folded), "similar"


def _best(words_a: Sequence[Word], words_b: Sequence[Word]) -> tuple[float, str] | None:
    if not words_a or not words_b:
        return None
    return max((_word_similarity(a, b) for a in words_a for b in words_b), key=lambda t: t[0])


def _strength(similarity: float) -> float:
    """Jaro-Winkler rates unrelated names 0.5-0.7: only what is above that counts."""
    return max(0.0, (similarity - 0.7) / 0.3)


@dataclass
class _NameScore:
    value: float
    reasons: list[str] = field(default_factory=list)


def _names(
    q_family: Sequence[Word],
    q_given: Sequence[Word],
    c_family: Sequence[Word],
    c_given: Sequence[Word],
) -> _NameScore:
    family = _best(q_family, c_family)
    given = _best(q_given, c_given)
    parts = [p for p in (family, given) if p is not None]
    if not parts:
        return _NameScore(0.0)
    value = sum(_strength(s) for s, _kind in parts) / len(parts)
    if len(parts) == 1:
        value *= 0.8  # one name alone says less
    reasons = []
    if family is not None and _strength(family[0]) > 0:
        reasons.append(f"family_name_{family[1]}")
    if given is not None and _strength(given[0]) > 0:
        reasons.append(f"given_name_{given[1]}")
    return _NameScore(value, reasons)


def _dob(
    a: datetime.date | None, b: datetime.date | None, name_frequency: int = 1
) -> tuple[float, str]:
    if a is None or b is None:
        # Names alone cannot tell namesakes apart: a missing date counts for little, and for
        # nothing when more than COMMON_NAME persons share the name.
        return (0.3 if name_frequency <= COMMON_NAME else 0.0), "dob_missing"
    if a == b:
        return 1.0, "dob_same"
    if a.day <= 12 and (a.month, a.day, a.year) == (b.day, b.month, b.year):
        return 0.85, "dob_day_month_swapped"
    if abs((a - b).days) == 1:
        return 0.85, "dob_one_day_apart"
    if (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1:
        return 0.75, "dob_one_year_apart"
    return 0.0, "dob_differs"


@dataclass(frozen=True)
class Scored:
    score: float
    reasons: tuple[str, ...]


# Weights of the parts of the score; they add up to 1.
W_NAMES, W_DOB, W_SEX = 0.55, 0.35, 0.10


def score(query: Identity, candidate: Identity, *, name_frequency: int = 1) -> Scored:
    """How likely ``candidate`` is the same person as ``query``: a score in [0, 1] and why.

    ``name_frequency``: how many persons bear the query's name (``name_frequency()``).
    """
    direct = _names(query.family, query.given, candidate.family, candidate.given)
    swapped = _names(query.given, query.family, candidate.family, candidate.given)
    swapped.value *= 0.97
    names = direct
    if swapped.value > direct.value:
        names = swapped
        names.reasons = [*names.reasons, "names_swapped"]
    reasons = list(names.reasons)
    patronymic = _best(query.patronymic, candidate.patronymic)
    adjust = 0.0
    if patronymic is not None:
        if patronymic[0] >= 0.9:
            adjust += 0.05
            reasons.append("patronymic_same")
        elif _strength(patronymic[0]) < 0.34:
            adjust -= 0.1
            reasons.append("patronymic_differs")
    dob_value, dob_reason = _dob(query.date_of_birth, candidate.date_of_birth, name_frequency)
    reasons.append(dob_reason)
    if dob_reason == "dob_missing" and name_frequency > COMMON_NAME:
        reasons.append("common_name")
    unknown = {"", "unknown"}
    if query.gender in unknown or candidate.gender in unknown:
        sex_value = 0.5
    elif query.gender == candidate.gender:
        sex_value = 1.0
        reasons.append("sex_same")
    else:
        sex_value = 0.0
        reasons.append("sex_differs")
    total = W_NAMES * names.value + W_DOB * dob_value + W_SEX * sex_value + adjust
    return Scored(score=round(max(0.0, min(1.0, total)), 3), reasons=tuple(reasons))


@dataclass(frozen=True)
class Match:
    person_id: int
    score: float
    reasons: tuple[str, ...]


def find_matches(
    identity: Identity,
    *,
    exclude: Iterable[int] = (),
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = CANDIDATE_LIMIT,
) -> list[Match]:
    """Persons (not merged away) who may be ``identity``, best first, with score and reasons.

    Decrypts only the candidates that share blocking keys with ``identity``.
    """
    from palermo.people.models import Person

    if identity.is_empty:
        return []
    ids = candidate_ids(identity, exclude=exclude, limit=limit)
    if not ids:
        return []
    frequency = name_frequency(identity)
    candidates = Person.objects.filter(pk__in=ids, merged_into__isnull=True).only(
        "id",
        "family_name",
        "given_name",
        "patronymic",
        "family_name_latin",
        "given_name_latin",
        "date_of_birth",
        "gender",
    )
    matches = []
    for person in candidates:
        result = score(identity, Identity.of(person), name_frequency=frequency)
        if result.score >= threshold:
            matches.append(Match(person.pk, result.score, result.reasons))
    matches.sort(key=lambda m: (-m.score, m.person_id))
    return matches

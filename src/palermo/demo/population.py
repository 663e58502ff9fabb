"""Names as a real country's population bears them: a long tail of family names, given names
concentrated on a few hundred, patronymics from the fathers' given names.

Real surname frequencies follow a Zipf-Mandelbrot law: the most common Belarusian or Russian
family name is borne by well under 1 % of the people, and most names by a handful of families.
With the short lists of ``names.py`` every full name would have a hundred namesakes among
100,000 persons, which makes duplicate detection look harder than it is and its blocking keys
grow with the population; here namesakes are about as rare as in the country.

Family names are built from stems (common Slavic ones, then synthetic stems for the long tail)
and the suffixes of both languages, so each has a Belarusian and a Russian form of the same
name (Кавалёў / Ковалёв), in both scripts: Belarusian forms in the national transliteration of
Belarusian passports, Russian forms in ICAO 9303 as in Russian passports. Everything is
deterministic: the same draw for the same ``random.Random``.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from functools import cache

from palermo.demo import names

# Zipf-Mandelbrot p(rank) ~ 1 / (rank + offset) ** exponent: the offset flattens the head so that
# the commonest family name is ~0.4 % of the people, as in Belarus and Russia.
FAMILY_NAMES = 60000
FAMILY_OFFSET, FAMILY_EXPONENT = 30.0, 1.0
GIVEN_OFFSET, GIVEN_EXPONENT = 2.0, 1.1

# Stems of common family names (Russian spelling): trades, animals, birds, given names, places.
COMMON_STEMS = [
    "Иван",
    "Петр",
    "Сидор",
    "Кузнец",
    "Ковал",
    "Мельник",
    "Ткач",
    "Шевч",
    "Бондар",
    "Козл",
    "Волк",
    "Зайц",
    "Медвед",
    "Лебед",
    "Сокол",
    "Орл",
    "Ворон",
    "Журавл",
    "Мороз",
    "Новик",
    "Смирн",
    "Попов",
    "Павл",
    "Степан",
    "Никол",
    "Васил",
    "Федор",
    "Григор",
    "Андре",
    "Макар",
    "Тарас",
    "Денис",
    "Семен",
    "Яков",
    "Кирил",
    "Михал",
    "Алексе",
    "Антон",
    "Борис",
    "Гаврил",
    "Данил",
    "Егор",
    "Захар",
    "Игнат",
    "Клим",
    "Лукаш",
    "Марк",
    "Назар",
    "Остап",
    "Прох",
    "Родион",
    "Савел",
    "Тимоф",
    "Устин",
    "Филип",
    "Харит",
    "Юрк",
    "Яким",
    "Белоус",
    "Черн",
    "Бел",
    "Сер",
    "Рыж",
    "Русак",
    "Горб",
    "Кудр",
    "Лыс",
    "Толст",
    "Мал",
    "Велик",
    "Добр",
    "Худ",
    "Голуб",
    "Синиц",
    "Снегир",
    "Дрозд",
    "Галк",
    "Сорок",
    "Щеглов",
    "Кулик",
    "Бобр",
    "Барсук",
    "Лис",
    "Ёж",
    "Гусак",
    "Козак",
    "Казак",
    "Гончар",
    "Кравц",
    "Коваленк",
    "Пастух",
    "Рыбак",
    "Мазур",
    "Сух",
    "Давыд",
    "Абрам",
    "Богдан",
    "Василевск",
    "Карп",
    "Пашкев",
    "Радзев",
    "Шиман",
    "Жук",
    "Кот",
    "Бык",
    "Комар",
    "Муха",
    "Пчел",
    "Граб",
    "Дуб",
    "Клен",
    "Берез",
    "Лип",
    "Вишн",
    "Калин",
    "Малин",
    "Рябин",
    "Горох",
    "Капуст",
    "Репк",
    "Бурак",
    "Луков",
    "Чеснок",
    "Сало",
    "Мед",
    "Крупен",
    "Булк",
    "Калач",
    "Пирог",
    "Сыр",
    "Масл",
    "Сметан",
    "Молочк",
    "Квас",
    "Пив",
    "Брага",
    "Соловей",
    "Шпак",
    "Чиж",
    "Стриж",
]
# (Russian male, Russian female, Belarusian male, Belarusian female) endings.
SUFFIXES = (
    ("ов", "ова", "оў", "ова"),
    ("ев", "ева", "еў", "ева"),
    ("ин", "ина", "ін", "іна"),
    ("ский", "ская", "скі", "ская"),
    ("енко", "енко", "енка", "енка"),
    ("ук", "ук", "ук", "ук"),
    ("ич", "ич", "іч", "іч"),
    ("ович", "ович", "овіч", "овіч"),
    ("ик", "ик", "ік", "ік"),
    ("ёнок", "ёнок", "ёнак", "ёнак"),
)
_ONSETS = [
    "б",
    "в",
    "г",
    "д",
    "ж",
    "з",
    "к",
    "л",
    "м",
    "н",
    "п",
    "р",
    "с",
    "т",
    "ф",
    "х",
    "ц",
    "ч",
    "ш",
    "бр",
    "гр",
    "др",
    "кр",
    "пр",
    "тр",
    "вл",
    "гл",
    "кл",
    "пл",
    "сл",
    "шп",
    "ст",
    "ск",
]
_VOWELS = ["а", "о", "у", "е", "и", "ы", "я", "ю"]
_CODAS = ["", "", "", "н", "р", "л", "к", "ш", "ц", "ч", "с", "т", "д"]

_RU_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
_BY_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "ж": "zh", "з": "z", "і": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "",
    "э": "e", "'": "",
}  # fmt: skip
# Belarusian iotated vowels: "ya" at the start of a word or after a vowel, "ia" after a consonant.
# "е" after a consonant is plain "e", as in the demo lists (Мельнік → Melnik).
_BY_IOTATED = {"е": ("ye", "e"), "ё": ("yo", "io"), "ю": ("yu", "iu"), "я": ("ya", "ia")}
_VOWEL_LETTERS = set("аеёіоуыэюяў")


def russian_latin(text: str) -> str:
    """ICAO 9303 transliteration, as in Russian passports."""
    out = "".join(_RU_LATIN.get(c.lower(), c.lower()) for c in text)
    return out[:1].upper() + out[1:]


def belarusian_latin(text: str) -> str:
    """The transliteration of Belarusian passports (Шаўчэнка → Shauchenka, Кавалёва →
    Kavaliova)."""
    out = []
    for i, char in enumerate(text.lower()):
        if char in _BY_IOTATED:
            initial = i == 0 or text[i - 1].lower() in _VOWEL_LETTERS
            out.append(_BY_IOTATED[char][0 if initial else 1])
        else:
            out.append(_BY_LATIN.get(char, char))
    joined = "".join(out)
    return joined[:1].upper() + joined[1:]


def _belarusian_stem(stem: str) -> str:
    """A Russian-spelled stem in Belarusian spelling (the letters that differ)."""
    return stem.replace("щ", "шч").replace("и", "і").replace("ъ", "'").replace("И", "І")


@dataclass(frozen=True)
class FamilyName:
    russian_male: str
    russian_female: str
    belarusian_male: str
    belarusian_female: str

    def form(self, *, female: bool, belarusian: bool) -> tuple[str, str]:
        """(Cyrillic, passport Latin) of the name for that sex and language."""
        if belarusian:
            cyrillic = self.belarusian_female if female else self.belarusian_male
            return cyrillic, belarusian_latin(cyrillic)
        cyrillic = self.russian_female if female else self.russian_male
        return cyrillic, russian_latin(cyrillic)


def _synthetic_stems(rng: random.Random) -> list[str]:
    """Stems for the long tail: two or three syllables, capitalised."""
    stems: list[str] = []
    seen = set(COMMON_STEMS)
    while len(stems) * len(SUFFIXES) < FAMILY_NAMES:
        syllables = rng.choice((2, 2, 3))
        stem = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + (rng.choice(_CODAS) if k else "")
            for k in range(syllables)
        )
        stem = stem.capitalize()
        if stem not in seen:
            seen.add(stem)
            stems.append(stem)
    return stems


def _family(stem: str, suffix: tuple[str, str, str, str]) -> FamilyName:
    ru_m, ru_f, by_m, by_f = suffix
    if stem[-1] in _VOWEL_LETTERS | {"и", "ы"} and ru_m[:1] in _VOWEL_LETTERS | {"и", "ы"}:
        stem = stem[:-1]  # a vowel ending gives way to the suffix's vowel
    by_stem = _belarusian_stem(stem)
    return FamilyName(stem + ru_m, stem + ru_f, by_stem + by_m, by_stem + by_f)


@cache
def family_names() -> tuple[FamilyName, ...]:
    """Every family name, commonest first (its rank sets its frequency): the common stems in a
    fixed shuffled order, then the synthetic tail."""
    rng = random.Random(350)  # fixed: the list is part of the generator, not of a draw
    head = [_family(stem, suffix) for stem in COMMON_STEMS for suffix in SUFFIXES]
    tail = [_family(stem, suffix) for stem in _synthetic_stems(rng) for suffix in SUFFIXES]
    rng.shuffle(head)
    rng.shuffle(tail)
    return tuple((head + tail)[:FAMILY_NAMES])


def _cumulative(count: int, offset: float, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + offset) ** exponent for rank in range(count)))


@cache
def _family_weights() -> list[float]:
    return _cumulative(len(family_names()), FAMILY_OFFSET, FAMILY_EXPONENT)


@cache
def _given_weights(count: int) -> list[float]:
    return _cumulative(count, GIVEN_OFFSET, GIVEN_EXPONENT)


def _draw_rank(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


def family_share(rank: int) -> float:
    """The share of the population bearing the family name of this rank (for the docs/tests)."""
    weights = _family_weights()
    previous = weights[rank - 1] if rank else 0.0
    return (weights[rank] - previous) / weights[-1]


# Stems of patronymics that do not follow the spelling of the given name.
_PATRONYMIC_STEMS = {"Павел": "Павл", "Дмитрий": "Дмитри", "Евгений": "Евгень", "Юрий": "Юрь",
                     "Василий": "Василь", "Никита": "Никит", "Николай": "Николаев",
                     "Сергей": "Серге", "Андрей": "Андре"}  # fmt: skip


def patronymic(father: str, *, female: bool) -> str:
    """The Russian patronymic from a father's Russian given name (most documents use Russian)."""
    stem = _PATRONYMIC_STEMS.get(father)
    if stem is not None and father.endswith("а"):
        return stem + ("ична" if female else "ич")
    if stem is not None and stem.endswith("ев"):
        return stem + ("на" if female else "ич")
    if stem is not None and stem[-1] in "еиь":
        return stem + ("евна" if female else "евич")
    return (stem or father) + ("овна" if female else "ович")


@dataclass(frozen=True)
class DrawnName:
    family_name: str
    family_name_latin: str
    given_name: str
    given_name_latin: str
    patronymic: str


def draw_name(rng: random.Random, *, female: bool, belarusian: bool) -> DrawnName:
    """One person's names, drawn with the population's frequencies."""
    family = family_names()[_draw_rank(rng, _family_weights())]
    family_cyrillic, family_latin = family.form(female=female, belarusian=belarusian)
    if belarusian:
        given_list = names.BELARUSIAN_FEMALE_GIVEN if female else names.BELARUSIAN_MALE_GIVEN
    else:
        given_list = names.RUSSIAN_FEMALE_GIVEN if female else names.RUSSIAN_MALE_GIVEN
    given = given_list[_draw_rank(rng, _given_weights(len(given_list)))]
    fathers = names.RUSSIAN_MALE_GIVEN
    father = fathers[_draw_rank(rng, _given_weights(len(fathers)))][0]
    return DrawnName(
        family_name=family_cyrillic,
        family_name_latin=family_latin,
        given_name=given[0],
        given_name_latin=given[1],
        patronymic=patronymic(father, female=female),
    )


def other_language_form(family_name: str) -> tuple[str, str] | None:
    """The same family name in the other language, (Cyrillic, passport Latin), or None when the
    name is not one of the generator's (for the duplicate benchmark's variants)."""
    index = _family_index()
    found = index.get(family_name)
    if found is None:
        return None
    family, female, belarusian = found
    return family.form(female=female, belarusian=not belarusian)


@cache
def _family_index() -> dict[str, tuple[FamilyName, bool, bool]]:
    index: dict[str, tuple[FamilyName, bool, bool]] = {}
    for family in family_names():
        for female in (False, True):
            for belarusian in (False, True):
                cyrillic, _latin = family.form(female=female, belarusian=belarusian)
                index.setdefault(cyrillic, (family, female, belarusian))
    return index

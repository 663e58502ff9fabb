"""Name folding for look-ups of encrypted names.

Names are stored encrypted, so the database can only find them through keyed blind indexes of a
normalised form. The normal form must make "Иванова", "Ivanova" and "IVANOVA" meet, and the
Belarusian and Russian spellings of one name ("Шаўчэнка" / "Ševčenka" / "Shauchenka") come close.
It is a *skeleton*: lower case, Cyrillic transliterated, diacritics removed, and letter groups that
the transliteration systems (ICAO passport, BGN/PCGN, the national Belarusian one) write
differently collapsed into one letter.
"""

from __future__ import annotations

import re
import unicodedata

from palermo.core.crypto import blind_index

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "io", "є": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip

# Applied in order after transliteration and diacritic removal.
_SKELETON_RULES = [
    (re.compile(r"shch|sch"), "s"),
    (re.compile(r"ch|cz"), "c"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"zh"), "z"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ts|tz"), "c"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"io"), "e"),  # ё: Belarusian "io"/"yo", Russian passports "e"
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def transliterate(text: str) -> str:
    out = []
    for char in text.lower():
        out.append(_CYRILLIC_TO_LATIN.get(char, char))
    return "".join(out)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def skeleton(token: str) -> str:
    """The comparable form of one name token; '' if nothing letter-like is left."""
    text = strip_diacritics(transliterate(unicodedata.normalize("NFKC", token)))
    text = re.sub(r"[^a-z]", "", text)
    for pattern, replacement in _SKELETON_RULES:
        text = pattern.sub(replacement, text)
    return text


def tokens(*names: str) -> set[str]:
    """Skeletons of every word of the given names (hyphenated and double names split)."""
    result: set[str] = set()
    for name in names:
        for word in re.split(r"[\s\-]+", name or ""):
            folded = skeleton(word)
            if folded:
                result.add(folded)
    return result


def name_keys(*names: str) -> set[str]:
    """Blind-index keys for the name tokens: what the database stores and searches."""
    return {blind_index(token, purpose="person.name") for token in tokens(*names)}


# --- folding for duplicate detection ----------------------------------------------------------
#
# The skeleton makes spellings of *one* form of a name meet. Duplicate detection must also make
# the Belarusian and the Russian form of a name meet ("Вольга" / "Ольга", "Аляксандр" /
# "Александр", "Шаўчэнка" / "Шевченко", "Сцяпанаў" / "Степанов"). The *folded* form does it with
# a few regular correspondences, applied to the skeleton:
#
# * vowels: Belarusian writes unstressed "о" as "а" (аканне) and "е" as "я" (яканне); every run of
#   vowels becomes one "a", so only the consonant frame and the syllable count remain;
# * "в" / "ў": Russian "в" before a consonant or at the end of a word is Belarusian "ў" (a vowel
#   here), and a Belarusian word may start with "в" where the Russian one starts with "о"/"у";
# * "дз" / "д" and "ц" / "т" (дзеканне, цеканне); "ч" folds with "ц" in the skeleton already, so
#   it goes to "t" as well — the same on both sides, which is all a comparison key needs;
# * "г" is "h" in Belarusian Latin spellings and "g" in Russian ones; "х" ("kh") joins them.
#
# The folded form is a comparison key, not a spelling: "Иван" folds to "avan".

_FOLD_RULES = [
    (re.compile(r"^v(?=[ou])"), ""),  # Вольга / Ольга, Вуліца / Улица
    (re.compile(r"v(?=[^aeiou]|$)"), "u"),  # Шевченко / Шаўчэнка, Иванов / Іваноў
    (re.compile(r"dz"), "d"),  # Дзмітрый / Дмитрий
    (re.compile(r"c"), "t"),  # Сцяпан / Степан, Таццяна / Татьяна
    (re.compile(r"h"), "g"),  # Volha / Olga, Ihar / Igor
    (re.compile(r"[aeiou]+"), "a"),
    (re.compile(r"(.)\1+"), r"\1"),
    # A final vowel: Васіль / Василий, Аркадзь / Аркадий, Марозаў / Марозава.
    (re.compile(r"(?<=.)a$"), ""),
]

# Given names whose Belarusian and Russian forms differ by more than the regular
# correspondences (folded form -> folded form of the Russian name).
_FOLDED_EQUIVALENTS = {
    "gan": "an",  # Ганна / Анна
    "makal": "nakal",  # Мікалай / Николай
    "makat": "nakat",  # Мікіта / Никита
    "ank": "avan",  # Янка / Иван
    "gvadar": "fadar",  # Хведар / Фёдор
    "akataran": "kataran",  # Екатерина / Кацярына
}


def fold(token: str) -> str:
    """The Belarusian/Russian-neutral comparison form of one name token (see above)."""
    text = skeleton(token)
    for pattern, replacement in _FOLD_RULES:
        text = pattern.sub(replacement, text)
    return _FOLDED_EQUIVALENTS.get(text, text)


def split_words(*names: str) -> list[str]:
    """The words of the given names, in order, without empties (hyphens split double names)."""
    words: list[str] = []
    for name in names:
        words.extend(w for w in re.split(r"[\s\-]+", name or "") if skeleton(w))
    return words

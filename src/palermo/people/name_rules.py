"""What a person's name may contain, per field (validated in the service, so every channel —
form, API, import — refuses the same input with the same message).

A name is NFC-normalised text of letters, combining marks, spaces, hyphens and apostrophes.
The original-script fields accept the letters of any script (victims come from everywhere);
the Latin fields only Latin letters. Digits, punctuation, symbols (emoji), control and format
characters (zero-width spaces, right-to-left overrides) are refused: they hide a name from the
search and can disguise what a reader sees. Written here rather than taken from a library
because the rule is a few lines of ``unicodedata`` and no library states it per field.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

# Hyphens and apostrophes as people type them: O'Brien, O’Brien, Ne'matov (ʼ in Belarusian
# Latin and Uzbek), Anna-Maria.
SEPARATORS = frozenset(" -\u2010'\u2019\u02bc")
ORIGINAL_FIELDS = ("family_name", "given_name", "patronymic")
LATIN_FIELDS = ("family_name_latin", "given_name_latin")


def normalise_name(value: str) -> str:
    """NFC, with runs of white space made one space (the stored and compared form)."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _is_latin_letter(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN ")


def name_problem(value: str, *, latin: bool) -> str | None:
    """Why ``value`` is not an acceptable name for the field, or None."""
    for ch in value:
        if ch in SEPARATORS:
            continue
        category = unicodedata.category(ch)
        if category.startswith("M"):  # combining marks (accents written apart)
            continue
        if category.startswith("L"):
            if latin and not _is_latin_letter(ch):
                return _("Use Latin letters here; the original spelling goes in the field above.")
            continue
        if category.startswith("N"):
            return _("A name cannot contain digits.")
        if category in {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}:
            return _("A name cannot contain invisible or control characters.")
        return _(
            "A name can contain only letters, spaces, hyphens and apostrophes (not “%(char)s”)."
        ) % {"char": ch}
    return None


def name_errors(values: dict[str, str]) -> dict[str, list[str]]:
    """Problems of each name field given (field → value)."""
    errors: dict[str, list[str]] = {}
    for field, value in values.items():
        problem = name_problem(value, latin=field in LATIN_FIELDS) if value else None
        if problem:
            errors[field] = [problem]
    return errors

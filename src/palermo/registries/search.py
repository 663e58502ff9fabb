"""Case-insensitive search on names of organisations, in any script, on SQLite and PostgreSQL.

SQLite's LIKE folds ASCII letters only, so "работа" would not find "Работа". Each searchable
model keeps ``name_key``: its public names folded (casefold, ё → е, single spaces), and searches
compare folded text with ``contains``. Only public names (of legal persons) are folded; names of
private persons are encrypted and never searched this way.
"""

from __future__ import annotations


def fold(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("ё", "е").split())

"""Case-insensitive search on names of organisations, in any script, on SQLite and PostgreSQL.

SQLite's LIKE folds ASCII letters only, so "работа" would not find "Работа". Each searchable
model keeps ``name_key``: its public names folded (casefold, ё → е, single spaces), and searches
compare folded text with ``contains``. Only public names (of legal persons) are folded; names of
private persons are encrypted and never searched this way.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet


def fold(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("ё", "е").split())


def text_search(qs: QuerySet[Any], query: str, exact: tuple[str, ...] = ()) -> QuerySet[Any]:
    """Entries whose public names contain the query (any script, any case), or whose number
    fields equal it."""
    query = " ".join(query.split())
    if not query:
        return qs
    condition = Q(name_key__contains=fold(query))
    compact = query.replace(" ", "")
    for name in exact:
        condition |= Q(**{f"{name}__iexact": compact})
    return qs.filter(condition)

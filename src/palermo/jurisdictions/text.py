"""Translated strings from pack data, and the language they are shown in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

FALLBACK_LANGUAGE = "en"


def current_language() -> str:
    """The active Django language, or English where Django is not configured (plain scripts)."""
    from django.conf import settings

    if not settings.configured:
        return FALLBACK_LANGUAGE
    from django.utils.translation import get_language

    return get_language() or FALLBACK_LANGUAGE


def _candidates(lang: str) -> tuple[str, ...]:
    # "ru-RU" and "ru_ru" both mean Russian; try the full tag first, then its primary subtag.
    tag = lang.lower().replace("_", "-")
    return (tag, tag.split("-", 1)[0], FALLBACK_LANGUAGE)


@dataclass(frozen=True)
class Text:
    """One string in several languages, e.g. ``{"en": "Brest", "ru": "Брест", "be": "Брэст"}``.

    The loader guarantees an ``en`` value, so every lookup has something to fall back to.
    """

    values: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A read-only copy: packs are shared by every request in the process.
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def get(self, lang: str | None = None) -> str:
        for candidate in _candidates(lang or current_language()):
            if candidate in self.values:
                return self.values[candidate]
        return next(iter(self.values.values()), "")

    def __str__(self) -> str:
        return self.get()

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

"""Finds English left in a Russian or Belarusian page's visible text.

Two signs, both robust to data typed in English (a case's narrative, an agency's name), which
the caller names and which are taken out of the text first:

- a line (or table cell) that is exactly one of the catalogue's English messages whose Russian
  translation differs from it: a message rendered without its translation;
- a run of three or more English words of which the last two are lower case ("Record the
  step"): English prose, which names and codes are not.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "src" / "palermo" / "locale"
PROSE = re.compile(r"\b[A-Za-z][a-z']+(?:[ ,]+[a-z']{2,}){2,}\b")
LETTERS = re.compile(r"[A-Za-z]")


def _english_messages() -> frozenset[str]:
    with (LOCALE / "ru" / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        catalogue: dict[object, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    messages: set[str] = set()
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str):
            continue  # a plural form's (msgid, n) key
        text = msgid.split("\x04")[-1].strip()  # without its context
        if msgstr.strip() == text:
            continue  # the same in both languages on purpose (a name, an abbreviation)
        if "%" in text or "{" in text or len(LETTERS.findall(text)) < 4:
            continue
        messages.add(text)
    return frozenset(messages)


class EnglishLeftOver:
    def __init__(self, data: list[str]) -> None:
        self.messages = _english_messages()
        # Longest first, so a name that contains another is taken out whole.
        self.data = sorted({d for d in data if d}, key=len, reverse=True)
        self.found: dict[str, set[str]] = {}

    def check(self, where: str, text: str) -> None:
        for datum in self.data:
            text = text.replace(datum, " ")
        hits: set[str] = set()
        for line in re.split(r"[\n\t]+", text):
            line = line.strip()
            if not line:
                continue
            if line in self.messages:
                hits.add(line)
                continue
            hits.update(match.group(0) for match in PROSE.finditer(line))
        if hits:
            self.found.setdefault(where, set()).update(hits)

    def report(self) -> list[str]:
        return [f"{where}: {sorted(hits)}" for where, hits in sorted(self.found.items())]

"""Reader for the optional ``case_flags`` section of a pack: the flags a case can carry.

Which flags exist ("risk to safety", "minor", "interpreter needed", ...) is the jurisdiction's
practice, not code. The case page shows the flags set on a case at its top, ``alert`` ones
first and marked as warnings. The format is documented in docs/jurisdiction-packs.md
("case_flags")::

    case_flags:
      - code: risk_to_safety
        level: alert
        name: {en: Risk to safety, ru: ..., be: ...}
      - code: interpreter_needed
        level: info
        name: {en: Interpreter needed, ...}
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.sections import optional
from palermo.jurisdictions.text import Text

FLAG_LEVELS = ("alert", "info")


@dataclass(frozen=True)
class CaseFlagKind:
    code: str
    names: Text
    level: str = "info"

    def name(self, lang: str | None = None) -> str:
        return self.names.get(lang)

    @property
    def is_alert(self) -> bool:
        return self.level == "alert"


@dataclass(frozen=True)
class CaseFlagRules:
    """The flags a case can carry, in the pack's order."""

    kinds: tuple[CaseFlagKind, ...]

    def get(self, code: str) -> CaseFlagKind | None:
        return next((kind for kind in self.kinds if kind.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(kind.code for kind in self.kinds)


def read_case_flags(ck: Checker, node: Node) -> CaseFlagRules | None:
    before = len(ck.problems)
    kinds: list[CaseFlagKind] = []
    seen: dict[str, str] = {}
    for item in ck.items(node, non_empty=True):
        if not ck.mapping(item, required=("code", "name", "level")):
            continue
        code = optional(item, "code", ck.code)
        names = optional(item, "name", ck.text)
        level = optional(
            item,
            "level",
            lambda n: ck.choice(
                n, FLAG_LEVELS, gettext_noop("%(value)s is not a flag level (%(allowed)s)")
            ),
        )
        if code and ck.unique(item.child("code"), code, seen) and names and level:
            kinds.append(CaseFlagKind(code=code, names=names, level=level))
    if len(ck.problems) != before or not kinds:
        return None
    return CaseFlagRules(kinds=tuple(kinds))

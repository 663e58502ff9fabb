"""Typed reading of parsed YAML that records every problem instead of stopping at the first."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from palermo.jurisdictions.errors import Problem, gettext_noop, translate
from palermo.jurisdictions.text import Text
from palermo.jurisdictions.yamlfile import LineDict, LineList

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")  # 60: the longest code the models store
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")


def quote(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def kind_of(value: object) -> str:
    """What a YAML value is, in the words of someone editing YAML (not Python type names)."""
    if value is None:
        return translate(gettext_noop("nothing"))
    if isinstance(value, bool):
        return translate(gettext_noop("true/false"))
    if isinstance(value, dict):
        return translate(gettext_noop("a mapping"))
    if isinstance(value, list):
        return translate(gettext_noop("a list"))
    if isinstance(value, str):
        return translate(gettext_noop("a text"))
    if isinstance(value, int | float):
        return translate(gettext_noop("a number"))
    if isinstance(value, date):
        return translate(gettext_noop("a date"))
    return type(value).__name__


@dataclass(frozen=True)
class Node:
    """A value in a pack file with where it came from: file, key path and line."""

    value: Any
    file: str
    path: str
    line: int | None = None

    def child(self, key: str | int) -> Node:
        value, line = None, self.line
        if isinstance(key, int) and isinstance(self.value, list):
            value = self.value[key]
            if isinstance(self.value, LineList):
                line = self.value.lines[key]
            return Node(value, self.file, f"{self.path}[{key}]", line)
        if isinstance(self.value, dict):
            value = self.value.get(key)
            if isinstance(self.value, LineDict):
                line = self.value.lines.get(key, self.line)
        path = f"{self.path}.{key}" if self.path else str(key)
        return Node(value, self.file, path, line)

    def with_path(self, path: str) -> Node:
        return replace(self, path=path)

    def with_value(self, value: object) -> Node:
        return replace(self, value=value)

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and self.value.get(key) is not None


class Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("en",)

    def report(self, node: Node, template: str, **params: object) -> None:
        self.problems.append(Problem(node.file, node.path, template, params, node.line))

    # --- containers -----------------------------------------------------------------------

    def mapping(
        self, node: Node, required: Collection[str] = (), optional: Collection[str] = ()
    ) -> bool:
        """Whether ``node`` is a mapping; reports missing required keys and unknown keys."""
        if not isinstance(node.value, dict):
            self.report(
                node, gettext_noop("must be a mapping, not %(kind)s"), kind=kind_of(node.value)
            )
            return False
        for key in required:
            if node.value.get(key) is None:
                self.report(node, gettext_noop("is missing required key %(key)s"), key=quote(key))
        known = {*required, *optional}
        for key in node.value:
            if key not in known:
                self.report(
                    node.child(key).with_path(node.path),
                    gettext_noop("has unknown key %(key)s"),
                    key=quote(key),
                )
        return True

    def items(self, node: Node, *, non_empty: bool = False) -> Iterator[Node]:
        if not isinstance(node.value, list):
            self.report(
                node, gettext_noop("must be a list, not %(kind)s"), kind=kind_of(node.value)
            )
            return
        if non_empty and not node.value:
            self.report(node, gettext_noop("must not be empty"))
        for index in range(len(node.value)):
            yield node.child(index)

    def entries(self, node: Node) -> Iterator[tuple[str, Node]]:
        """The ``key: value`` entries of a mapping keyed by stable codes (legal bases, ...)."""
        if not isinstance(node.value, dict):
            self.report(
                node, gettext_noop("must be a mapping, not %(kind)s"), kind=kind_of(node.value)
            )
            return
        for key in node.value:
            child = node.child(key)
            if self.code(child.with_value(key).with_path(node.path)) is not None:
                yield str(key), child

    # --- scalars --------------------------------------------------------------------------

    def string(self, node: Node, pattern: re.Pattern[str] | None = None) -> str | None:
        value = node.value
        if not isinstance(value, str):
            self.report(node, gettext_noop("must be a text, not %(kind)s"), kind=kind_of(value))
            return None
        if not value.strip():
            self.report(node, gettext_noop("must not be empty"))
            return None
        if pattern is not None and not pattern.match(value):
            self.report(
                node,
                gettext_noop("%(value)s has the wrong form (expected %(pattern)s)"),
                value=quote(value),
                pattern=pattern.pattern,
            )
            return None
        return value

    def code(self, node: Node) -> str | None:
        value = node.value
        if isinstance(value, str) and not CODE_RE.match(value):
            self.report(
                node,
                gettext_noop(
                    "%(value)s is not a valid code: use up to 60 lowercase letters, digits "
                    "and underscores, starting with a letter"
                ),
                value=quote(value),
            )
            return None
        return self.string(node)

    def integer(self, node: Node, low: int, high: int) -> int | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(
                node, gettext_noop("must be a whole number, not %(kind)s"), kind=kind_of(value)
            )
            return None
        if not low <= value <= high:
            self.report(
                node,
                gettext_noop("%(value)s must be between %(low)s and %(high)s"),
                value=value,
                low=low,
                high=high,
            )
            return None
        return value

    def day(self, node: Node) -> date | None:
        # YAML reads an unquoted 2025-01-06 as a date already; a quoted one arrives as text.
        value = node.value
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.report(
            node, gettext_noop("%(value)s is not a date (write YYYY-MM-DD)"), value=quote(value)
        )
        return None

    def text(self, node: Node) -> Text | None:
        """A translated string: a mapping of language → text that has at least ``en``."""
        if not isinstance(node.value, dict):
            self.report(
                node,
                gettext_noop(
                    "must be a mapping of language to text, like {en: ..., ru: ...}, not %(kind)s"
                ),
                kind=kind_of(node.value),
            )
            return None
        values: dict[str, str] = {}
        for lang in node.value:
            child = node.child(lang)
            if child.value is None and lang not in self.languages:
                # "{en: Victims Act, s. 4}" reads as two keys: the comma splits the mapping.
                self.report(
                    child.with_path(node.path),
                    gettext_noop(
                        "has a key %(lang)s with no value: quote a text that contains a comma, "
                        "like {en: 'Act 2020, s. 4'}"
                    ),
                    lang=quote(lang),
                )
                continue
            if lang not in self.languages:
                self.report(
                    child.with_path(node.path),
                    gettext_noop(
                        "language %(lang)s is not one of the pack's languages (%(languages)s)"
                    ),
                    lang=quote(lang),
                    languages=", ".join(self.languages),
                )
                continue
            value = self.string(child)
            if value is not None:
                values[lang] = value
        if "en" not in node.value:
            self.report(node, gettext_noop("needs an English ('en') value"))
            return None
        return Text(values) if "en" in values else None

    def choice(self, node: Node, allowed: Collection[str], template: str) -> str | None:
        value = self.string(node)
        if value is not None and value not in allowed:
            self.report(node, template, value=quote(value), allowed=", ".join(allowed))
            return None
        return value

    def unique(self, node: Node, code: str, seen: dict[str, str]) -> bool:
        """Report ``code`` when an earlier entry used it; remember where it was first used."""
        if code in seen:
            self.report(
                node,
                gettext_noop("duplicate code %(value)s (first used at %(first)s)"),
                value=quote(code),
                first=seen[code],
            )
            return False
        seen[code] = node.path
        return True

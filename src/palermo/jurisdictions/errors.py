"""The error a broken jurisdiction pack raises: every problem, each with its file and key path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation (makemessages knows this name) without translating it.

    Django's own ``gettext_noop`` reads settings, and packs must load in plain scripts too.
    """
    return message


def translate(message: str) -> str:
    """Translate ``message`` once Django's translations can load, else keep the English.

    Packs are also loaded from plain scripts and early in start-up, before the app registry is
    ready; the messages are marked with ``gettext_noop`` and translated here, at display time.
    """
    from django.apps import apps
    from django.conf import settings

    if not (settings.configured and apps.apps_ready):
        return message
    from django.utils.translation import gettext

    return gettext(message)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pack: ``agencies.yaml: agencies[3].region 'BY-XX' is not ...``."""

    file: str
    path: str
    template: str  # an English message marked with gettext_noop, with %(name)s placeholders
    params: Mapping[str, object] = field(default_factory=dict)
    line: int | None = None

    @property
    def message(self) -> str:
        text = translate(self.template) % dict(self.params)
        where = f"{self.file}: {self.path} " if self.path else f"{self.file}: "
        line = (
            translate(gettext_noop(" (line %(line)s)")) % {"line": self.line} if self.line else ""
        )
        return f"{where}{text}{line}"

    def __str__(self) -> str:
        return self.message


class PackError(ImproperlyConfigured):
    """A jurisdiction pack cannot be used. ``problems`` lists everything found, not just the first."""

    def __init__(self, pack: str, problems: Iterable[Problem]) -> None:
        self.pack = pack
        self.problems = tuple(problems)
        super().__init__(self.render())

    def render(self) -> str:
        header = translate(gettext_noop("Jurisdiction pack %(pack)s cannot be used:")) % {
            "pack": self.pack
        }
        return "\n".join([header, *(f"  - {problem.message}" for problem in self.problems)])

    def __str__(self) -> str:
        return self.render()


class MissingPackSection(ImproperlyConfigured, LookupError):
    """The configured pack lacks a section (or a part of one) that the code asked for.

    Every app reads its section the same way (``pack_section(name, kind)``) and so fails the same
    way, naming the pack, the section and where the format is described.
    """

    def __init__(self, pack: str, section: str) -> None:
        self.pack = pack
        self.section = section
        super().__init__(
            f"The jurisdiction pack {pack!r} has no {section!r} section, which this part of "
            "Palermo needs: add it to the pack (docs/jurisdiction-packs.md)."
        )

"""An action's input, declared once: a dataclass whose fields carry their limits, choices, labels
and help texts. The HTML form and the API serializer are derived from it (forms.py,
serializers.py), so a limit cannot differ between the two.

Why not pydantic (as zulip's ``typed_endpoint`` does): the services already take plain
dataclasses, Django forms and DRF serializers already speak the field vocabulary below, and a
third validation library would add a third set of error messages to translate.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any, Union

from django.utils.functional import Promise

Text = str | Promise
Choices = Sequence[tuple[Any, Text]]
ChoicesSource = Choices | Callable[[], Choices]

KEY = "palermo.action"


@dataclasses.dataclass(frozen=True)
class Param:
    """What one field of an input accepts, and how people are told about it."""

    label: Text = ""
    # Must be given although the dataclass has a default (which code calling the service uses).
    required: bool = False
    help_text: Text = ""
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    # A list, or a function giving it when a form or serializer is made (pack-dependent lists).
    choices: ChoicesSource | None = None
    # The HTML form offers these instead (e.g. fewer reasons); the API still checks ``choices``.
    form_choices: ChoicesSource | None = None
    # The API takes any text here and leaves the check to the service, whose message it answers.
    api_free_text: bool = False
    # How the HTML form shows it: a text area of so many rows; a row of radio buttons.
    rows: int | None = None
    radio: bool = False
    # Fields only one side has: an HTML-only hidden field, an API-only JSON map.
    on_form: bool = True
    on_api: bool = True
    # The form calls it something else (kept for existing pages and clients).
    form_name: str | None = None
    # Read by the adapter (e.g. an id it looks up), not passed on to a service taking keywords.
    to_service: bool = True


def param(*, default: Any = dataclasses.MISSING, **options: Any) -> Any:
    """A dataclass field with its ``Param``. Without a default the field is required."""
    metadata = {KEY: Param(**options)}
    if isinstance(default, list | dict):
        factory = type(default)
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class Spec:
    """One field as the form and serializer builders see it."""

    name: str
    kind: type
    optional: bool  # ``X | None``
    required: bool  # no default, or declared required
    default: Any
    param: Param

    @property
    def form_name(self) -> str:
        return self.param.form_name or self.name

    @property
    def to_service(self) -> bool:
        return self.param.to_service


def _unwrap(hint: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


def _kind(hint: Any) -> type:
    origin = typing.get_origin(hint)
    if origin is not None:
        return typing.cast(type, origin)  # list[str] → list, dict[str, int] → dict
    if hint in (str, int, bool, date):
        return typing.cast(type, hint)
    raise TypeError(f"An action input cannot hold {hint!r}")


@cache
def specs(cls: type) -> tuple[Spec, ...]:
    """The fields of an input dataclass, in declaration order."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint, optional = _unwrap(hints[f.name])
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = dataclasses.MISSING
        param = f.metadata.get(KEY, Param())
        out.append(
            Spec(
                name=f.name,
                kind=_kind(hint),
                optional=optional,
                required=default is dataclasses.MISSING or param.required,
                default=default,
                param=param,
            )
        )
    return tuple(out)


def choices_of(source: ChoicesSource | None) -> list[tuple[Any, Text]] | None:
    if source is None:
        return None
    return list(source() if callable(source) else source)

"""The API serializer of an input declaration (the same limits and choices as its form)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, ClassVar, Generic, TypeVar, cast

from rest_framework import serializers

from palermo.core.actions.declare import Spec, choices_of, specs

I = TypeVar("I")  # noqa: E741  (the input dataclass)

EXPECTED_VERSION = "expected_version"  # the API's name for the form's hidden ``version``


def _field(spec: Spec) -> serializers.Field:  # type: ignore[type-arg]
    p = spec.param
    common: dict[str, Any] = {}
    if p.help_text:
        common["help_text"] = p.help_text
    if not spec.required:
        common["required"] = False
        common["default"] = spec.default
    if spec.optional and not spec.required:
        common["allow_null"] = True
    choices = choices_of(p.choices)
    if spec.kind is bool:
        return serializers.BooleanField(**common)
    if spec.kind is int:
        return serializers.IntegerField(min_value=p.min_value, max_value=p.max_value, **common)
    if spec.kind is date:
        return serializers.DateField(**common)
    if spec.kind is list:
        child = serializers.CharField(max_length=p.max_length or 60)
        return serializers.ListField(child=child, **common)
    if spec.kind is dict:
        value = serializers.IntegerField(min_value=p.min_value, max_value=p.max_value)
        return serializers.DictField(child=value, **common)
    blank = not spec.required and spec.default == ""
    if choices is not None and not p.api_free_text:
        return serializers.ChoiceField(choices=choices, allow_blank=blank, **common)
    return serializers.CharField(max_length=p.max_length, allow_blank=blank, **common)


class ActionSerializer(serializers.Serializer, Generic[I]):  # type: ignore[type-arg]
    declaration: ClassVar[type]

    def to_input(self) -> I:
        data = self.validated_data
        values = {s.name: data[s.name] for s in specs(self.declaration) if s.name in data}
        return cast(I, self.declaration(**values))

    @property
    def expected_version(self) -> int:
        return int(self.validated_data.get(EXPECTED_VERSION) or 0)


@cache
def serializer_for(
    declaration: type, *, versioned: bool = False, name: str | None = None
) -> type[ActionSerializer[Any]]:
    """The serializer class of a declaration (made once); ``name`` keeps an existing schema
    component name. ``versioned`` adds ``expected_version``."""
    attrs: dict[str, Any] = {}
    if versioned:
        attrs[EXPECTED_VERSION] = serializers.IntegerField()
    attrs.update({s.name: _field(s) for s in specs(declaration) if s.param.on_api})
    attrs["declaration"] = declaration
    attrs["__doc__"] = declaration.__doc__
    cls_name = name or declaration.__name__.removesuffix("Input") + "Serializer"
    return cast(type[ActionSerializer[Any]], type(cls_name, (ActionSerializer,), attrs))

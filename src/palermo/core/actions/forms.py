"""The HTML form of an input declaration."""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache
from typing import Any, ClassVar, Generic, TypeVar, cast

from django import forms

from palermo.core.actions.declare import Spec, choices_of, specs
from palermo.core.actions.refusals import Refusal

I = TypeVar("I")  # noqa: E741  (the input dataclass)

VERSION = "version"  # the hidden field that carries the version the page was loaded at


class DateInput(forms.DateInput):
    input_type = "date"


def _choices(spec: Spec) -> list[tuple[Any, Any]] | None:
    return choices_of(spec.param.form_choices or spec.param.choices)


def _field(spec: Spec) -> forms.Field:
    p = spec.param
    common: dict[str, Any] = {"label": p.label or None, "help_text": p.help_text}
    if p.rows is not None:
        common["widget"] = forms.Textarea(attrs={"rows": p.rows})
    elif p.radio:
        common["widget"] = forms.RadioSelect
    has_default = not spec.required and spec.default not in ("", None, [], {})
    if has_default:
        common["initial"] = spec.default
    required = spec.required
    if spec.kind is bool:
        return forms.BooleanField(required=False, **common)
    if spec.kind is list:
        return forms.MultipleChoiceField(required=False, **common)
    if spec.kind is int:
        return forms.IntegerField(
            required=required, min_value=p.min_value, max_value=p.max_value, **common
        )
    if spec.kind is date:
        common.setdefault("widget", DateInput)
        return forms.DateField(required=required, **common)
    if p.choices is not None or p.form_choices is not None:
        return forms.ChoiceField(required=required, **common)
    return forms.CharField(required=required, max_length=p.max_length, **common)


class ActionForm(forms.Form, Generic[I]):
    """A derived form: labels without a colon, choices read when the form is made, and the
    parsed input as the dataclass the service takes."""

    declaration: ClassVar[type]
    versioned: ClassVar[bool] = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for spec in specs(self.declaration):
            choices = _choices(spec)
            field = self.fields.get(spec.form_name)
            if choices is not None and isinstance(field, forms.ChoiceField):
                # A single choice starts blank ("—") unless it is a row of radio buttons.
                single = not isinstance(field, forms.MultipleChoiceField)
                radio = isinstance(field.widget, forms.RadioSelect)
                has_blank = any(value == "" for value, _label in choices)
                blank = [("", "—")] if single and not radio and not has_blank else []
                field.choices = [*blank, *choices]

    def to_input(self) -> I:
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for spec in specs(self.declaration):
            if not spec.param.on_form or spec.form_name not in data:
                continue
            value = data[spec.form_name]
            if value in ("", None) and not spec.required:
                value = spec.default if spec.default is not dataclasses.MISSING else value
            values[spec.name] = list(value) if spec.kind is list else value
        return cast(I, self.declaration(**values))

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data.get(VERSION) or 0)

    def add_refusal(self, refusal: Refusal) -> None:
        names = {s.name: s.form_name for s in specs(self.declaration)}
        refusal.add_to_form(self, names)


@cache
def form_for(declaration: type, *, versioned: bool = False) -> type[ActionForm[Any]]:
    """The form class of a declaration (made once). ``versioned`` adds the hidden ``version``."""
    attrs: dict[str, Any] = {s.form_name: _field(s) for s in specs(declaration) if s.param.on_form}
    if versioned:
        attrs[VERSION] = forms.IntegerField(widget=forms.HiddenInput)
    attrs["declaration"] = declaration
    attrs["versioned"] = versioned
    name = declaration.__name__.removesuffix("Input") + "Form"
    return cast(type[ActionForm[Any]], type(name, (ActionForm,), attrs))

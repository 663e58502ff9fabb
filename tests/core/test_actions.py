"""The request → service seam: one declaration gives the form and the serializer the same limits
and choices, and a service's refusal reads the same on a page and in JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from palermo.core.actions import Refusal, form_for, param, serializer_for
from palermo.core.errors import ConflictError

COLOURS = [("red", "Red"), ("blue", "Blue")]


@dataclass
class PaintInput:
    colour: str = param(default="", required=True, label="Colour", choices=COLOURS)
    coats: int = param(default=1, label="Coats", min_value=1, max_value=3)
    note: str = param(default="", label="Note", max_length=5, rows=2, help_text="Kept.")
    on: date | None = param(default=None, label="On")
    glossy: bool = param(default=False, label="Glossy")


def test_the_form_and_the_serializer_share_limits_and_choices() -> None:
    form = form_for(PaintInput, versioned=True)(
        {"colour": "green", "coats": "4", "note": "too long", "version": "3"}
    )
    serializer = serializer_for(PaintInput, versioned=True)(
        data={"colour": "green", "coats": 4, "note": "too long", "expected_version": 3}
    )
    assert not form.is_valid() and not serializer.is_valid()
    assert set(form.errors) == set(serializer.errors) == {"colour", "coats", "note"}
    assert isinstance(form.fields["note"].widget, forms.Textarea)
    assert form.fields["colour"].choices == [("", "—"), *COLOURS]  # type: ignore[attr-defined]
    assert form.fields["note"].help_text == "Kept."


def test_both_sides_give_the_service_the_same_input() -> None:
    form = form_for(PaintInput, versioned=True)({"colour": "red", "coats": "2", "version": "7"})
    serializer = serializer_for(PaintInput, versioned=True)(
        data={"colour": "red", "coats": 2, "expected_version": 7}
    )
    assert form.is_valid() and serializer.is_valid(), (form.errors, serializer.errors)
    assert form.to_input() == serializer.to_input() == PaintInput(colour="red", coats=2)
    assert form.expected_version == serializer.expected_version == 7


def test_a_required_field_with_a_default_is_required_on_both_sides() -> None:
    assert set(form_for(PaintInput)({}).errors) == {"colour"}
    serializer = serializer_for(PaintInput)(data={})
    assert not serializer.is_valid() and set(serializer.errors) == {"colour"}


def test_a_refusal_reads_the_same_on_the_page_and_in_json() -> None:
    by_field = Refusal.of(ValidationError({"coats": ["Too many."], "other": ["No."]}))
    form = form_for(PaintInput)({"colour": "red"})
    assert form.is_valid()
    by_field.add_to_form(form)
    assert form.errors["coats"] == ["Too many."] and form.non_field_errors() == ["No."]
    response = by_field.response()
    assert response.status_code == 400
    assert response.data == {"coats": ["Too many."], "other": ["No."]}

    whole = Refusal.of(ValidationError("Closed."))
    assert whole.response().data == {"non_field_errors": ["Closed."]}

    conflict = Refusal.of(ConflictError("Changed meanwhile."))
    assert conflict.response().status_code == 409
    assert conflict.response().data == {"detail": "Changed meanwhile."}
    assert conflict.texts == ["Changed meanwhile."]

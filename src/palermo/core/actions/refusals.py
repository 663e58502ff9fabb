"""The one shape of a service's refusal, and its two renderings.

Services say no in two ways only: Django's ``ValidationError`` (the input or the state does not
allow it: 400) and ``ConflictError`` (someone changed the object since it was loaded: 409). No
access is ``Http404`` from the access helpers and never reaches here. ``Refusal`` reads either
into field → messages, so the HTML form, the flashed messages and the JSON body carry the same
words (zulip's ``JsonableError`` idea, without making services depend on HTTP).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from rest_framework import status
from rest_framework.response import Response

from palermo.core.errors import ConflictError

WHOLE = "__all__"  # Django's key for an error of the whole input
API_WHOLE = "non_field_errors"  # DRF's

Refused = ValidationError | ConflictError


@dataclass(frozen=True)
class Refusal:
    by_field: dict[str, list[str]] = field(default_factory=dict)
    conflict: bool = False

    @classmethod
    def of(cls, exc: Refused) -> Refusal:
        if isinstance(exc, ConflictError):
            return cls({WHOLE: [str(exc)]}, conflict=True)
        if hasattr(exc, "error_dict"):
            return cls(dict(exc.message_dict))
        return cls({WHOLE: list(exc.messages)})

    @property
    def texts(self) -> list[str]:
        return [text for texts in self.by_field.values() for text in texts]

    # --- HTML ---

    def add_to_form(self, form: BaseForm, names: dict[str, str] | None = None) -> None:
        """Each message under its field; one the form has no field for, above the form.
        ``names`` maps an input's field to the form's name for it where they differ."""
        names = names or {}
        for name, texts in self.by_field.items():
            target = names.get(name, name)
            for text in texts:
                form.add_error(target if target in form.fields else None, text)

    def flash(self, request: HttpRequest) -> None:
        for text in self.texts:
            messages.error(request, text)

    # --- API ---

    @property
    def status_code(self) -> int:
        return status.HTTP_409_CONFLICT if self.conflict else status.HTTP_400_BAD_REQUEST

    @property
    def api_body(self) -> dict[str, list[str]]:
        """The 400 body: field → messages, with DRF's name for errors of the whole input."""
        return {(API_WHOLE if k == WHOLE else k): v for k, v in self.by_field.items()}

    def response(self) -> Response:
        """The answer of the API's exception handler (core/api.py), which every view reaches."""
        if self.conflict:
            return Response({"detail": self.texts[0]}, status=self.status_code)
        return Response(self.api_body, status=self.status_code)


def by_field(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError by field ("__all__" for errors of the whole input)."""
    return Refusal.of(exc).by_field

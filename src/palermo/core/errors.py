from __future__ import annotations

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """Someone else changed the object since the user loaded it; their change must not be lost."""


# A service's refusal of its input: field name → messages ("__all__" for the whole input),
# collected while checking and raised as one ValidationError (see core/actions/refusals.py).
Errors = dict[str, list[str]]


def add_error(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)

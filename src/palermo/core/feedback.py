"""Turning a service's refusal into what the HTML views show: form errors or flashed messages.

Kept for the views not yet served by core/actions, whose ``Refusal`` does the mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from palermo.core.actions.refusals import Refusal
from palermo.core.errors import ConflictError


def service_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError by field ("__all__" for errors of the whole input)."""
    return Refusal.of(exc).by_field


def flash_errors(request: HttpRequest, exc: ValidationError | ConflictError) -> None:
    """Every message of a refusal as an error message on the next page."""
    Refusal.of(exc).flash(request)


def apply_form(
    request: HttpRequest,
    form: Form,
    action: Callable[[dict[str, Any]], object],
    *,
    done: str,
    invalid: str,
) -> bool:
    """For a POST-and-redirect action: runs ``action`` with the form's cleaned data if the form is
    valid, then flashes ``done``, the service's refusal, or ``invalid``. True when it was done."""
    if not form.is_valid():
        messages.error(request, invalid)
        return False
    try:
        action(form.cleaned_data)
    except (ValidationError, ConflictError) as exc:
        flash_errors(request, exc)
        return False
    messages.success(request, done)
    return True

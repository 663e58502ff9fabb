"""Turning a service's refusal into what the HTML views show: form errors or flashed messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from palermo.core.errors import ConflictError


def service_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError by field ("__all__" for errors of the whole input)."""
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def flash_errors(request: HttpRequest, exc: ValidationError | ConflictError) -> None:
    """Every message of a refusal as an error message on the next page."""
    texts = [str(exc)] if isinstance(exc, ConflictError) else exc.messages
    for text in texts:
        messages.error(request, text)

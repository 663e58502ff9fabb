"""Shared REST API pieces."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from palermo.core.errors import ConflictError

T = TypeVar("T")


def api_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's: field → messages, or non_field_errors."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return exceptions.ValidationError(detail=detail)


def call_service(fn: Callable[..., T], **kwargs: Any) -> T:
    """Calls a service from an API view; its ValidationError answers 400 with the field messages."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise api_validation_error(exc) from None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler plus: service ValidationErrors become 400 with field messages, conflicts 409.

    Object-level "no access" never reaches here as 403: access helpers raise Http404 themselves."""
    if isinstance(exc, DjangoValidationError):
        exc = api_validation_error(exc)
    elif isinstance(exc, ConflictError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)

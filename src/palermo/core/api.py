"""Shared REST API pieces."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from palermo.core.errors import ConflictError

T = TypeVar("T")

MAX_PAGE_SIZE = 500
# Far beyond any table here, and far below the database's integer range.
MAX_OFFSET = 1_000_000_000


def _bounded_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise exceptions.ValidationError(
            {
                name: [
                    _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
                ]
            }
        )
    return value


# Deeper than any document this API takes; a deeper one is refused before anything walks it.
MAX_JSON_DEPTH = 32


def _depth(data: Any) -> int:
    """Nesting depth of parsed JSON, walked without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                break
            values = item.values() if isinstance(item, dict) else item
            stack.extend((value, level + 1) for value in values)
    return deepest


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing (400) documents nested too deeply instead of failing with a
    RecursionError in the parser or later in validation."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = _depth(data) > MAX_JSON_DEPTH
        if too_deep:
            raise exceptions.ParseError(
                _("The JSON is nested more than %(n)d levels deep.") % {"n": MAX_JSON_DEPTH}
            )
        return data


class BoundedPagination(LimitOffsetPagination):
    """``?limit=&offset=`` for every list: out-of-range values answer 400 naming the parameter
    (DRF's own class passes any size to the database, which fails with a server error)."""

    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int:
        return _bounded_int(
            request, self.limit_query_param, self.default_limit or 50, 1, MAX_PAGE_SIZE
        )

    def get_offset(self, request: Request) -> int:
        return _bounded_int(request, self.offset_query_param, 0, 0, MAX_OFFSET)


def api_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's: field → messages, or non_field_errors."""
    from palermo.core.actions.refusals import Refusal  # see exception_handler

    return exceptions.ValidationError(detail=Refusal.of(exc).api_body)


def call_service(fn: Callable[..., T], **kwargs: Any) -> T:
    """Calls a service from an API view; its ValidationError answers 400 with the field messages.
    (The exception handler below does the same for any view; new code needs neither.)"""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise api_validation_error(exc) from None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler plus: service ValidationErrors become 400 with field messages, conflicts 409.

    Object-level "no access" never reaches here as 403: access helpers raise Http404 themselves."""
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES when imported, and those
    # name this module's parser — a top-level import would be circular.
    # The same holds for the actions package, whose API adapter builds on rest_framework.views.
    from rest_framework.views import exception_handler as drf_exception_handler

    from palermo.core.actions.refusals import Refusal

    if isinstance(exc, DjangoValidationError):
        exc = api_validation_error(exc)
    elif isinstance(exc, ConflictError):
        return Refusal.of(exc).response()
    return drf_exception_handler(exc, context)

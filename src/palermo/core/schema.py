"""The OpenAPI schema's shared additions: the ``Idempotency-Key`` header where honoured, fields
that may be null, and the error answers every operation can give (``document_errors``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class PalermoAutoSchema(AutoSchema):
    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = dict(super()._get_serializer_field_meta(field, direction))
        # An answer's field whose default is None is null when its source is missing
        # (``source="case.reference", default=None`` for a call without a case).
        answered = field.read_only or direction == "response"
        if isinstance(field, serializers.Field) and answered and field.default is None:
            meta["nullable"] = True
        return meta

    def _is_idempotent(self) -> bool:
        handler = getattr(self.view, self.method.lower(), None)
        return bool(getattr(handler, "idempotent", False))

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._is_idempotent():
            parameters.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    str,
                    OpenApiParameter.HEADER,
                    description=(
                        "Optional. A retry with the same key and body gets the first answer "
                        "instead of acting twice; the same key with another body answers 422, "
                        "and while the first request runs 409."
                    ),
                )
            )
        return parameters


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "What went wrong: `detail` (a sentence, with `code` where the API names the reason), "
        "or, for invalid input, each field's name with its messages (`non_field_errors` for "
        "rules over several fields)."
    ),
    "properties": {
        "detail": {"type": "string"},
        # The reason's name, or the messages of an input field that is itself called `code`.
        "code": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    },
    "additionalProperties": True,
}

# Answers that every operation may give, whatever it documents itself: the API's
# authentication, permission and access checks, input validation and conflict handling are
# shared (palermo.core.api), so their status codes are documented here once.
_COMMON_ERRORS = {
    "401": "Not authenticated: no, an unknown, a revoked or an expired token (or a token of a "
    "role that needs a second factor, issued without one).",
    "403": "Authenticated, but the role may not do this, the session has not confirmed its "
    "second factor, or the action needs a fresh one (header `X-Second-Factor`).",
    "404": "Not found — or not yours to see: no access answers exactly like a missing object.",
}
_INPUT_ERROR = "Invalid input: the body names each wrong field with its messages."
_WRITE_ERRORS = {
    "409": "Conflict: the object changed since it was read (send its current `version`), or "
    "a request with the same `Idempotency-Key` is still running.",
    "415": "The body's content type is not one this operation reads.",
}
_IDEMPOTENCY_ERROR = "The same `Idempotency-Key` was sent before with another body."


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: adds the shared error answers to every operation
    that does not document the status code itself."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            wanted = dict(_COMMON_ERRORS)
            if method != "get" or operation.get("parameters"):
                wanted["400"] = _INPUT_ERROR
            if method != "get":
                wanted.update(_WRITE_ERRORS)
            if any(p.get("name") == "Idempotency-Key" for p in operation.get("parameters", [])):
                wanted["422"] = _IDEMPOTENCY_ERROR
            for code, description in wanted.items():
                responses.setdefault(code, _error(description))
    return result

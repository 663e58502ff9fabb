"""The OpenAPI schema's shared additions: the ``Idempotency-Key`` header where honoured."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter


class PalermoAutoSchema(AutoSchema):
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

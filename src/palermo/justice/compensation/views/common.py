from __future__ import annotations

from django.core.exceptions import ValidationError


def errors_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}

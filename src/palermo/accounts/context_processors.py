from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from palermo.accounts.passkeys import passkeys_enabled
from palermo.accounts.roles import Cap


def actor(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "actor", None)
    return {"actor": current, "Cap": Cap, "passkeys_enabled": passkeys_enabled()}

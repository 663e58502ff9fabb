"""Password rules beyond Django's: refuse the patterns that breached-password lists are full of,
and slow down password spraying (one address trying many user names)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

# A word (or a word with digits and symbols around it) from the list of common passwords, or
# the name of the system: "Summer2024!", "Password123", "palermo2026", "Qwerty!!".
_DECORATION = re.compile(r"^[\W\d_]*(?P<core>.*?)[\W\d_]*$")
_LOCAL_WORDS = frozenset({"palermo", "trafficking", "belarus", "minsk"})


class CommonPatternValidator:
    """Refuses a common password dressed up with digits and symbols at either end."""

    def __init__(self) -> None:
        self._common = CommonPasswordValidator().passwords

    def validate(self, password: str, user: Any = None) -> None:
        match = _DECORATION.match(password.lower())
        core = match.group("core") if match else ""
        if core and (core in self._common or core in _LOCAL_WORDS):
            raise ValidationError(
                _(
                    "This password is a common word with digits or symbols added; such "
                    "passwords are the first ones attackers try."
                ),
                code="password_common_pattern",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a common word with digits or symbols added.")


def is_spraying(request: HttpRequest) -> bool:
    """Whether the client's address has recently failed to log in as many different users.

    Failures per user name *and* address already stop guessing one person's password without
    letting anyone lock her out; this stops trying one password on many names. Only that address
    is slowed: the colleagues themselves still log in from their own machines.
    """
    address = get_client_ip_address(request)
    if not address:
        return False
    since = timezone.now() - timedelta(minutes=settings.PALERMO_LOGIN_SPRAY_MINUTES)
    names = (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
        .values("username")
        .distinct()
        .count()
    )
    return names >= settings.PALERMO_LOGIN_SPRAY_LIMIT

"""Log-ins, log-outs and failed log-ins go into the audit log."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from palermo.accounts.actor import actor_for_user
from palermo.core.audit import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("auth.logged_in", actor=actor_for_user(user), obj=user)
    if request is not None and hasattr(request, "session"):
        # The idle and absolute session limits count from this log-in.
        from palermo.accounts.middleware import SESSION_SEEN_AT, SESSION_STARTED_AT

        now = int(time.time())
        request.session[SESSION_STARTED_AT] = now
        request.session[SESSION_SEEN_AT] = now


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("auth.logged_out", actor=actor_for_user(user), obj=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the user name tried: never the password.
    record("auth.login_failed", data={"username": str(credentials.get("username", ""))[:150]})

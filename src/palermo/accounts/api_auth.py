from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from palermo.accounts.models import ApiToken, User, has_second_factor, hash_token_key


def _second_factor_holds(token: ApiToken) -> bool:
    """The token was issued under a confirmed second factor and its user still has one (an
    authenticator app or a passkey)."""
    return token.issued_with_second_factor and has_second_factor(token.membership.user)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`. The request then acts as the token's membership."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple[User, ApiToken]:
        token = (
            ApiToken.objects.select_related("membership__user", "membership__agency")
            .filter(key_hash=hash_token_key(key))
            .first()
        )
        now = timezone.now()
        if (
            token is None
            or not token.is_usable(now)
            or not token.membership.is_active
            or not token.membership.agency.is_active
            or not token.membership.user.is_active
        ):
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if token.membership.role_obj.requires_second_factor and not _second_factor_holds(token):
            raise exceptions.AuthenticationFailed(
                _("Your role requires a second factor: issue a new token after confirming it.")
            )
        # Record use at most once a minute: a write on every request would serialise API traffic.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.membership.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword

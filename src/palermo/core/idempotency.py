"""``Idempotency-Key`` for API create endpoints that move money or create a case.

A client that did not hear the answer retries with the same key. The first request with a key
reserves it (committed at once, so a concurrent twin sees it); the view then runs, and its answer
is stored in the same transaction as the view's own writes. Then:

* the same key, user and endpoint with the same body → the stored answer, nothing done again
  (header ``Idempotent-Replayed: true``);
* the same key with a different body → 422;
* the same key while the first request is still running → 409.

Only successful answers are kept: after an error nothing was written, and the client may fix
its input and retry with the same key. Written here rather than taken from a library because the
DRF idempotency packages found either cache answers outside the database transaction (a crash
between the two acts twice) or store answers unencrypted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from palermo.core.crypto import decrypt_str, encrypt_str
from palermo.core.models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
# A reservation whose request never finished (the process died) is given up after this long.
ABANDONED_AFTER = timedelta(minutes=10)
_CONTEXT = "core.IdempotentRequest.response_body"

H = TypeVar("H", bound=Callable[..., Response])


def _request_hash(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _user_id(request: Request) -> int:
    # The endpoints using this require authentication: there is always a user.
    return cast(int, request.user.pk)


def _error(code: int, message: str) -> Response:
    return Response({"detail": message}, status=code)


def _reserve(request: Request, key: str, endpoint: str, digest: str) -> IdempotentRequest | None:
    """The new reservation, or None when the key is already taken for this user and endpoint."""
    IdempotentRequest.objects.filter(
        user_id=_user_id(request),
        key=key,
        endpoint=endpoint,
        response_status__isnull=True,
        created_at__lt=timezone.now() - ABANDONED_AFTER,
    ).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                user_id=_user_id(request), key=key, endpoint=endpoint, request_hash=digest
            )
    except IntegrityError:
        return None


def _answer_for_existing(request: Request, key: str, endpoint: str, digest: str) -> Response:
    existing = IdempotentRequest.objects.filter(
        user_id=_user_id(request), key=key, endpoint=endpoint
    ).first()
    if existing is None:  # finished with an error in between: the client may simply retry
        return _error(status.HTTP_409_CONFLICT, _("Retry the request."))
    if existing.request_hash != digest:
        return _error(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            _("This Idempotency-Key was used for a different request."),
        )
    if existing.response_status is None:
        return _error(
            status.HTTP_409_CONFLICT,
            _("A request with this Idempotency-Key is still being processed."),
        )
    body = json.loads(decrypt_str(existing.response_body, context=_CONTEXT))
    replay = Response(body, status=existing.response_status)
    replay["Idempotent-Replayed"] = "true"
    return replay


def idempotent(handler: H) -> H:
    """Decorator for an APIView's ``post``: honours the ``Idempotency-Key`` header."""

    @wraps(handler)
    def wrapped(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "")
        if not key:
            return handler(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return _error(
                status.HTTP_400_BAD_REQUEST,
                _("The Idempotency-Key must be printable text of at most %(n)d characters.")
                % {"n": MAX_KEY_LENGTH},
            )
        endpoint = f"{request.method} {request.path}"
        digest = _request_hash(request)
        reservation = _reserve(request, key, endpoint, digest)
        if reservation is None:
            return _answer_for_existing(request, key, endpoint, digest)
        try:
            with transaction.atomic():
                response = handler(view, request, *args, **kwargs)
                if status.is_success(response.status_code):
                    rendered = JSONRenderer().render(response.data).decode()
                    reservation.response_status = response.status_code
                    reservation.response_body = encrypt_str(rendered, context=_CONTEXT)
                    reservation.save(update_fields=["response_status", "response_body"])
        finally:
            if reservation.response_status is None:
                reservation.delete()
        return response

    # Read by the schema generator, which documents the header on this endpoint.
    wrapped.idempotent = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]

"""The API adapter: actor → access helper → serializer → service → 400/404/409 → JSON.

Modelled on DRF's generic views (a view class per endpoint, built from a serializer and a
service instead of a queryset): the same ``Action`` as the HTML page, so both answer with the
same field names, limits and words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from palermo.core.actions.action import Action, request_actor
from palermo.core.actions.serializers import serializer_for
from palermo.core.idempotency import idempotent as honour_idempotency_key

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")


def api_action(
    action: Action[T, I, R],
    *,
    respond: Callable[[Any, R], Any],
    summary: str,
    response: Any,
    description: str | None = None,
    method: str = "post",
    created: bool = False,
    idempotent: bool = False,
    name: str | None = None,
) -> type[APIView]:
    """An APIView class answering ``method`` with ``respond(actor, result)``; 201 when
    ``created``. ``idempotent`` honours the Idempotency-Key header (core/idempotency.py).

    Role-level refusals (``Action.allowed``) answer 403 as the app's other endpoints do; an
    object the actor may not see is 404 from the access helper, as on the HTML side."""
    serializer_class = serializer_for(action.declaration, versioned=action.versioned, name=name)
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK

    def handle(view: APIView, request: Request, **url_kwargs: Any) -> Response:
        actor = request_actor(request)
        if action.target is None and action.allowed is not None and not action.allowed(actor):
            raise PermissionDenied()
        target = action.resolve(actor, url_kwargs)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        # A refusal propagates to the exception handler (core/api.py), which answers it with
        # Refusal.response() and rolls back, as for every other view.
        result = action.run(actor, target, serializer.to_input(), serializer.expected_version)
        return Response(respond(actor, result), status=code)

    if idempotent:
        handle = honour_idempotency_key(handle)
    documented = extend_schema(
        summary=summary,
        description=description,
        request=serializer_class,
        responses={code: response},
    )(handle)
    view_name = name.removesuffix("Serializer") + "API" if name else f"{action.input.__name__}API"
    return type(view_name, (APIView,), {method: documented})

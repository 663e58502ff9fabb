"""An action: what it acts on, what it takes and which service does it — the part the HTML and
API adapters share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

from palermo.core.access import deny
from palermo.core.actions.declare import specs

T = TypeVar("T")  # the object acted on (None for an action on no object, such as "create")
I = TypeVar("I")  # noqa: E741  (the input dataclass)
R = TypeVar("R")  # what the service returns

# The actor is resolved by name: core sits below accounts, where actors are defined (as
# DEFAULT_AUTHENTICATION_CLASSES names its classes to DRF). Actors are therefore ``Any`` here.
ACTOR_RESOLVER = "palermo.accounts.actor.request_actor"


def request_actor(request: HttpRequest) -> Any:
    resolver: Callable[[HttpRequest], Any] = import_string(
        getattr(settings, "PALERMO_ACTOR_RESOLVER", ACTOR_RESOLVER)
    )
    return resolver(request)


@dataclass(frozen=True)
class Action(Generic[T, I, R]):
    """``service(actor=, <target_name>=target, [expected_version=], data=input | **input)``.

    ``target`` is the app's access helper, called with the URL's keywords (Http404 for no
    access); without one, ``allowed(actor)`` guards the action (e.g. "may create")."""

    input: type[I]
    service: Callable[..., R]
    target: Callable[..., T] | None = None
    target_name: str = ""
    allowed: Callable[[Any], bool] | None = None
    versioned: bool = False
    # Pass the input's fields as keywords (services with a few plain arguments) instead of data=.
    spread: bool = False
    # More keywords for the service, looked up with the actor's access (e.g. another object).
    lookups: Callable[[Any, T, I], dict[str, Any]] | None = None

    @property
    def declaration(self) -> type:
        return cast(type, self.input)

    def resolve(self, actor: Any, url_kwargs: dict[str, Any]) -> T:
        if self.target is None:
            if self.allowed is not None and not self.allowed(actor):
                raise deny()
            return cast(T, None)  # T is None for an action on no object
        return self.target(actor, **url_kwargs)

    def run(self, actor: Any, target: T, data: I, version: int) -> R:
        kwargs: dict[str, Any] = {"actor": actor}
        if self.target_name:
            kwargs[self.target_name] = target
        if self.versioned:
            kwargs["expected_version"] = version
        if self.lookups is not None:
            kwargs.update(self.lookups(actor, target, data))
        if self.spread:
            kwargs.update(
                {s.name: getattr(data, s.name) for s in specs(self.declaration) if s.to_service}
            )
        else:
            kwargs["data"] = data
        return self.service(**kwargs)

"""The HTML adapter: actor → access helper → form → service → form errors or messages → page.

Django's class-based ``FormView`` was the model; a function is returned instead because every
page here also needs the actor, the access helper and the service, which a FormView would
spread over five overridden methods per action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods, require_POST

from palermo.core.actions.action import Action, request_actor
from palermo.core.actions.forms import ActionForm, form_for
from palermo.core.actions.refusals import Refusal
from palermo.core.errors import ConflictError

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")

StrOrPromise = str | Promise
View = Callable[..., HttpResponse]
# Before the form: a response that ends the request (a refusal of the object's state, a
# step-up to a second factor), or None to go on.
Guard = Callable[[HttpRequest, Any, T], HttpResponse | None]


def _attempt(action: Action[T, I, R], form: ActionForm[I], actor: Any, target: T) -> R | None:
    try:
        return action.run(actor, target, form.to_input(), form.expected_version)
    except (ValidationError, ConflictError) as exc:
        form.add_refusal(Refusal.of(exc))
        return None


def form_page(
    action: Action[T, I, R],
    *,
    template: str,
    done: Callable[[T, R], str],
    then: Callable[[T, R], str],
    initial: Callable[[Any, T], dict[str, Any]] | None = None,
    context: Callable[[Any, T], dict[str, Any]] | None = None,
    guard: Guard[T] | None = None,
) -> View:
    """A page with the action's form: GET shows it, POST runs the service; a refusal shows the
    form again with the service's words at their fields; success flashes ``done`` and
    redirects to ``then``."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, **url_kwargs: Any) -> HttpResponse:
        actor = request_actor(request)
        target = action.resolve(actor, url_kwargs)
        stop = guard(request, actor, target) if guard else None
        if stop is not None:
            return stop
        form_class = form_for(action.declaration, versioned=action.versioned)
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                result = _attempt(action, form, actor, target)
                if result is not None:
                    messages.success(request, done(target, result))
                    return redirect(then(target, result))
        else:
            form = form_class(initial=initial(actor, target) if initial else None)
        extra = context(actor, target) if context else {}
        return render(request, template, {"form": form, **extra})

    return view


def post_button(
    action: Action[T, I, R],
    *,
    done: Callable[[T, R], str],
    then: Callable[[T], str],
    invalid: StrOrPromise,
    guard: Guard[T] | None = None,
) -> View:
    """A small form posted from another page (a button): the outcome is flashed — ``done``,
    the service's refusal, or ``invalid`` — and the browser goes back to ``then``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, **url_kwargs: Any) -> HttpResponse:
        actor = request_actor(request)
        target = action.resolve(actor, url_kwargs)
        stop = guard(request, actor, target) if guard else None
        if stop is not None:
            return stop
        form = form_for(action.declaration, versioned=action.versioned)(request.POST)
        if not form.is_valid():
            messages.error(request, str(invalid))
            return redirect(then(target))
        try:
            result = action.run(actor, target, form.to_input(), form.expected_version)
        except (ValidationError, ConflictError) as exc:
            Refusal.of(exc).flash(request)
        else:
            messages.success(request, done(target, result))
        return redirect(then(target))

    return view

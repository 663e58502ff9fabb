"""The public portal (no log-in) and the page editor for national administrators.

Public pages live under ``/portal/<lang>/`` so that every language has its own address: the pages
are cacheable (``Cache-Control: public, max-age=300``), the language switch is a plain link and
works without JavaScript or cookies. The portal shows only what is published: content pages
marked published and the registries' public answers (``public=True``), never case, shelter or
internal agency data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from palermo.accounts.actor import request_actor
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.hotline import registry_check
from palermo.hotline.services import do_submit_public_tip
from palermo.jurisdictions.pack import get_pack
from palermo.portal import antiabuse
from palermo.portal.access import (
    access_page,
    can_edit_pages,
    pages_for,
    public_page,
    published_pages,
)
from palermo.portal.forms import PageForm, TipForm
from palermo.portal.markdown import render as render_markdown
from palermo.portal.services import do_create_page, do_update_page

PUBLIC_MAX_AGE = 300


def portal_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def public_view(
    *, cache: bool = True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Runs a public view in the language of its address and sets its cache headers."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, lang: str, **kwargs: Any) -> HttpResponse:
            if lang not in portal_languages():
                raise Http404
            with translation.override(lang):
                response = view(request, lang, **kwargs)
            if cache and response.status_code == 200:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            response.headers["Content-Language"] = lang
            return response

        return wrapper

    return decorate


def _context(request: HttpRequest, lang: str, **extra: Any) -> dict[str, Any]:
    match = request.resolver_match
    query = request.META.get("QUERY_STRING", "")
    links = []
    info = translation.get_language_info
    for code in portal_languages():
        url = reverse(match.view_name, kwargs={**match.kwargs, "lang": code}) if match else "#"
        if query and request.method == "GET":
            url = f"{url}?{query}"
        links.append(
            {"code": code, "name": info(code)["name_local"], "url": url, "current": code == lang}
        )
    nav = published_pages().exclude(show_on_home=True)
    return {"lang": lang, "language_links": links, "nav_pages": nav, **extra}


def _legal_basis() -> str:
    """The rule under which the registries publish (the pack's ``registries`` section)."""
    pack = get_pack()
    if pack.registries is None:
        return ""
    return pack.legal_basis(pack.registries.publication_basis).label()


def portal_root(request: HttpRequest) -> HttpResponse:
    lang = translation.get_language_from_request(request)
    if lang not in portal_languages():
        lang = settings.LANGUAGE_CODE
    response = redirect("portal:home", lang=lang)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@public_view()
def home(request: HttpRequest, lang: str) -> HttpResponse:
    featured = [
        {"page": p, "html": render_markdown(p.body(lang))}
        for p in published_pages().filter(show_on_home=True)
    ]
    return render(request, "portal/home.html", _context(request, lang, featured=featured))


@public_view()
def page(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    found = public_page(slug)
    return render(
        request,
        "portal/page.html",
        _context(
            request,
            lang,
            page=found,
            title=found.title(lang),
            html=render_markdown(found.body(lang)),
        ),
    )


@public_view()
def check_agency(request: HttpRequest, lang: str) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:200]
    results: list[dict[str, Any]] | None = None
    error = ""
    if query:
        if len(query) < 2:
            error = _("Enter at least two characters.")
        else:
            try:
                results = registry_check.check_agency(query, public=True)
            except registry_check.RegistryUnavailable:
                error = _("The check is not available at the moment. Please call the hotline.")
    return render(
        request,
        "portal/check.html",
        _context(
            request, lang, query=query, results=results, error=error, legal_basis=_legal_basis()
        ),
    )


@public_view()
def organisations(request: HttpRequest, lang: str) -> HttpResponse:
    error = ""
    try:
        listed = registry_check.published_organisations()
    except registry_check.RegistryUnavailable:
        listed, error = [], _("The list is not available at the moment.")
    return render(
        request,
        "portal/organisations.html",
        _context(request, lang, organisations=listed, error=error, legal_basis=_legal_basis()),
    )


def _tip_form_response(
    request: HttpRequest, lang: str, form: TipForm, status: int = 200, problem: str = ""
) -> HttpResponse:
    token = antiabuse.issue_token()
    if form.is_bound:
        form.data = {**{key: form.data.get(key) for key in form.data}, "token": token}
    else:
        form.initial["token"] = token
    return render(
        request,
        "portal/tip.html",
        _context(request, lang, form=form, problem=problem, honeypot=antiabuse.HONEYPOT_FIELD),
        status=status,
    )


@csrf_exempt  # anonymous and cookie-less on purpose; the signed token and the checks below guard it
@never_cache
@require_http_methods(["GET", "POST"])
@public_view(cache=False)
def tip(request: HttpRequest, lang: str) -> HttpResponse:
    if request.method != "POST":
        return _tip_form_response(request, lang, TipForm())
    if antiabuse.rate_limited(request):
        return render(request, "portal/tip_limited.html", _context(request, lang), status=429)
    form = TipForm(request.POST)
    if request.POST.get(antiabuse.HONEYPOT_FIELD):
        # A bot: answer as if it worked, keep nothing.
        return render(request, "portal/tip_thanks.html", _context(request, lang))
    problem = antiabuse.check_token(request.POST.get("token", ""))
    if problem is not None:
        message = {
            antiabuse.TokenProblem.TOO_FAST: _(
                "That was very quick. Please check your message and send it again."
            ),
            antiabuse.TokenProblem.TOO_OLD: _(
                "The form was open for a long time. Please check your message and send it again."
            ),
            antiabuse.TokenProblem.INVALID: _("Please send the form again."),
        }[problem]
        return _tip_form_response(request, lang, form, status=400, problem=message)
    if form.is_valid():
        try:
            do_submit_public_tip(
                region=form.cleaned_data["region"],
                what_happened=form.cleaned_data["what_happened"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as exc:
            for name, msgs in exc.message_dict.items():
                for m in msgs:
                    form.add_error(name if name in form.fields else None, m)
        else:
            return render(request, "portal/tip_thanks.html", _context(request, lang))
    return _tip_form_response(request, lang, form, status=400)


# --- The page editor (national administrators) ------------------------------------------------


@login_required
def manage_pages(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_edit_pages(actor):
        raise deny()
    return render(request, "portal/manage_list.html", {"pages": pages_for(actor)})


@login_required
@require_http_methods(["GET", "POST"])
def manage_page_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_edit_pages(actor):
        raise deny()
    form = PageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = do_create_page(actor=actor, data=form.page_input())
        except ValidationError as exc:
            form.add_service_errors(
                exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            )
        else:
            messages.success(request, _("Page “%(slug)s” created.") % {"slug": created.slug})
            return redirect("portal:manage")
    return render(request, "portal/manage_form.html", {"form": form, "page": None})


@login_required
@require_http_methods(["GET", "POST"])
def manage_page_edit(request: HttpRequest, page_id: int) -> HttpResponse:
    actor = request_actor(request)
    found = access_page(actor, page_id)
    if request.method == "POST":
        form = PageForm(request.POST)
        if form.is_valid():
            try:
                do_update_page(
                    actor=actor,
                    page=found,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.page_input(),
                )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(
                    exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                )
            else:
                messages.success(request, _("Page “%(slug)s” saved.") % {"slug": found.slug})
                return redirect("portal:manage")
    else:
        form = PageForm(instance=found, initial={"version": found.version})
    preview = {lang: render_markdown(found.body(lang)) for lang in ("en", "ru", "be")}
    return render(
        request, "portal/manage_form.html", {"form": form, "page": found, "preview": preview}
    )

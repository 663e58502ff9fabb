"""Helpers shared by the registry views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from palermo.accounts.actor import Actor
from palermo.core.access import deny
from palermo.jurisdictions.pack import get_pack
from palermo.registries.permissions import can_manage

PAGE_SIZE = 25


def require(allowed: bool) -> None:
    if not allowed:
        raise deny()


def require_manager(actor: Actor) -> None:
    require(can_manage(actor))


def page_of(request: HttpRequest, qs: QuerySet[Any]) -> Page[Any]:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def legal_basis_label(citation: str) -> str:
    """The stored (English) citation, shown in the interface language when the pack has it."""
    for legal_basis in get_pack().legal_bases:
        if legal_basis.citation == citation:
            return legal_basis.label()
    return citation


def list_response(
    request: HttpRequest, full: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    template = partial if getattr(request, "htmx", False) else full
    params = request.GET.copy()
    params.pop("page", None)
    context["filters"] = params.urlencode()
    return render(request, template, context)

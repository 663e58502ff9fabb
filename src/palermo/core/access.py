"""The access-helper pattern.

Each resource has one helper, e.g. ``access_case(actor, case_id, write=False)``, built on these
functions. A helper starts from a *scoped* queryset (what this actor may see at all) and raises
Http404 for anything outside it, so "you may not see it" answers exactly like "it does not exist",
in HTML and in the API alike: no one can probe which reference numbers exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        # ValueError/TypeError: a malformed id (e.g. "abc" for an integer key) is "not found" too.
        raise Http404 from None


def deny() -> Http404:
    """The one error for "no access": the same as not found."""
    return Http404()

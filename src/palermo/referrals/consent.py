"""The one place that asks whether the person's consent covers sharing with referral agencies.

The cases app provides ``consent_covers(case, purpose) -> bool`` (in ``palermo.cases.consent`` or
``palermo.cases.services``). Until it exists, consent is treated as given (so that the referral
mechanism works before consent recording does); once it exists it answers, with no change here.
Consent that was never recorded does not cover sharing.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from django.db.models import Exists, QuerySet

    from palermo.cases.models import Case

SHARING_PURPOSE = "sharing_with_referral_agencies"

ConsentCheck = Callable[["Case", str], bool]
ConsentFilter = Callable[["QuerySet[Case]", str], "QuerySet[Case]"]


# Where the cases app provides ``consent_covers(case, purpose)``, in order of preference.
PROVIDERS = ("palermo.cases.consent", "palermo.cases.services")


def _provider() -> ConsentCheck | None:
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise  # the module exists but is broken: never fall back to "consent given"
            continue
        check = getattr(module, "consent_covers", None)
        if callable(check):
            return cast(ConsentCheck, check)
    return None


def consent_covers(case: Case, purpose: str = SHARING_PURPOSE) -> bool:
    check = _provider()
    return True if check is None else bool(check(case, purpose))


def _filter_provider(check: ConsentCheck) -> ConsentFilter | None:
    """The set form of ``check`` (``cases_with_consent(queryset, purpose)``) from the module that
    provides it, so that a scope asks the database once rather than once per case. A check
    without a set form next to it (a stand-in) is asked case by case."""
    module = sys.modules.get(getattr(check, "__module__", "") or "")
    found = getattr(module, "cases_with_consent", None) if module is not None else None
    return cast(ConsentFilter, found) if callable(found) else None


def cases_with_sharing_consent(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Those ``cases`` whose consent covers sharing with referral agencies, as a queryset (one
    SQL condition when the cases app provides its set form)."""
    check = _provider()
    if check is None:
        return cases
    set_form = _filter_provider(check)
    if set_form is not None:
        return set_form(cases, SHARING_PURPOSE)
    allowed: Iterable[int] = [case.pk for case in cases if check(case, SHARING_PURPOSE)]
    return cases.filter(pk__in=allowed)


def sharing_consent_exists(case_ref: str) -> Exists | None:
    """:func:`cases_with_sharing_consent` as an ``EXISTS`` on the case that ``case_ref`` names in
    an outer query (``"pk"`` on cases, ``"case_id"`` on referrals), for a list that loads it with
    its rows; ``None`` when the answer is not one SQL condition (no set form), and the caller
    asks :func:`cases_with_sharing_consent` instead."""
    from django.db.models import Exists, OuterRef

    from palermo.cases.models import Case

    check = _provider()
    set_form = _filter_provider(check) if check is not None else None
    if set_form is None:
        return None
    return Exists(set_form(Case.objects.filter(pk=OuterRef(case_ref)), SHARING_PURPOSE))

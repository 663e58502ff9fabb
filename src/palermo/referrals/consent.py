"""The one place that asks whether the person's consent covers sharing with referral agencies.

The cases app provides ``consent_covers(case, purpose) -> bool`` (in ``palermo.cases.consent`` or
``palermo.cases.services``). Until it exists, consent is treated as given (so that the referral
mechanism works before consent recording does); once it exists it answers, with no change here.
Consent that was never recorded does not cover sharing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from palermo.cases.models import Case

SHARING_PURPOSE = "sharing_with_referral_agencies"

ConsentCheck = Callable[["Case", str], bool]


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


def cases_with_sharing_consent(cases: Iterable[Case]) -> list[int]:
    """The ids of those ``cases`` whose consent covers sharing with referral agencies."""
    check = _provider()
    return [case.pk for case in cases if check is None or check(case, SHARING_PURPOSE)]

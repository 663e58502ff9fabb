"""Shelter actions served by the shared HTML and API adapters (core/actions): each names its
access helper, its input and its service once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar

from django.utils.translation import gettext_lazy as _

from palermo.core.actions import Action, param
from palermo.shelters.access import access_admission
from palermo.shelters.models import Admission
from palermo.shelters.services import (
    MAX_NOTE,
    DischargeInput,
    do_discharge,
    do_place_from_waiting_list,
    do_remove_from_waiting_list,
    do_set_waiting_priority,
)
from palermo.shelters.vocab import Priority

I = TypeVar("I")  # noqa: E741  (an input dataclass)

write_admission = partial(access_admission, write=True)


@dataclass
class PlaceInput:
    admitted_on: date | None = param(default=None, label=_("Admitted on"))


@dataclass
class RemoveInput:
    reason: str = param(default="", label=_("Why"), max_length=MAX_NOTE)


@dataclass
class PriorityInput:
    priority: str = param(
        default="", required=True, label=_("Priority on the waiting list"), choices=Priority.choices
    )


def _on_admission(
    input: type[I], service: Callable[..., Admission], *, spread: bool
) -> Action[Admission, I, Admission]:
    """An action of the facility's managers on an admission, checked against its version."""
    return Action(
        input=input,
        service=service,
        target=write_admission,
        target_name="admission",
        versioned=True,
        spread=spread,
    )


DISCHARGE = _on_admission(DischargeInput, do_discharge, spread=False)
PLACE = _on_admission(PlaceInput, do_place_from_waiting_list, spread=True)
REMOVE = _on_admission(RemoveInput, do_remove_from_waiting_list, spread=True)
PRIORITY = _on_admission(PriorityInput, do_set_waiting_priority, spread=True)

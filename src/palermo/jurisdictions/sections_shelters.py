"""Reader for the optional ``shelters`` section of a pack: shelter admission rules.

Like the other readers it reports every problem to the :class:`Checker` (file, key path, line)
and builds what it can. (Placeholder shape: the section's content is defined by its app's issue.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.model import AgencyKind, LegalBasis


@dataclass(frozen=True)
class ShelterRules:
    pass


def read_shelters(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
) -> ShelterRules | None:
    if not ck.mapping(node):
        return None
    return ShelterRules()

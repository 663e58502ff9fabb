"""Reader for the optional ``justice`` section of a pack: criminal proceedings, protection measures, expulsion suspension and compensation.

Like the other readers it reports every problem to the :class:`Checker` (file, key path, line)
and builds what it can. (Placeholder shape: the section's content is defined by its app's issue.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.model import AgencyKind, LegalBasis


@dataclass(frozen=True)
class JusticeRules:
    pass


def read_justice(
    ck: Checker,
    node: Node,
    kinds: Mapping[str, AgencyKind] | None,
    bases: Mapping[str, LegalBasis] | None,
) -> JusticeRules | None:
    if not ck.mapping(node):
        return None
    return JusticeRules()

"""Reader for the optional ``ctdc_export`` section of a pack: the rule for the record-level
export in the layout of the Counter Trafficking Data Collaborative's global dataset (CTDC).

The CTDC publishes one row per victim, k-anonymous on its quasi-identifiers (k = 11). The pack
says which k this country applies, which code stands for "missing" and where the rule comes from::

    ctdc_export:
      k: 11
      missing_code: -99
      legal_basis: law_350z_art26
      source: {en: ..., ru: ..., be: ...}

Like the other readers it reports every problem to the :class:`Checker` and builds what it can.
The statistics tables use their own ``disclosure`` section; this one is for record-level data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.model import LegalBasis
from palermo.jurisdictions.sections import _reference, optional
from palermo.jurisdictions.text import Text

# A k below 2 is no anonymity at all; above 1000 no national dataset would keep a row.
MIN_K, MAX_K = 2, 1000


@dataclass(frozen=True)
class CtdcExportRules:
    """How the CTDC-layout export is made anonymous."""

    k: int
    missing_code: int
    source: Text
    legal_basis: LegalBasis | None = None

    def source_text(self, lang: str | None = None) -> str:
        return self.source.get(lang)


def read_ctdc_export(
    ck: Checker, node: Node, bases: Mapping[str, LegalBasis] | None
) -> CtdcExportRules | None:
    if not ck.mapping(node, required=("k", "missing_code", "source"), optional=("legal_basis",)):
        return None
    k = optional(node, "k", lambda n: ck.integer(n, MIN_K, MAX_K))
    missing = optional(node, "missing_code", lambda n: ck.integer(n, -9999, -1))
    source = optional(node, "source", ck.text)
    basis = optional(
        node,
        "legal_basis",
        lambda n: _reference(
            ck, n, bases, gettext_noop("%(value)s is not a legal basis of this pack")
        ),
    )
    if k is None or missing is None or source is None:
        return None
    return CtdcExportRules(k=k, missing_code=missing, source=source, legal_basis=basis)

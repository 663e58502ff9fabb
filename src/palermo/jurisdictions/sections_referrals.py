"""Reader for the optional ``referrals`` section of a pack: the referral mechanism's deadlines.

How urgency shortens the answer deadline (the pack's ``referral_response`` deadline), and how
long a receiving agency keeps access to a case after completing a referral. The format is
documented in docs/jurisdiction-packs.md ("referrals").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from palermo.jurisdictions.checker import Checker, Node
from palermo.jurisdictions.errors import gettext_noop
from palermo.jurisdictions.sections import optional

# The urgency levels of palermo.referrals.vocab.Urgency.
URGENCY_LEVELS = ("routine", "urgent", "emergency")
MAX_DAYS = 3650


@dataclass(frozen=True)
class ReferralRules:
    """The referral mechanism's deadlines (``optional_pack_section("referrals")``)."""

    # Calendar days a receiving agency keeps access to the case after completing a referral.
    follow_up_days: int
    # Urgency level -> at most this many working days for the answer (absent or None: the pack's
    # referral_response deadline unchanged; 0: the same day).
    urgency_caps: Mapping[str, int | None] = field(default_factory=dict)


def read_referrals(ck: Checker, node: Node) -> ReferralRules | None:
    if not ck.mapping(node, required=("follow_up_days",), optional=("urgency",)):
        return None
    before = len(ck.problems)
    follow_up = optional(node, "follow_up_days", lambda n: ck.integer(n, 0, MAX_DAYS))
    caps: dict[str, int | None] = {}
    if node.has("urgency"):
        template = gettext_noop("%(value)s is not an urgency level (%(allowed)s)")
        for level, item in ck.entries(node.child("urgency")):
            if ck.choice(item.with_value(level), URGENCY_LEVELS, template) is None:
                continue
            if item.value is None:
                caps[level] = None
            else:
                cap = ck.integer(item, 0, MAX_DAYS)
                if cap is not None:
                    caps[level] = cap
    if len(ck.problems) != before or follow_up is None:
        return None
    return ReferralRules(follow_up_days=follow_up, urgency_caps=MappingProxyType(caps))

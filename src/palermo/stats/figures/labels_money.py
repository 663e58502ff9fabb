"""Titles, definitions and labels of the compensation and fund tables
(:mod:`palermo.stats.figures.compensation`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.justice.compensation.rules import rules
from palermo.justice.compensation.vocab import DamageKind, Payer, TransactionKind
from palermo.stats.figures.textbase import TableText

AMOUNTS_NOTE = gettext_lazy(
    "Amounts in whole units of the fund's currency; other currencies are left out. An amount is "
    "withheld when fewer records than the disclosure rule requires stand behind it."
)

TABLES: dict[str, TableText] = {
    "compensation_claims": TableText(
        gettext_lazy("Compensation claims, by what became of them"),
        gettext_lazy(
            "Victims' claims for compensation filed in criminal proceedings in the period, by "
            "whether a court has awarded them and how much of the award has been paid today."
        ),
    ),
    "compensation_claimed": TableText(
        gettext_lazy("Compensation claimed, by damage"),
        gettext_lazy("Amounts claimed in the claims filed in the period, by kind of damage."),
        AMOUNTS_NOTE,
    ),
    "compensation_awarded": TableText(
        gettext_lazy("Compensation awarded, by damage"),
        gettext_lazy("Amounts courts awarded in judgments of the period, by kind of damage."),
        AMOUNTS_NOTE,
    ),
    "compensation_paid": TableText(
        gettext_lazy("Compensation paid, by payer and damage"),
        gettext_lazy(
            "Amounts paid to victims in the period by convicted offenders or from the fund "
            "(a fund payment that was reversed is not counted)."
        ),
        AMOUNTS_NOTE,
    ),
    "fund_balance": TableText(
        gettext_lazy("The fund's balance"),
        gettext_lazy(
            "Money in the fund's bank account at the end of the period, from its ledger. The "
            "fund is national."
        ),
        AMOUNTS_NOTE,
    ),
    "fund_receipts": TableText(
        gettext_lazy("The fund's receipts"),
        gettext_lazy(
            "Money the fund received in the period from confiscated property (reversed "
            "transactions are left out). The fund is national."
        ),
        AMOUNTS_NOTE,
    ),
    "fund_disbursements": TableText(
        gettext_lazy("The fund's disbursements"),
        gettext_lazy(
            "Money the fund paid out in the period to victims and as grants to programmes and "
            "organisations (reversed transactions are left out). The fund is national."
        ),
        AMOUNTS_NOTE,
    ),
}


def _choice(choices: Sequence[tuple[str, object]]) -> Callable[[str], str]:
    return lambda code: str(dict(choices).get(code, code))


def _fund_line(code: str) -> str:
    if code == "balance":
        return _("Balance at the end of the period")
    return str(dict(TransactionKind.choices).get(code, code))


def _amount(code: str) -> str:
    currency = rules().currency
    names = {
        "claimed": _("Claimed, %(currency)s"),
        "awarded": _("Awarded, %(currency)s"),
        "amount": _("Amount, %(currency)s"),
    }
    return names.get(code, code) % {"currency": currency}


def _claim_state(code: str) -> str:
    return {
        "no_award": _("No award yet"),
        "awarded_unpaid": _("Awarded, nothing paid"),
        "awarded_part_paid": _("Awarded, partly paid"),
        "awarded_paid": _("Awarded and paid in full"),
    }.get(code, code)


COUNTS: dict[str, Callable[[], str]] = {"claims": lambda: _("Claims")}

DIMENSIONS: dict[str, Callable[[str], str]] = {
    "amount": _amount,
    "damage": _choice(DamageKind.choices),
    "payer": _choice(Payer.choices),
    "fund_transaction": _fund_line,
    "claim_state": _claim_state,
}

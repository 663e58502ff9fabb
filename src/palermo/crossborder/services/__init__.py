"""Every change of cross-border referrals: keys, partners, sending, receiving and answering.

Views, the API and the CLI call these functions; none writes the models directly. Split by topic:
``keys`` (this installation's key pair and the partners), ``exchange`` (the referrals).
"""

from palermo.crossborder.services.exchange import (
    ANSWER_VALID_DAYS,
    MAX_DAYS,
    MAX_NOTE,
    AnswerInput,
    Received,
    SendInput,
    do_answer_incoming,
    do_deliver_answer,
    do_deliver_referral,
    do_receive_package,
    do_send_referral,
    record_incoming_read,
    validate_send,
)
from palermo.crossborder.services.keys import (
    PURPOSE,
    PartnerInput,
    do_generate_installation_key,
    do_register_partner,
    do_set_partner_active,
    own_keypair,
    partner_public_keys,
    public_key_text,
    validate_partner,
)

__all__ = [
    "ANSWER_VALID_DAYS",
    "MAX_DAYS",
    "MAX_NOTE",
    "PURPOSE",
    "AnswerInput",
    "PartnerInput",
    "Received",
    "SendInput",
    "do_answer_incoming",
    "do_deliver_answer",
    "do_deliver_referral",
    "do_generate_installation_key",
    "do_receive_package",
    "do_register_partner",
    "do_send_referral",
    "do_set_partner_active",
    "own_keypair",
    "partner_public_keys",
    "public_key_text",
    "record_incoming_read",
    "validate_partner",
    "validate_send",
]

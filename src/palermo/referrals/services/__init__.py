"""Every change in the referral mechanism. Views, API, CLI and the demo loader call these."""

from palermo.referrals.services.assistance import (
    DeliveryInput,
    FollowUpInput,
    GoalInput,
    do_add_goal,
    do_record_follow_up,
    do_record_service_delivery,
    do_update_goal,
)
from palermo.referrals.services.avr import (
    AvrInput,
    do_add_avr_counselling,
    do_open_assisted_return,
    do_update_assisted_return,
)
from palermo.referrals.services.directory import (
    OfferingInput,
    do_create_offering,
    do_update_offering,
)
from palermo.referrals.services.reads import record_shared_list, record_shared_view
from palermo.referrals.services.referrals import (
    ReferralInput,
    do_accept_referral,
    do_complete_referral,
    do_decline_referral,
    do_revoke_referral,
    do_send_referral,
    do_withdraw_referral,
    offered_services,
    validate_referral,
)

__all__ = [
    "AvrInput",
    "DeliveryInput",
    "FollowUpInput",
    "GoalInput",
    "OfferingInput",
    "ReferralInput",
    "do_accept_referral",
    "do_add_avr_counselling",
    "do_add_goal",
    "do_complete_referral",
    "do_create_offering",
    "do_decline_referral",
    "do_open_assisted_return",
    "do_record_follow_up",
    "do_record_service_delivery",
    "do_revoke_referral",
    "do_send_referral",
    "do_update_assisted_return",
    "do_update_goal",
    "do_update_offering",
    "do_withdraw_referral",
    "offered_services",
    "record_shared_list",
    "record_shared_view",
    "validate_referral",
]

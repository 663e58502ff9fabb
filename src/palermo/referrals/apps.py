from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referrals between agencies, the service directory, assistance and assisted return."""

    name = "palermo.referrals"
    label = "referrals"
    verbose_name = _("Referrals and assistance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the notification kinds (their message templates) with core.notifications.
        from palermo.cases.access import register_sharing
        from palermo.referrals import checks, notify  # noqa: F401
        from palermo.referrals.access import ReferralSharing

        # Cases referred to an agency widen its case scope (palermo.cases.access.cases_for).
        register_sharing(ReferralSharing())

"""API routes of the referral mechanism; palermo/urls.py includes them under /api/."""

from django.urls import path

from palermo.referrals.api import (
    views_assistance as assistance,
)
from palermo.referrals.api import (
    views_directory as directory,
)
from palermo.referrals.api import (
    views_export as export,
)
from palermo.referrals.api import (
    views_notifications as notifications,
)
from palermo.referrals.api import (
    views_referrals as referrals,
)

urlpatterns = [
    path("service-types/", directory.ServiceTypeListAPI.as_view(), name="api-service-types"),
    path("service-offerings/", directory.OfferingListAPI.as_view(), name="api-service-offerings"),
    path(
        "service-offerings/<int:offering_id>/",
        directory.OfferingDetailAPI.as_view(),
        name="api-service-offering",
    ),
    path("referrals/", referrals.ReferralListAPI.as_view(), name="api-referrals"),
    path("referrals/export/", export.ReferralExportAPI.as_view(), name="api-referrals-export"),
    path(
        "referrals/dashboard/",
        referrals.ReferralDashboardAPI.as_view(),
        name="api-referrals-dashboard",
    ),
    path(
        "referrals/<int:referral_id>/", referrals.ReferralDetailAPI.as_view(), name="api-referral"
    ),
    path(
        "referrals/<int:referral_id>/accept/",
        referrals.ReferralAcceptAPI.as_view(),
        name="api-referral-accept",
    ),
    path(
        "referrals/<int:referral_id>/decline/",
        referrals.ReferralDeclineAPI.as_view(),
        name="api-referral-decline",
    ),
    path(
        "referrals/<int:referral_id>/complete/",
        referrals.ReferralCompleteAPI.as_view(),
        name="api-referral-complete",
    ),
    path(
        "referrals/<int:referral_id>/withdraw/",
        referrals.ReferralWithdrawAPI.as_view(),
        name="api-referral-withdraw",
    ),
    path(
        "referrals/<int:referral_id>/revoke/",
        referrals.ReferralRevokeAPI.as_view(),
        name="api-referral-revoke",
    ),
    path(
        "cases/<int:case_id>/services-delivered/",
        assistance.DeliveryListAPI.as_view(),
        name="api-case-services-delivered",
    ),
    path(
        "cases/<int:case_id>/reintegration-goals/",
        assistance.GoalListAPI.as_view(),
        name="api-case-reintegration-goals",
    ),
    path(
        "reintegration-goals/<int:goal_id>/",
        assistance.GoalDetailAPI.as_view(),
        name="api-reintegration-goal",
    ),
    path(
        "cases/<int:case_id>/follow-ups/",
        assistance.FollowUpListAPI.as_view(),
        name="api-case-follow-ups",
    ),
    path(
        "follow-ups/overdue/",
        assistance.OverdueFollowUpsAPI.as_view(),
        name="api-follow-ups-overdue",
    ),
    path(
        "cases/<int:case_id>/assisted-return/",
        assistance.AssistedReturnAPI.as_view(),
        name="api-case-assisted-return",
    ),
    path(
        "cases/<int:case_id>/assisted-return/counselling/",
        assistance.AvrCounsellingAPI.as_view(),
        name="api-case-assisted-return-counselling",
    ),
    path("notifications/", notifications.NotificationListAPI.as_view(), name="api-notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.NotificationReadAPI.as_view(),
        name="api-notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllAPI.as_view(),
        name="api-notifications-read-all",
    ),
]

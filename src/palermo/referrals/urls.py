"""HTML pages of the referral mechanism, under /referrals/."""

from django.urls import path

from palermo.referrals.views import (
    assistance,
    dashboard,
    directory,
    export,
    notifications,
    referrals,
)

app_name = "referrals"
urlpatterns = [
    path("", referrals.inbox, name="inbox"),
    path("export/", export.referral_export, name="export"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("<int:referral_id>/", referrals.referral_detail, name="detail"),
    path("<int:referral_id>/accept/", referrals.referral_accept, name="accept"),
    path("<int:referral_id>/decline/", referrals.referral_decline, name="decline"),
    path("<int:referral_id>/complete/", referrals.referral_complete, name="complete"),
    path("<int:referral_id>/withdraw/", referrals.referral_withdraw, name="withdraw"),
    path("<int:referral_id>/revoke/", referrals.referral_revoke, name="revoke"),
    path("cases/<int:case_id>/", assistance.case_page, name="case"),
    path("cases/<int:case_id>/refer/", referrals.referral_send, name="send"),
    path(
        "cases/<int:case_id>/refer/agencies/",
        referrals.referral_send_agencies,
        name="send_agencies",
    ),
    path("cases/<int:case_id>/services/new/", assistance.delivery_new, name="delivery_new"),
    path("cases/<int:case_id>/goals/new/", assistance.goal_new, name="goal_new"),
    path("goals/<int:goal_id>/edit/", assistance.goal_edit, name="goal_edit"),
    path("cases/<int:case_id>/follow-ups/new/", assistance.follow_up_new, name="followup_new"),
    path("cases/<int:case_id>/return/", assistance.assisted_return, name="avr"),
    path(
        "cases/<int:case_id>/return/counselling/",
        assistance.avr_counselling,
        name="avr_counselling",
    ),
    path("directory/", directory.directory, name="directory"),
    path("directory/new/", directory.offering_new, name="offering_new"),
    path("directory/<int:offering_id>/edit/", directory.offering_edit, name="offering_edit"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/<int:notification_id>/open/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read-all/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
]

from django.urls import path

from palermo.accounts import admin_api as api

urlpatterns = [
    path("users/", api.AdminUserListAPI.as_view(), name="api-admin-users"),
    path("users/<int:user_id>/", api.AdminUserAPI.as_view(), name="api-admin-user"),
    path(
        "users/<int:user_id>/memberships/",
        api.AdminMembershipGrantAPI.as_view(),
        name="api-admin-membership-grant",
    ),
    *[
        path(
            f"users/<int:user_id>/{action}/",
            api.AdminUserActionAPI.as_view(action_name=action),
            name=f"api-admin-user-{action}",
        )
        for action in ("deactivate", "reactivate", "reset-second-factor", "invitation")
    ],
    path(
        "memberships/<int:membership_id>/",
        api.AdminMembershipAPI.as_view(),
        name="api-admin-membership",
    ),
    path(
        "memberships/<int:membership_id>/remove/",
        api.AdminMembershipRemoveAPI.as_view(),
        name="api-admin-membership-remove",
    ),
    path("agencies/", api.AdminAgencyListAPI.as_view(), name="api-admin-agencies"),
    path("agencies/<int:agency_id>/", api.AdminAgencyAPI.as_view(), name="api-admin-agency"),
]

from django.urls import path

from palermo.accounts import admin_views as views

app_name = "administration"
urlpatterns = [
    path("", views.users, name="users"),
    path("users/invite/", views.invite, name="invite"),
    path("users/<int:user_id>/", views.user_detail, name="user"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/memberships/", views.membership_grant, name="membership_grant"),
    path(
        "users/<int:user_id>/second-factor/reset/",
        views.user_reset_second_factor,
        name="reset_second_factor",
    ),
    path(
        "users/<int:user_id>/deactivate/",
        views.user_set_active,
        {"active": False},
        name="deactivate",
    ),
    path(
        "users/<int:user_id>/reactivate/",
        views.user_set_active,
        {"active": True},
        name="reactivate",
    ),
    path("users/<int:user_id>/invitation/", views.user_reinvite, name="reinvite"),
    path("memberships/<int:membership_id>/role/", views.membership_role, name="membership_role"),
    path(
        "memberships/<int:membership_id>/remove/", views.membership_remove, name="membership_remove"
    ),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/new/", views.agency_new, name="agency_new"),
    path("agencies/<int:agency_id>/edit/", views.agency_edit, name="agency_edit"),
]

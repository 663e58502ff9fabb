from django.contrib.auth import views as auth_views
from django.urls import path

from palermo.accounts import admin_views, passkey_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path(
        "two-factor/passkey/options/",
        passkey_views.passkey_verify_options,
        name="passkey_verify_options",
    ),
    path("two-factor/passkey/", passkey_views.passkey_verify, name="passkey_verify"),
    path("passkeys/", passkey_views.passkey_list, name="passkeys"),
    path(
        "passkeys/register/options/",
        passkey_views.passkey_register_options,
        name="passkey_register_options",
    ),
    path("passkeys/register/", passkey_views.passkey_register, name="passkey_register"),
    path("passkeys/<int:passkey_id>/remove/", passkey_views.passkey_remove, name="passkey_remove"),
    path("switch/", views.switch_membership, name="switch_membership"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("invitation/<str:token>/", admin_views.accept_invitation, name="accept_invitation"),
]

"""Pages of cross-border referrals, included by the project under ``crossborder/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.crossborder import views

app_name = "crossborder"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:partner_id>/active/", views.partner_active, name="partner_active"),
    path("key/", views.key_generate, name="key_generate"),
    path("key/public.json", views.key_download, name="key_download"),
    path("send/<int:case_id>/", views.send, name="send"),
    path("outgoing/<int:referral_id>/", views.outgoing_detail, name="outgoing"),
    path("outgoing/<int:referral_id>/package/", views.outgoing_package, name="outgoing_package"),
    path("outgoing/<int:referral_id>/deliver/", views.outgoing_deliver, name="outgoing_deliver"),
    path("receive/", views.receive, name="receive"),
    path("incoming/<int:incoming_id>/", views.incoming_detail, name="incoming"),
    path("incoming/<int:incoming_id>/answer/", views.incoming_answer, name="incoming_answer"),
    path(
        "incoming/<int:incoming_id>/answer/package/",
        views.incoming_answer_package,
        name="incoming_answer_package",
    ),
    path(
        "incoming/<int:incoming_id>/answer/deliver/",
        views.incoming_deliver_answer,
        name="incoming_deliver_answer",
    ),
]

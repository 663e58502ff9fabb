"""API routes of cross-border referrals, included by the project under ``api/crossborder/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.crossborder import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("key/", api.PublicKeyAPI.as_view(), name="api-crossborder-key"),
    path("partners/", api.PartnerListAPI.as_view(), name="api-crossborder-partners"),
    path(
        "partners/<int:partner_id>/active/",
        api.PartnerActiveAPI.as_view(),
        name="api-crossborder-partner-active",
    ),
    path("outgoing/", api.OutgoingListAPI.as_view(), name="api-crossborder-outgoing"),
    path(
        "outgoing/<int:referral_id>/",
        api.OutgoingDetailAPI.as_view(),
        name="api-crossborder-outgoing-detail",
    ),
    path(
        "outgoing/<int:referral_id>/package/",
        api.OutgoingPackageAPI.as_view(),
        name="api-crossborder-outgoing-package",
    ),
    path(
        "outgoing/<int:referral_id>/deliver/",
        api.OutgoingDeliverAPI.as_view(),
        name="api-crossborder-outgoing-deliver",
    ),
    path("incoming/", api.IncomingListAPI.as_view(), name="api-crossborder-incoming"),
    path(
        "incoming/<int:incoming_id>/",
        api.IncomingDetailAPI.as_view(),
        name="api-crossborder-incoming-detail",
    ),
    path(
        "incoming/<int:incoming_id>/answer/",
        api.IncomingAnswerAPI.as_view(),
        name="api-crossborder-incoming-answer",
    ),
    path(
        "incoming/<int:incoming_id>/answer/package/",
        api.IncomingAnswerPackageAPI.as_view(),
        name="api-crossborder-incoming-answer-package",
    ),
    path(
        "incoming/<int:incoming_id>/answer/deliver/",
        api.IncomingDeliverAnswerAPI.as_view(),
        name="api-crossborder-incoming-answer-deliver",
    ),
    path("packages/", api.UploadAPI.as_view(), name="api-crossborder-upload"),
    path("inbox/", api.InboxAPI.as_view(), name="api-crossborder-inbox"),
]

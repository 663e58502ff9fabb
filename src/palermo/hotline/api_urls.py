"""API routes of the hotline, included by the project under ``api/hotline/``."""

from django.urls import path

from palermo.hotline import api

urlpatterns = [
    path("calls/", api.CallListAPI.as_view(), name="api-hotline-calls"),
    path("calls/<int:call_id>/", api.CallDetailAPI.as_view(), name="api-hotline-call"),
    path(
        "calls/<int:call_id>/agency-checks/",
        api.CallAgencyCheckAPI.as_view(),
        name="api-hotline-call-check",
    ),
    path(
        "calls/<int:call_id>/handover/", api.CallHandoverAPI.as_view(), name="api-hotline-handover"
    ),
    path("tips/", api.TipListAPI.as_view(), name="api-hotline-tips"),
    path("tips/<int:tip_id>/", api.TipDetailAPI.as_view(), name="api-hotline-tip"),
    path("tips/<int:tip_id>/forward/", api.TipForwardAPI.as_view(), name="api-hotline-tip-forward"),
    path("tips/<int:tip_id>/close/", api.TipCloseAPI.as_view(), name="api-hotline-tip-close"),
    path("statistics/", api.CallStatisticsAPI.as_view(), name="api-hotline-statistics"),
]

"""API routes of prevention, included by the project under ``api/prevention/``."""

from django.urls import path

from palermo.prevention import api

urlpatterns = [
    path("activities/", api.ActivityListAPI.as_view(), name="api-prevention-activities"),
    path(
        "activities/<int:activity_id>/",
        api.ActivityDetailAPI.as_view(),
        name="api-prevention-activity",
    ),
    path("summary/", api.PreventionSummaryAPI.as_view(), name="api-prevention-summary"),
]

"""API routes of the portal's page editor, included by the project under ``api/portal/``."""

from django.urls import path

from palermo.portal import api

urlpatterns = [
    path("pages/", api.PageListAPI.as_view(), name="api-portal-pages"),
    path("pages/<int:page_id>/", api.PageDetailAPI.as_view(), name="api-portal-page"),
]

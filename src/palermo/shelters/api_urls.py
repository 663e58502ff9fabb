"""API routes of the shelters app, included by the project under ``api/shelters/``."""

from django.urls import URLPattern, path

from palermo.shelters import api

urlpatterns: list[URLPattern] = [
    path("facilities/", api.FacilityListAPI.as_view(), name="api-shelters-facilities"),
    path(
        "facilities/<int:facility_id>/",
        api.FacilityDetailAPI.as_view(),
        name="api-shelters-facility",
    ),
    path(
        "facilities/<int:facility_id>/admissions/",
        api.FacilityAdmissionsAPI.as_view(),
        name="api-shelters-facility-admissions",
    ),
    path(
        "admissions/<int:admission_id>/",
        api.AdmissionDetailAPI.as_view(),
        name="api-shelters-admission",
    ),
    path(
        "admissions/<int:admission_id>/discharge/",
        api.DischargeAPI.as_view(),
        name="api-shelters-discharge",
    ),
    path(
        "admissions/<int:admission_id>/transfer/",
        api.TransferAPI.as_view(),
        name="api-shelters-transfer",
    ),
    path("admissions/<int:admission_id>/place/", api.PlaceAPI.as_view(), name="api-shelters-place"),
    path(
        "admissions/<int:admission_id>/remove/", api.RemoveAPI.as_view(), name="api-shelters-remove"
    ),
    path(
        "admissions/<int:admission_id>/priority/",
        api.PriorityAPI.as_view(),
        name="api-shelters-priority",
    ),
    path("occupancy/", api.OccupancyAPI.as_view(), name="api-shelters-occupancy"),
]

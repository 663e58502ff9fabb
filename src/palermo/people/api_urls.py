"""API routes, included by the project under ``api/people/``."""

from django.urls import path

from palermo.people import api

urlpatterns = [
    path("matches/", api.MatchCheckAPI.as_view(), name="api-people-matches"),
    path(
        "contact-requests/",
        api.ContactRequestListAPI.as_view(),
        name="api-people-contact-requests",
    ),
    path(
        "contact-requests/<int:request_id>/answer/",
        api.ContactRequestAnswerAPI.as_view(),
        name="api-people-contact-request-answer",
    ),
    path("duplicates/", api.SuspectedDuplicateListAPI.as_view(), name="api-people-duplicates"),
    path("duplicates/scan/", api.DuplicateScanAPI.as_view(), name="api-people-duplicate-scan"),
    path(
        "duplicates/<int:pair_id>/dismiss/",
        api.SuspectedDuplicateDismissAPI.as_view(),
        name="api-people-duplicate-dismiss",
    ),
    path("merges/", api.MergeListAPI.as_view(), name="api-people-merges"),
    path("merges/<int:merge_id>/unmerge/", api.UnmergeAPI.as_view(), name="api-people-unmerge"),
]

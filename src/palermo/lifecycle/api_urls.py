"""API routes of the data lifecycle (retention, shredding, subject access), included by the project under ``api/lifecycle/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.lifecycle import api, api_subject

urlpatterns: list[URLPattern | URLResolver] = [
    path("shredding-lists/", api.ShredBatchListAPI.as_view(), name="api-lifecycle-lists"),
    path("shredding-lists/scan/", api.ShredScanAPI.as_view(), name="api-lifecycle-scan"),
    path(
        "shredding-lists/<int:batch_id>/",
        api.ShredBatchDetailAPI.as_view(),
        name="api-lifecycle-list",
    ),
    path(
        "shredding-lists/<int:batch_id>/approve/",
        api.ShredApproveAPI.as_view(),
        name="api-lifecycle-approve",
    ),
    path(
        "shredding-lists/<int:batch_id>/reject/",
        api.ShredRejectAPI.as_view(),
        name="api-lifecycle-reject",
    ),
    path(
        "shredding-lists/<int:batch_id>/carry-out/",
        api.ShredCarryOutAPI.as_view(),
        name="api-lifecycle-carry-out",
    ),
    path(
        "persons/<int:person_id>/file/",
        api_subject.SubjectFileAPI.as_view(),
        name="api-lifecycle-subject-file",
    ),
    path(
        "persons/<int:person_id>/file/pdf/",
        api_subject.SubjectFilePdfAPI.as_view(),
        name="api-lifecycle-subject-file-pdf",
    ),
    path(
        "persons/<int:person_id>/corrections/",
        api_subject.CorrectionListAPI.as_view(),
        name="api-lifecycle-corrections",
    ),
    path(
        "corrections/<int:request_id>/answer/",
        api_subject.CorrectionAnswerAPI.as_view(),
        name="api-lifecycle-correction-answer",
    ),
]

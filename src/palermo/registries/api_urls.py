"""API routes of the registries, to be included under /api/registries/."""

from django.urls import path

from palermo.registries.api import views

urlpatterns = [
    path("licences/", views.LicenceListAPI.as_view(), name="api-registries-licences"),
    path(
        "licences/<int:licence_id>/",
        views.LicenceDetailAPI.as_view(),
        name="api-registries-licence",
    ),
    path(
        "licences/<int:licence_id>/status/",
        views.LicenceStatusAPI.as_view(),
        name="api-registries-licence-status",
    ),
    path(
        "organisations/", views.OrganisationListAPI.as_view(), name="api-registries-organisations"
    ),
    path(
        "organisations/<int:organisation_id>/",
        views.OrganisationDetailAPI.as_view(),
        name="api-registries-organisation",
    ),
    path(
        "organisations/<int:organisation_id>/steps/",
        views.OrganisationStepAPI.as_view(),
        name="api-registries-organisation-steps",
    ),
    path(
        "tourist-reports/",
        views.TouristReportListAPI.as_view(),
        name="api-registries-tourist-reports",
    ),
    path(
        "tourist-reports/<int:report_id>/",
        views.TouristReportDetailAPI.as_view(),
        name="api-registries-tourist-report",
    ),
    path(
        "reported-tourists/<int:tourist_id>/open-case/",
        views.TouristOpenCaseAPI.as_view(),
        name="api-registries-tourist-open-case",
    ),
    path("adverts/", views.AdvertListAPI.as_view(), name="api-registries-adverts"),
    path("adverts/<int:advert_id>/", views.AdvertDetailAPI.as_view(), name="api-registries-advert"),
    path(
        "adverts/<int:advert_id>/decisions/",
        views.AdvertDecisionAPI.as_view(),
        name="api-registries-advert-decisions",
    ),
    path(
        "student-notices/",
        views.StudentNoticeListAPI.as_view(),
        name="api-registries-student-notices",
    ),
    path(
        "student-notices/<int:notice_id>/",
        views.StudentNoticeDetailAPI.as_view(),
        name="api-registries-student-notice",
    ),
    path(
        "student-notices/<int:notice_id>/migration-informed/",
        views.StudentMigrationInformedAPI.as_view(),
        name="api-registries-student-migration-informed",
    ),
    path("castings/", views.CastingListAPI.as_view(), name="api-registries-castings"),
    path(
        "castings/<int:casting_id>/",
        views.CastingDetailAPI.as_view(),
        name="api-registries-casting",
    ),
    path(
        "castings/<int:casting_id>/checks/",
        views.CastingCheckAPI.as_view(),
        name="api-registries-casting-checks",
    ),
    path("check/", views.AgencyCheckAPI.as_view(), name="api-registries-check"),
    path("import/<str:registry>/", views.ImportAPI.as_view(), name="api-registries-import"),
    path(
        "export/<str:registry>/<str:fmt>/", views.ExportAPI.as_view(), name="api-registries-export"
    ),
]

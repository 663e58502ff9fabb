"""API routes of the HTCDS / CTDC data exchange, included under ``api/stats/exchange/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.stats.exchange import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("ctdc/", api.CtdcReleaseAPI.as_view(), name="api-exchange-ctdc"),
    path("releases/", api.ReleaseListAPI.as_view(), name="api-exchange-releases"),
    path(
        "releases/<int:release_id>/",
        api.ReleaseDetailAPI.as_view(),
        name="api-exchange-release",
    ),
    path(
        "releases/<int:release_id>/file/",
        api.ReleaseFileAPI.as_view(),
        name="api-exchange-release-file",
    ),
    path("htcds/", api.HtcdsExportAPI.as_view(), name="api-exchange-htcds"),
    path("import/", api.HtcdsImportAPI.as_view(), name="api-exchange-import"),
]

"""API routes of the National Rapporteur's statistics, included under ``api/stats/``."""

from django.urls import URLPattern, URLResolver, include, path

from palermo.stats import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("figures/", api.FiguresAPI.as_view(), name="api-stats-figures"),
    path("releases/", api.ReleaseListAPI.as_view(), name="api-stats-releases"),
    path("releases/<int:release_id>/", api.ReleaseDetailAPI.as_view(), name="api-stats-release"),
    path(
        "releases/<int:release_id>/publish/",
        api.ReleasePublishAPI.as_view(),
        name="api-stats-release-publish",
    ),
    path("published/", api.PublishedListAPI.as_view(), name="api-stats-published"),
    path(
        "published/<int:year>/", api.PublishedDetailAPI.as_view(), name="api-stats-published-year"
    ),
    path(
        "published/<int:year>/files/<int:file_id>/",
        api.PublishedFileAPI.as_view(),
        name="api-stats-published-file",
    ),
    path("exchange/", include("palermo.stats.exchange.api_urls")),
]

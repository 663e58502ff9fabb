"""Pages of the HTCDS / CTDC data exchange, included under ``stats/exchange/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.stats.exchange import views

app_name = "stats_exchange"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("ctdc/", views.ctdc_export, name="ctdc"),
    path("releases/<int:release_id>/", views.release_detail, name="release"),
    path("releases/<int:release_id>/file/", views.release_file, name="release_file"),
    path("htcds/", views.htcds_export, name="htcds"),
    path("import/", views.htcds_import, name="import"),
]

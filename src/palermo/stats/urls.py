"""Pages of the National Rapporteur's statistics, included by the project under ``stats/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.stats import views

app_name = "stats"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.statistics, name="figures"),
    path("releases/", views.release_list, name="releases"),
    path("releases/<int:release_id>/", views.release_detail, name="release"),
    path("releases/<int:release_id>/texts/", views.release_texts, name="release_texts"),
    path("releases/<int:release_id>/publish/", views.release_publish, name="release_publish"),
    path("releases/<int:release_id>/files/<int:file_id>/", views.release_file, name="release_file"),
]

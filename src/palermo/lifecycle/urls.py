"""Pages of the data lifecycle (retention, shredding, subject access), included by the project under ``lifecycle/``."""

from django.urls import URLPattern, URLResolver, path

from palermo.lifecycle import views, views_subject

app_name = "lifecycle"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.shredding_lists, name="lists"),
    path("scan/", views.scan, name="scan"),
    path("lists/<int:batch_id>/", views.shredding_list, name="list"),
    path("lists/<int:batch_id>/approve/", views.approve, name="approve"),
    path("lists/<int:batch_id>/reject/", views.reject, name="reject"),
    path("lists/<int:batch_id>/carry-out/", views.carry_out, name="carry_out"),
    path("person-file/", views_subject.find_person, name="subject_access"),
    path("person-file/<int:person_id>/", views_subject.subject_file, name="subject_file"),
    path(
        "person-file/<int:person_id>/download/",
        views_subject.download,
        name="subject_download",
    ),
    path(
        "person-file/<int:person_id>/corrections/",
        views_subject.record_correction,
        name="correction_new",
    ),
    path(
        "corrections/<int:request_id>/answer/",
        views_subject.answer_correction,
        name="correction_answer",
    ),
]

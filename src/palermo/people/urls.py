from django.urls import path

from palermo.people import views

app_name = "people"
urlpatterns = [
    path("possible-matches/", views.possible_matches, name="possible_matches"),
    path("contact-requests/", views.contact_requests, name="contact_requests"),
    path("contact-requests/new/", views.contact_request_create, name="contact_request_create"),
    path(
        "contact-requests/<int:request_id>/answer/",
        views.contact_request_answer,
        name="contact_request_answer",
    ),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/scan/", views.duplicates_scan, name="duplicates_scan"),
    path("duplicates/<int:pair_id>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("compare/<int:a>/<int:b>/", views.compare, name="compare"),
    path("merges/", views.merges, name="merges"),
    path("merges/<int:merge_id>/unmerge/", views.unmerge, name="unmerge"),
]

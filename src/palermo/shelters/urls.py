"""HTML pages of shelters and rehabilitation centres, under /shelters/."""

from django.urls import URLPattern, path

from palermo.shelters import views

app_name = "shelters"
urlpatterns: list[URLPattern] = [
    path("", views.facility_list, name="facilities"),
    path("facilities/new/", views.facility_new, name="facility_new"),
    path("facilities/<int:facility_id>/", views.facility_detail, name="facility"),
    path("facilities/<int:facility_id>/edit/", views.facility_edit, name="facility_edit"),
    path("facilities/<int:facility_id>/admit/", views.admit, name="admit"),
    path("admissions/<int:admission_id>/", views.admission_detail, name="admission"),
    path("admissions/<int:admission_id>/discharge/", views.discharge, name="discharge"),
    path("admissions/<int:admission_id>/transfer/", views.transfer, name="transfer"),
    path("admissions/<int:admission_id>/place/", views.place, name="place"),
    path("admissions/<int:admission_id>/remove/", views.remove, name="remove"),
    path("admissions/<int:admission_id>/priority/", views.priority, name="priority"),
    path("occupancy/", views.occupancy_report, name="occupancy"),
]

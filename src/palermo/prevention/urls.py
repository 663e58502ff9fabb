from django.urls import path

from palermo.prevention import views

app_name = "prevention"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_new, name="new"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/edit/", views.activity_edit, name="edit"),
    path("summary/", views.summary, name="summary"),
]

from django.urls import path

from palermo.justice import views, views_liability

app_name = "justice"
urlpatterns = [
    path("", views.proceedings_list, name="list"),
    path("new/", views.proceedings_new, name="new"),
    path("<int:pk>/", views.proceedings_detail, name="detail"),
    path("<int:pk>/edit/", views.proceedings_edit, name="edit"),
    path("<int:pk>/stage/", views.proceedings_stage, name="stage"),
    path("<int:pk>/qualify/", views.proceedings_qualify, name="qualify"),
    path("<int:pk>/suspects/", views.suspect_add, name="suspect_add"),
    path("<int:pk>/legal-persons/", views.legal_person_add, name="legal_person_add"),
    path("<int:pk>/participants/new/", views.participant_new, name="participant_new"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant"),
    path("participants/<int:participant_id>/measures/", views.measure_apply, name="measure_apply"),
    path(
        "participants/<int:participant_id>/interference/",
        views.interference,
        name="interference",
    ),
    path("participants/<int:participant_id>/end/", views.participation_end, name="participant_end"),
    path(
        "participants/<int:participant_id>/legal-assistance/",
        views.legal_assistance,
        name="legal_assistance",
    ),
    path("measures/<int:measure_id>/extend/", views.measure_extend, name="measure_extend"),
    path("measures/<int:measure_id>/end/", views.measure_end, name="measure_end"),
    path("expulsion-check/", views.expulsion_check, name="expulsion_check"),
    path("foreign-nationals/", views_liability.consequence_list, name="consequences"),
    path("foreign-nationals/new/", views_liability.consequence_new, name="consequence_new"),
    path("offences/", views_liability.offence_list, name="offences"),
    path("offences/new/", views_liability.offence_new, name="offence_new"),
]

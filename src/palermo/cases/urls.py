from django.urls import path

from palermo.cases import views
from palermo.cases.views import casefile

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register, name="register"),
    path("export/", views.case_export, name="export"),
    path("filters/", views.case_filter_choices, name="filter_choices"),
    path("searches/", views.saved_search_list, name="search_list"),
    path("searches/new/", views.saved_search_create, name="search_save"),
    path("searches/<int:search_id>/delete/", views.saved_search_delete, name="search_delete"),
    path("<int:case_id>/assign/", views.case_assign, name="assign"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/sections/<slug:name>/", views.case_section, name="section"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/timeline/", views.case_timeline, name="timeline"),
    path("<int:case_id>/reads/", casefile.who_looked, name="who_looked"),
    path("<int:case_id>/notes/", casefile.note_add, name="note_add"),
    path(
        "<int:case_id>/notes/<int:note_id>/correct/",
        casefile.note_correct,
        name="note_correct",
    ),
    path("<int:case_id>/attachments/", casefile.attachment_upload, name="attachment_upload"),
    path(
        "<int:case_id>/attachments/<int:attachment_id>/",
        casefile.attachment_download,
        name="attachment_download",
    ),
    path("<int:case_id>/flags/", casefile.flag_set, name="flag_set"),
    path("<int:case_id>/flags/<slug:code>/clear/", casefile.flag_clear, name="flag_clear"),
    path("<int:case_id>/decide/", views.decide_status, name="decide"),
    path("<int:case_id>/consents/", views.consent_record, name="consent_record"),
    path(
        "<int:case_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "<int:case_id>/child-protection/",
        views.child_protection_record,
        name="child_protection_record",
    ),
    path("<int:case_id>/close/", views.case_close, name="close"),
    path("<int:case_id>/reopen/", views.case_reopen, name="reopen"),
    path("overdue-decisions/", views.overdue_decision_list, name="overdue_decisions"),
    path("screenings/", views.screening_list, name="screenings"),
    path("screenings/new/", views.screening_new, name="screening_new"),
    path("screenings/preview/", views.screening_preview, name="screening_preview"),
    path("screenings/<int:screening_id>/", views.screening_detail, name="screening"),
]

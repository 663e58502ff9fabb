from django.urls import path

from palermo.registries.views import (
    adverts,
    castings,
    licences,
    organisations,
    students,
    tools,
    tourists,
)

app_name = "registries"
urlpatterns = [
    path("", tools.index, name="index"),
    path("check/", tools.agency_check, name="check"),
    path("import/<str:registry>/", tools.import_file, name="import"),
    path("export/<str:registry>.<str:fmt>", tools.export_file, name="export"),
    path("licences/", licences.licence_list, name="licences"),
    path("licences/new/", licences.licence_register, name="licence_register"),
    path("licences/<int:licence_id>/", licences.licence_detail, name="licence"),
    path("licences/<int:licence_id>/edit/", licences.licence_edit, name="licence_edit"),
    path("licences/<int:licence_id>/status/", licences.licence_status, name="licence_status"),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/new/", organisations.organisation_register, name="organisation_register"),
    path(
        "organisations/<int:organisation_id>/",
        organisations.organisation_detail,
        name="organisation",
    ),
    path(
        "organisations/<int:organisation_id>/step/",
        organisations.organisation_step,
        name="organisation_step",
    ),
    path("tourists/", tourists.tourist_report_list, name="tourist_reports"),
    path("tourists/new/", tourists.tourist_report_register, name="tourist_report_register"),
    path("tourists/<int:report_id>/", tourists.tourist_report_detail, name="tourist_report"),
    path(
        "tourists/person/<int:tourist_id>/open-case/",
        tourists.tourist_open_case,
        name="tourist_open_case",
    ),
    path("adverts/", adverts.advert_list, name="adverts"),
    path("adverts/new/", adverts.advert_register, name="advert_register"),
    path("adverts/<int:advert_id>/", adverts.advert_detail, name="advert"),
    path("adverts/<int:advert_id>/decide/", adverts.advert_decide, name="advert_decide"),
    path("castings/", castings.casting_list, name="castings"),
    path("castings/new/", castings.casting_register, name="casting_register"),
    path("castings/<int:casting_id>/", castings.casting_detail, name="casting"),
    path("castings/<int:casting_id>/check/", castings.casting_check, name="casting_check"),
    path("students/", students.student_notice_list, name="student_notices"),
    path("students/new/", students.student_notice_register, name="student_notice_register"),
    path("students/<int:notice_id>/", students.student_notice_detail, name="student_notice"),
    path(
        "students/<int:notice_id>/informed/",
        students.student_notice_informed,
        name="student_notice_informed",
    ),
]

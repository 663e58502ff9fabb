"""API routes of the justice app, included by the project under ``api/justice/``."""

from django.urls import path

from palermo.justice import api, api_liability

urlpatterns = [
    path("proceedings/", api.ProceedingsListAPI.as_view(), name="api-justice-proceedings"),
    path(
        "proceedings/<int:pk>/",
        api.ProceedingsDetailAPI.as_view(),
        name="api-justice-proceedings-detail",
    ),
    path(
        "proceedings/<int:pk>/stage/", api.ProceedingsStageAPI.as_view(), name="api-justice-stage"
    ),
    path(
        "proceedings/<int:pk>/participants/",
        api.ParticipantListAPI.as_view(),
        name="api-justice-participants",
    ),
    path(
        "proceedings/<int:pk>/suspects/", api.SuspectListAPI.as_view(), name="api-justice-suspects"
    ),
    path(
        "proceedings/<int:pk>/legal-persons/",
        api.LegalPersonListAPI.as_view(),
        name="api-justice-legal-persons",
    ),
    path(
        "participants/<int:participant_id>/",
        api.ParticipantDetailAPI.as_view(),
        name="api-justice-participant",
    ),
    path(
        "participants/<int:participant_id>/end/",
        api.ParticipantEndAPI.as_view(),
        name="api-justice-participant-end",
    ),
    path(
        "participants/<int:participant_id>/interference/",
        api.InterferenceAPI.as_view(),
        name="api-justice-interference",
    ),
    path(
        "participants/<int:participant_id>/measures/",
        api.MeasureListAPI.as_view(),
        name="api-justice-measures",
    ),
    path(
        "participants/<int:participant_id>/legal-assistance/",
        api.LegalAssistanceAPI.as_view(),
        name="api-justice-legal-assistance",
    ),
    path(
        "measures/<int:measure_id>/extend/",
        api.MeasureExtendAPI.as_view(),
        name="api-justice-measure-extend",
    ),
    path(
        "measures/<int:measure_id>/end/",
        api.MeasureEndAPI.as_view(),
        name="api-justice-measure-end",
    ),
    path("expulsion-check/", api.ExpulsionCheckAPI.as_view(), name="api-justice-expulsion-check"),
    path(
        "foreign-nationals/",
        api_liability.ConsequenceListAPI.as_view(),
        name="api-justice-foreign-nationals",
    ),
    path("offences/", api_liability.OffenceListAPI.as_view(), name="api-justice-offences"),
]

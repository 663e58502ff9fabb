"""API routes of the case parts; the project's urls.py mounts them under /api/."""

from django.urls import path

from palermo.cases.api import (
    casefile,
    caselist,
    child,
    closure,
    consent,
    decisions,
    screening,
    timeline,
)

urlpatterns = [
    path("cases/export/", caselist.CaseExportAPI.as_view(), name="api-cases-export"),
    path("case-searches/", caselist.SavedSearchListAPI.as_view(), name="api-case-searches"),
    path(
        "case-searches/<int:search_id>/",
        caselist.SavedSearchDetailAPI.as_view(),
        name="api-case-search",
    ),
    path("cases/<int:case_id>/assign/", caselist.CaseAssignAPI.as_view(), name="api-case-assign"),
    path("screening-scheme/", screening.ScreeningSchemeAPI.as_view(), name="api-screening-scheme"),
    path("screenings/", screening.ScreeningListAPI.as_view(), name="api-screenings"),
    path(
        "screenings/<int:screening_id>/",
        screening.ScreeningDetailAPI.as_view(),
        name="api-screening",
    ),
    path(
        "screenings/<int:screening_id>/link/",
        screening.ScreeningLinkAPI.as_view(),
        name="api-screening-link",
    ),
    path(
        "cases/overdue-decisions/",
        decisions.OverdueDecisionsAPI.as_view(),
        name="api-overdue-decisions",
    ),
    path(
        "cases/<int:case_id>/decisions/",
        decisions.CaseDecisionsAPI.as_view(),
        name="api-case-decisions",
    ),
    path("cases/<int:case_id>/consents/", consent.CaseConsentsAPI.as_view(), name="api-consents"),
    path(
        "cases/<int:case_id>/child-protection/",
        child.CaseChildProtectionAPI.as_view(),
        name="api-child-protection",
    ),
    path(
        "cases/<int:case_id>/consents/<int:consent_id>/withdraw/",
        consent.ConsentWithdrawAPI.as_view(),
        name="api-consent-withdraw",
    ),
    path("cases/<int:case_id>/status/", closure.CaseStatusAPI.as_view(), name="api-case-status"),
    path(
        "cases/<int:case_id>/timeline/",
        timeline.CaseTimelineAPI.as_view(),
        name="api-case-timeline",
    ),
    path("cases/<int:case_id>/notes/", casefile.CaseNotesAPI.as_view(), name="api-case-notes"),
    path(
        "cases/<int:case_id>/notes/<int:note_id>/correct/",
        casefile.NoteCorrectAPI.as_view(),
        name="api-case-note-correct",
    ),
    path(
        "cases/<int:case_id>/attachments/",
        casefile.CaseAttachmentsAPI.as_view(),
        name="api-case-attachments",
    ),
    path(
        "cases/<int:case_id>/attachments/<int:attachment_id>/",
        casefile.AttachmentDownloadAPI.as_view(),
        name="api-case-attachment",
    ),
    path("cases/<int:case_id>/flags/", casefile.CaseFlagsAPI.as_view(), name="api-case-flags"),
    path(
        "cases/<int:case_id>/flags/<slug:code>/",
        casefile.CaseFlagAPI.as_view(),
        name="api-case-flag",
    ),
    path("cases/<int:case_id>/reads/", casefile.CaseReadsAPI.as_view(), name="api-case-reads"),
    path("cases/<int:case_id>/close/", closure.CaseCloseAPI.as_view(), name="api-case-close"),
    path("cases/<int:case_id>/reopen/", closure.CaseReopenAPI.as_view(), name="api-case-reopen"),
]

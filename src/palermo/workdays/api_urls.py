"""API routes of the working-day transfers, included by the project under ``api/calendar/``."""

from django.urls import path

from palermo.workdays import api

urlpatterns = [
    path("transfers/", api.TransferListAPI.as_view(), name="api-calendar-transfers"),
    path(
        "transfers/<int:transfer_id>/withdraw/",
        api.TransferWithdrawAPI.as_view(),
        name="api-calendar-transfer-withdraw",
    ),
]

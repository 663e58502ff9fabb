"""API routes of the compensation app, included by the project under ``api/compensation/``."""

from django.urls import path

from palermo.justice.compensation import api

urlpatterns = [
    path("fund/transactions/", api.TransactionListAPI.as_view(), name="api-fund-transactions"),
    path(
        "fund/transactions/<int:transaction_id>/",
        api.TransactionDetailAPI.as_view(),
        name="api-fund-transaction",
    ),
    path(
        "fund/transactions/<int:transaction_id>/reverse/",
        api.ReversalAPI.as_view(),
        name="api-fund-reverse",
    ),
    path("fund/receipts/", api.ReceiptAPI.as_view(), name="api-fund-receipts"),
    path("fund/grants/", api.GrantAPI.as_view(), name="api-fund-grants"),
    path("fund/statement/", api.StatementAPI.as_view(), name="api-fund-statement"),
    path("awards/", api.AwardsToPayAPI.as_view(), name="api-compensation-awards"),
    path("awards/<int:award_id>/pay/", api.AwardPayAPI.as_view(), name="api-compensation-pay"),
    path("claims/", api.ClaimListAPI.as_view(), name="api-compensation-claims"),
    path("claims/<int:claim_id>/", api.ClaimDetailAPI.as_view(), name="api-compensation-claim"),
    path("claims/<int:claim_id>/award/", api.AwardAPI.as_view(), name="api-compensation-award"),
    path(
        "claims/<int:claim_id>/payments/",
        api.OffenderPaymentAPI.as_view(),
        name="api-compensation-payments",
    ),
]

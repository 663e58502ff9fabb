from django.urls import path

from palermo.justice.compensation.views import claims, fund

app_name = "compensation"
urlpatterns = [
    path("fund/", fund.ledger, name="ledger"),
    path("fund/receipts/new/", fund.receipt_new, name="receipt_new"),
    path("fund/grants/new/", fund.grant_new, name="grant_new"),
    path("fund/transactions/<int:transaction_id>/", fund.transaction_detail, name="transaction"),
    path(
        "fund/transactions/<int:transaction_id>/reverse/",
        fund.transaction_reverse,
        name="transaction_reverse",
    ),
    path("fund/statement/", fund.statement_view, name="statement"),
    path("fund/statement.csv", fund.statement_csv, name="statement_csv"),
    path("awards/", fund.award_list, name="awards"),
    path("awards/<int:award_id>/pay/", fund.award_pay, name="award_pay"),
    path("claims/", claims.claim_list, name="claims"),
    path("proceedings/<int:proceedings_id>/claims/new/", claims.claim_new, name="claim_new"),
    path("claims/<int:claim_id>/", claims.claim_detail, name="claim"),
    path("claims/<int:claim_id>/edit/", claims.claim_edit, name="claim_edit"),
    path("claims/<int:claim_id>/award/", claims.award_new, name="award_new"),
    path(
        "claims/<int:claim_id>/payments/new/",
        claims.offender_payment_new,
        name="offender_payment_new",
    ),
]

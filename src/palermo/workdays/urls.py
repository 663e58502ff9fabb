from django.urls import path

from palermo.workdays import views

app_name = "workdays"
urlpatterns = [
    path("transfers/", views.transfer_list, name="list"),
    path("transfers/<int:transfer_id>/withdraw/", views.transfer_withdraw, name="withdraw"),
]

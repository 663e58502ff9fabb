from django.urls import path

from palermo.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:call_id>/", views.call_detail, name="call"),
    path("calls/<int:call_id>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:call_id>/check/", views.call_check_agency, name="call_check"),
    path("calls/<int:call_id>/tip/", views.call_make_tip, name="call_tip"),
    path("calls/<int:call_id>/handover/", views.call_handover, name="call_handover"),
    path("tips/", views.tip_queue, name="tips"),
    path("tips/<int:tip_id>/", views.tip_detail, name="tip"),
    path("tips/<int:tip_id>/forward/", views.tip_forward, name="tip_forward"),
    path("tips/<int:tip_id>/close/", views.tip_close, name="tip_close"),
    path("statistics/", views.statistics, name="statistics"),
]

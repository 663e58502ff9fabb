from django.conf import settings
from django.urls import path, re_path

from palermo.portal import open_data, views

app_name = "portal"
_LANG = "(?P<lang>" + "|".join(code for code, _name in settings.LANGUAGES) + ")"

urlpatterns = [
    path("", views.portal_root, name="root"),
    path("manage/", views.manage_pages, name="manage"),
    path("manage/new/", views.manage_page_new, name="manage_new"),
    path("manage/<int:page_id>/", views.manage_page_edit, name="manage_edit"),
    re_path(rf"^{_LANG}/$", views.home, name="home"),
    re_path(rf"^{_LANG}/check/$", views.check_agency, name="check"),
    re_path(rf"^{_LANG}/organisations/$", views.organisations, name="organisations"),
    re_path(rf"^{_LANG}/tip/$", views.tip, name="tip"),
    re_path(rf"^{_LANG}/open-data/$", open_data.open_data, name="open_data"),
    re_path(
        rf"^{_LANG}/open-data/(?P<year>[0-9]{{4}})/$",
        open_data.open_data_year,
        name="open_data_year",
    ),
    re_path(
        rf"^{_LANG}/open-data/(?P<year>[0-9]{{4}})/files/(?P<file_id>[0-9]+)/$",
        open_data.open_data_file,
        name="open_data_file",
    ),
    re_path(rf"^{_LANG}/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/$", views.page, name="page"),
]

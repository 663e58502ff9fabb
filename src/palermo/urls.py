from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from palermo.accounts import api as accounts_api
from palermo.accounts import views as accounts_views
from palermo.cases import api as cases_api
from palermo.core import views as core_views

api_patterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", core_views.api_docs, name="api-docs"),
    path("me/", accounts_api.MeAPI.as_view(), name="api-me"),
    path("agencies/", accounts_api.AgencyListAPI.as_view(), name="api-agencies"),
    path("administration/", include("palermo.accounts.admin_api_urls")),
    path("cases/", cases_api.CaseListAPI.as_view(), name="api-cases"),
    path("cases/<int:case_id>/", cases_api.CaseDetailAPI.as_view(), name="api-case"),
    path("registries/", include("palermo.registries.api_urls")),
    path("shelters/", include("palermo.shelters.api_urls")),
    path("justice/", include("palermo.justice.api_urls")),
    path("compensation/", include("palermo.justice.compensation.api_urls")),
    path("hotline/", include("palermo.hotline.api_urls")),
    path("prevention/", include("palermo.prevention.api_urls")),
    path("portal/", include("palermo.portal.api_urls")),
    path("stats/", include("palermo.stats.api_urls")),
    path("crossborder/", include("palermo.crossborder.api_urls")),
    path("lifecycle/", include("palermo.lifecycle.api_urls")),
    path("calendar/", include("palermo.workdays.api_urls")),
    path("people/", include("palermo.people.api_urls")),
    path("", include("palermo.cases.api_urls")),
    path("", include("palermo.referrals.api_urls")),
]

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("accounts/", include("palermo.accounts.urls")),
    path("administration/", include("palermo.accounts.admin_urls")),
    path("cases/", include("palermo.cases.urls")),
    path("referrals/", include("palermo.referrals.urls")),
    path("people/", include("palermo.people.urls")),
    path("registries/", include("palermo.registries.urls")),
    path("shelters/", include("palermo.shelters.urls")),
    path("justice/", include("palermo.justice.urls")),
    path("compensation/", include("palermo.justice.compensation.urls")),
    path("hotline/", include("palermo.hotline.urls")),
    path("prevention/", include("palermo.prevention.urls")),
    path("portal/", include("palermo.portal.urls")),
    # The data exchange has a namespace of its own (stats_exchange), so it is not nested in stats.
    path("stats/exchange/", include("palermo.stats.exchange.urls")),
    path("stats/", include("palermo.stats.urls")),
    path("crossborder/", include("palermo.crossborder.urls")),
    path("lifecycle/", include("palermo.lifecycle.urls")),
    path("calendar/", include("palermo.workdays.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

handler400 = "palermo.core.views.bad_request"
handler404 = "palermo.core.views.not_found"
handler500 = "palermo.core.views.server_error"

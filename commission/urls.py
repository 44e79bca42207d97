from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from commission.reports import api_views as statistics_api

# Under /api/ an unknown address answers JSON; elsewhere the site's page.
handler404 = "commission.api.views.not_found"

urlpatterns = [
    # One sign-in page for the whole site, the back office included, so its second step (the
    # second factor's code) cannot be skipped by signing in through the admin's own form.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
    # The statistics' JSON lives with the reports, beside (not below) the API app.
    path("api/v1/statistics/", statistics_api.StatisticsView.as_view(), name="api-statistics"),
    path(
        "api/v1/statistics/cases/",
        statistics_api.StatisticsCasesView.as_view(),
        name="api-statistics-cases",
    ),
    path("api/v1/", include("commission.api.urls")),
    path("", include("commission.core.urls")),
    path("account/", include("commission.accounts.urls")),
    path("", include("commission.inquiries.urls")),
    path("registry/", include("commission.registry.urls")),
    path("letters/", include("commission.intake.urls")),
    path("cases/", include("commission.cases.urls")),
    path("audit/", include("commission.audit.urls")),
    path("search/", include("commission.search.urls")),
    path("work/", include("commission.jobs.urls")),
    path("", include("commission.reports.urls")),
]

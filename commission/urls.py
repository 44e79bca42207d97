from django.contrib import admin
from django.urls import include, path

# Under /api/ an unknown address answers JSON; elsewhere the site's page.
handler404 = "commission.api.views.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("commission.api.urls")),
    path("", include("commission.core.urls")),
    path("", include("commission.inquiries.urls")),
    path("registry/", include("commission.registry.urls")),
    path("letters/", include("commission.intake.urls")),
    path("cases/", include("commission.cases.urls")),
    path("audit/", include("commission.audit.urls")),
    path("search/", include("commission.search.urls")),
    path("", include("commission.reports.urls")),
]

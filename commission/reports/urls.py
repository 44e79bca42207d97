from django.urls import path

from commission.reports import dossier_views, statistics_views, views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cases/<str:ref>/dossier.pdf", dossier_views.dossier_pdf, name="dossier"),
    path("statistics/", statistics_views.statistics_page, name="statistics"),
    path("statistics/cases/", statistics_views.statistics_cases, name="statistics_cases"),
]

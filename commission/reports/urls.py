from django.urls import path

from commission.reports import statistics_views, views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("statistics/", statistics_views.statistics_page, name="statistics"),
    path("statistics/cases/", statistics_views.statistics_cases, name="statistics_cases"),
]

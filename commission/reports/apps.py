from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "commission.reports"
    label = "reports"
    verbose_name = "Dashboards and reports"

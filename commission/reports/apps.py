from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "commission.reports"
    label = "reports"
    verbose_name = "Dashboards and reports"

    def ready(self) -> None:
        from commission.reports.statistics import jobs  # noqa: F401  (registers itself)

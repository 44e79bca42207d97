from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "commission.cases"
    label = "cases"
    verbose_name = "Cases and decisions"

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "commission.operations"
    label = "operations"
    verbose_name = "Backups and restores"

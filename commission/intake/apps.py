from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "commission.intake"
    label = "intake"
    verbose_name = "Letters and documents"

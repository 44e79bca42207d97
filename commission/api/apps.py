from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commission.api"
    label = "api"
    verbose_name = "JSON API"

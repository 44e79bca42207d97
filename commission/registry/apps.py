from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "commission.registry"
    label = "registry"
    verbose_name = "Member registry"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "commission.demo"
    label = "demo"
    verbose_name = "The demonstration of the seed story"

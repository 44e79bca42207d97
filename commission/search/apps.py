from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "commission.search"
    label = "search"
    verbose_name = "Search"

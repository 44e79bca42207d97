from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "commission.documents"
    label = "documents"
    verbose_name = "Documents and their copies"

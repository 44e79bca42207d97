from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "commission.inquiries"
    label = "inquiries"
    verbose_name = "Inquiries and witnesses"

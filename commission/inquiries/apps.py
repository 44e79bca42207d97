from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "commission.inquiries"
    label = "inquiries"
    verbose_name = "Inquiries and witnesses"

    def ready(self) -> None:
        from commission.inquiries import checks  # noqa: F401  (registers the mail checks)

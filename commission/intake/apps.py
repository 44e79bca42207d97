from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "commission.intake"
    label = "intake"
    verbose_name = "Letters and documents"

    def ready(self) -> None:
        # Registers the job that reads uploads, so every worker knows it.
        from commission.intake.services import uploads  # noqa: F401

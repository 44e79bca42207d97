from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "commission.intake"
    label = "intake"
    verbose_name = "Letters and documents"

    def ready(self) -> None:
        # Registers the job that reads uploads, so every worker knows it.
        from commission.intake import (
            mail_jobs,  # noqa: F401  (mail in, on the schedule)
            upload_jobs,  # noqa: F401
        )
        from commission.intake.erasure import blank_copies
        from commission.registry.services import erasing

        erasing.connect(blank_copies, dispatch_uid="intake.erasure")

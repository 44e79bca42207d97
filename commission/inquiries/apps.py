from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "commission.inquiries"
    label = "inquiries"
    verbose_name = "Inquiries and witnesses"

    def ready(self) -> None:
        # Registers the daily reminders with the job queue (and the check of their time).
        from commission.cases.events import on_case_decided
        from commission.inquiries import (
            checks,  # noqa: F401  (registers the mail checks)
            jobs,  # noqa: F401
        )
        from commission.inquiries.services import withdraw_inquiries_of_decided_case

        # A decided case keeps no inquiry open.
        on_case_decided(withdraw_inquiries_of_decided_case)

        from commission.inquiries.queries import people_asked
        from commission.registry.personal import add_reach

        # A clerk posted to commissions sees the personal data of those her inquiries ask.
        add_reach(people_asked)

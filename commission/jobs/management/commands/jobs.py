"""`commission jobs`: the background work on the command line, as on the Background work page.

commission jobs                    what waits, runs and failed (counts, then the jobs)
commission jobs --state failed     only the failed jobs, with their errors
commission jobs retry 42           put failed job 42 back in the queue
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.jobs.enums import JobState
from commission.jobs.queries import jobs, overview
from commission.jobs.services import retry_job


class Command(BaseCommand):
    help = "List the background jobs (waiting, running, failed) or retry a failed one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "retry"], default="list")
        parser.add_argument("job", nargs="?", type=int, help="The job to retry (its number).")
        parser.add_argument("--state", choices=JobState.values, help="Only jobs in this state.")
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "retry":
            if options["job"] is None:
                raise CommandError(_("Say which job to retry: commission jobs retry NUMBER."))
            try:
                actor = command_line_actor(options.get("as_user"), command="jobs retry")
                job = retry_job(actor=actor, job_id=options["job"])
            except CommissionError as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"Job {job.pk} ({job.description}) is back in the queue.")
            return
        if options["job"] is not None:
            raise CommandError(_("A job number goes with retry: commission jobs retry NUMBER."))
        counts = overview(limit=0).counts
        self.stdout.write(
            ", ".join(f"{counts[state]} {JobState(state).label}" for state in JobState.values)
        )
        rows = jobs(options["state"]) if options["state"] else jobs().exclude(state=JobState.DONE)
        for job in rows[: options["limit"]]:
            line = (
                f"{job.pk:>7}  {job.get_state_display():<26} {job.created_at:%Y-%m-%d %H:%M}  "
                f"{job.description}  (attempt {job.attempts} of {job.max_attempts})"
            )
            self.stdout.write(line)
            if job.error:
                self.stdout.write(f"         {job.error}")

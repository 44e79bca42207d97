"""`commission worker`: run background jobs in the foreground until stopped (Ctrl+C waits for
the running jobs; a second Ctrl+C stops at once). Run as many as wanted, on any machine that
shares the database and the queue (COMMISSION_JOB_QUEUE_URL)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commission.jobs.queue import queue_url, run_workers


class Command(BaseCommand):
    help = "Run background jobs (reading uploads, notifications, the daily reminders)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=2, help="Jobs run at once, each in a thread (2)."
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Do not start the periodic jobs (when another worker starts them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("huey").setLevel(logging.WARNING)
        url = queue_url()
        shown = url.split("@")[-1] if "@" in url else url
        self.stdout.write(
            f"Running background jobs from {shown} with {options['workers']} worker"
            f"{'s' if options['workers'] != 1 else ''} (press Ctrl+C to stop)."
        )
        self.stdout.flush()
        run_workers(workers=options["workers"], periodic=not options["no_periodic"])

"""`commission remind`: mark overdue inquiries, remind their recipients, escalate to the chair.

Meant for a daily timer; running it twice on one day sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commission.audit.operators import command_line_actor
from commission.core import clock
from commission.core.errors import CommissionError
from commission.inquiries.management.commands.inquiries import parse_date
from commission.inquiries.services import run_reminders


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Command(BaseCommand):
    help = "Mark overdue inquiries, remind their recipients and escalate them to the chair."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Run as on this day, YYYY-MM-DD (default: today).")
        parser.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_date(options["today"], "--today") if options["today"] else None
        today = today or clock.today()
        try:
            actor = command_line_actor(options.get("as_user"), command="remind")
            counts = run_reminders(actor=actor, today=today)
        except CommissionError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"On {today:%d %B %Y}: "
            f"{_count(counts['overdue'], 'inquiry', 'inquiries')} newly overdue, "
            f"{_count(counts['reminders'], 'reminder', 'reminders')} sent, "
            f"{_count(counts['escalations'], 'inquiry', 'inquiries')} escalated to the chair."
        )

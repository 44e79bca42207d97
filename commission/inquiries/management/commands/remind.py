"""`commission remind`: mark overdue inquiries, remind their recipients, escalate to the chair.

Meant for a daily timer; running it twice on one day sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.audit.operators import command_line_actor
from commission.core import clock
from commission.core.dates import long_date
from commission.core.errors import CommissionError
from commission.inquiries.management.commands.inquiries import parse_date
from commission.inquiries.services import run_reminders


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
        overdue = ngettext(
            "%(count)d inquiry newly overdue",
            "%(count)d inquiries newly overdue",
            counts["overdue"],
        ) % {"count": counts["overdue"]}
        reminders = ngettext(
            "%(count)d reminder sent", "%(count)d reminders sent", counts["reminders"]
        ) % {"count": counts["reminders"]}
        escalated = ngettext(
            "%(count)d inquiry escalated to the chair",
            "%(count)d inquiries escalated to the chair",
            counts["escalations"],
        ) % {"count": counts["escalations"]}
        self.stdout.write(
            _("On %(day)s: %(overdue)s, %(reminders)s, %(escalated)s.")
            % {
                "day": long_date(today),
                "overdue": overdue,
                "reminders": reminders,
                "escalated": escalated,
            }
        )

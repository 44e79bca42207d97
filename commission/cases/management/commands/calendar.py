"""`commission calendar show|set|real`: which day this installation takes as today
(docs/architecture.md, "One calendar per installation")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.cases.calendar import set_calendar
from commission.core import clock
from commission.core.dates import long_date
from commission.core.errors import CommissionError


def describe(calendar: clock.Calendar) -> str:
    if calendar.today is None:
        return _("This installation runs on the real calendar: today is %(day)s.") % {
            "day": long_date(clock.today())
        }
    values = {"day": long_date(calendar.today), "story": gettext(calendar.story)}
    if calendar.source == "environment":
        sentence = _(
            "This installation runs on a story's calendar: today is %(day)s "
            "(COMMISSION_TODAY in the environment)."
        )
    else:
        sentence = _(
            "This installation runs on a story's calendar: today is %(day)s "
            "(the day stored in the database)."
        )
    sentence %= values
    return f"{sentence} {values['story']}" if calendar.story else sentence


class Command(BaseCommand):
    help = "Show or change the day this installation takes as today. Each takes --as USERNAME."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        p = sub.add_parser("show", help="Say which calendar the installation runs on.")
        p = sub.add_parser("set", help="Take DAY as today (a story's calendar).")
        p.add_argument("day", help="YYYY-MM-DD")
        p.add_argument("--story", default="", help="What the banner says the story is.")
        p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")
        p = sub.add_parser("real", help="Go back to the real calendar.")
        p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        try:
            if verb == "show":
                self.stdout.write(describe(clock.calendar()))
                return
            actor = command_line_actor(options.get("as_user"), command="calendar")
            if verb == "set":
                try:
                    day = clock.parse_day(options["day"], name="DAY")
                except ValueError:
                    raise CommandError(
                        _("DAY must be a day written as YYYY-MM-DD, not %(day)r.")
                        % {"day": options["day"]}
                    ) from None
                calendar = set_calendar(actor=actor, today=day, story=options["story"])
            else:
                calendar = set_calendar(actor=actor, today=None)
        except CommissionError as error:
            raise CommandError(error.message) from None
        self.stdout.write(describe(calendar))
        if clock.calendar().source == "environment":
            self.stdout.write(_("COMMISSION_TODAY is set in the environment and wins over it."))

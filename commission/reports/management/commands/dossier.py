"""`commission dossier CASE --pdf FILE [--on DAY] [--language ru] [--as USERNAME]`: everything on
file for a case as a PDF, as the user may see it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core import clock
from commission.core.errors import CommissionError
from commission.reports.dossier import make_dossier


class Command(BaseCommand):
    help = (
        "Write the dossier of a case as a PDF: the subject and her membership history, the "
        "documents on file with their copies, testimony, inquiries, hearings, decisions with "
        "their votes, and the case's audit trail, as the case stood at the end of a day."
    )
    # Reads only: the system checks (which load every URL and view) are left to the commands
    # that change things, so it starts at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="The case's reference, e.g. K-0ed683b4e8e5.")
        parser.add_argument("--pdf", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--on", dest="day", help="As the case stood at the end of this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="",
            help="The dossier's language (default: the installation's).",
        )
        parser.add_argument("--as", dest="as_user", help="Make it as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = clock.parse_day(options["day"], name="--on") if options["day"] else None
        except ValueError:
            raise CommandError(
                _("Give --on as a day written YYYY-MM-DD, not %(value)s.")
                % {"value": options["day"]}
            ) from None
        try:
            actor = command_line_actor(options["as_user"], command="dossier")
            pdf = make_dossier(
                actor=actor, ref=options["case"], day=day, language=options["language"]
            )
        except CommissionError as error:
            raise CommandError(error.message) from None
        path = Path(options["pdf"])
        try:
            path.write_bytes(pdf)
        except OSError as error:
            raise CommandError(
                _("Could not write %(file)s: %(strerror)s.")
                % {"file": path, "strerror": error.strerror}
            ) from None
        self.stdout.write(
            _("Wrote the dossier of case %(case)s to %(path)s (%(size)s KB).")
            % {"case": options["case"], "path": path, "size": format(len(pdf) // 1024, ",")}
        )

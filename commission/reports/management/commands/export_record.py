"""`commission export-record FILE [--as USERNAME]`: the whole case record as JSON Lines
(docs/record-format.md); `-` writes to standard output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.reports.exports.record import export_record


class Command(BaseCommand):
    help = "Write the whole case record as JSON Lines, for another installation or tool."
    # Reads only: the system checks (which load every URL and view) are left to the commands
    # that change things, so it starts at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write it; - for standard output.")
        parser.add_argument("--as", dest="as_user", help="Export as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options["as_user"], command="export-record")
            if options["file"] == "-":
                written = export_record(actor=actor, out=sys.stdout)
                return
            path = Path(options["file"])
            partial = path.with_name(path.name + ".partial")
            with partial.open("w", encoding="utf-8") as out:
                written = export_record(actor=actor, out=out)
            partial.replace(path)
        except CommissionError as error:
            raise CommandError(error.message) from None
        except OSError as error:
            raise CommandError(
                _("Could not write %(file)s: %(strerror)s.")
                % {"file": options["file"], "strerror": error.strerror}
            ) from None
        self.stdout.write(
            _("Wrote %(total)s rows to %(path)s.")
            % {"total": format(written.total, ","), "path": path}
        )

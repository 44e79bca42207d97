"""`commission export-ftm FILE [--as USERNAME]`: the registry and the case files as
FollowTheMoney entities (JSON Lines), as far as the user may see them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.reports.exports.ftm import export_ftm


class Command(BaseCommand):
    help = "Write people, ties, documents and cases as FollowTheMoney entities."
    # Reads only: the system checks (which load every URL and view) are left to the commands
    # that change things, so it starts at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write it; - for standard output.")
        parser.add_argument("--as", dest="as_user", help="Export as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options["as_user"], command="export-ftm")
            if options["file"] == "-":
                export_ftm(actor=actor, out=sys.stdout)
                return
            path = Path(options["file"])
            with path.open("w", encoding="utf-8") as out:
                exported = export_ftm(actor=actor, out=out)
        except CommissionError as error:
            raise CommandError(error.message) from None
        except OSError as error:
            raise CommandError(
                _("Could not write %(file)s: %(strerror)s.")
                % {"file": options["file"], "strerror": error.strerror}
            ) from None
        counts = ", ".join(f"{n} {name}" for name, n in sorted(exported.entities.items()))
        self.stdout.write(
            _("Wrote %(total)s entities to %(path)s: %(counts)s.")
            % {"total": format(exported.total, ","), "path": path, "counts": counts}
        )

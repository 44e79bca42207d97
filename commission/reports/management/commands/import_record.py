"""`commission import-record FILE [--as USERNAME]`: load a case record written by
`export-record` into this installation, which must be empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.core.errors import CommissionError
from commission.reports.exports.record import import_record


class Command(BaseCommand):
    help = "Load a case record (JSON Lines from export-record) into an empty installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--as", dest="as_user", default="",
            help="An account of the record to name in the audit event (default: system).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open(encoding="utf-8") as lines:
                arrived = import_record(lines=lines, acting_as=options["as_user"])
        except CommissionError as error:
            raise CommandError(f"{path}: {error.message}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Could not read %(path)s: %(error)s.") % {"path": path, "error": error}
            ) from None
        self.stdout.write(
            _("Imported %(total)s rows from %(path)s.")
            % {"total": format(arrived.total, ","), "path": path}
        )

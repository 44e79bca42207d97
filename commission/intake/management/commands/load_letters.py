"""`commission load-letters FILE…`: register a collection of letters without reading them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.core.progress import progress_bar
from commission.intake.archive import check_letters, load_letters


class Command(BaseCommand):
    help = (
        "Register letters from JSON Lines files (one letter per line: title, text, written_on, "
        "…) as they are, indexed for search but not read for proposals. Letters already on file "
        "are left alone; a file with any mistake stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="JSON Lines files of letters")
        parser.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options["as_user"], command="load_letters")
            for path in options["files"]:
                if not path.is_file():
                    raise CommandError(_("%(path)s is not a file.") % {"path": path})
                total = check_letters(path)[0] if sys.stderr.isatty() else None
                with progress_bar(total=total, unit=_(" letters"), desc=path.name) as progress:
                    report = load_letters(actor=actor, path=path, progress=progress)
                self.stdout.write(f"{path.name}: {report.summary()}")
        except CommissionError as error:
            raise CommandError(error.message) from None

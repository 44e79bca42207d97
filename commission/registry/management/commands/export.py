"""`commission export DEST`: write the member registry in the interchange format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.registry.interchange import export_registry


class Command(BaseCommand):
    help = "Export the member registry to a JSON Lines file or a folder of CSV files."
    # Read-only: no system checks (they load every URL and view), so it answers at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="A new .jsonl file or CSV folder")
        parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
        parser.add_argument(
            "--include-personal-data",
            action="store_true",
            help="Include addresses and telephones (needs permission to see personal data).",
        )
        parser.add_argument("--as", dest="as", help="The user the export is recorded under.")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = None
        try:
            actor = command_line_actor(options["as"], command="export")
            if sys.stderr.isatty():
                from tqdm import tqdm

                bar = tqdm(unit=_(" records"), desc=_("Exporting"))
            result = export_registry(
                actor=actor,
                destination=options["destination"],
                fmt=options["format"],
                include_personal_data=options["include_personal_data"],
                progress=bar.update if bar is not None else None,
            )
        except CommissionError as exc:
            raise CommandError(exc.message) from None
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(result.summary())

"""`commission import PATH…`: load registry files (see docs/registry-format.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.registry.interchange import import_registry


class Command(BaseCommand):
    help = (
        "Import the member registry from JSON Lines files, CSV files or folders of CSV files. "
        "All or nothing, unless --skip-bad-rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="JSONL files, CSV files, folders")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the good rows and write the bad ones, with reasons, to a report.",
        )
        parser.add_argument("--report", type=Path, help="Where to write the report of bad rows.")
        parser.add_argument("--as", dest="as", help="The user the import is recorded under.")

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        bar = None
        try:
            actor = command_line_actor(options["as"], command="import")
            if sys.stderr.isatty():
                from tqdm import tqdm

                total = sum(
                    f.stat().st_size
                    for p in paths
                    for f in ([*p.glob("*.csv")] if p.is_dir() else [p] if p.is_file() else [])
                )
                bar = tqdm(total=total, unit="B", unit_scale=True, desc=_("Importing"))
            result = import_registry(
                actor=actor,
                paths=paths,
                skip_bad_rows=options["skip_bad_rows"],
                report_path=options["report"],
                progress=bar.update if bar is not None else None,
            )
        except CommissionError as exc:
            raise CommandError(exc.message) from None
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(result.summary())

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commission.core.errors import CommissionError
from commission.operations.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `commission backup` into this installation's database, then "
        "prove it whole: every table's rows as the backup counted them, the audit chain "
        "verified to the same head, the search index rebuilt and checked."
    )
    # The database may be empty, without even the tables the checks would look at.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="The backup's folder.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the records the database holds now (refused without it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        source: Path = options["source"]
        try:
            report = restore_backup(source, replace=options["replace"], say=self._say)
        except CommissionError as error:
            raise CommandError(error.message) from None
        manifest = report.manifest
        self.stdout.write(
            f"Restored the backup made on {manifest.created_at}: {report.rows_checked} rows in "
            f"{report.tables_checked} tables as counted, {report.events_checked} audit events "
            f"checked, {report.letters_indexed} letters indexed for search."
        )
        for note in report.notes:
            self.stdout.write(note)
        if not report.whole:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The restored database is not whole: {len(report.problems)} problem(s) above."
            )
        self.stdout.write("The restored database is whole.")

    def _say(self, line: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(line)

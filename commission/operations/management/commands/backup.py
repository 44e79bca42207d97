from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commission.core.errors import CommissionError
from commission.operations.backup import make_backup


class Command(BaseCommand):
    help = (
        "Back the installation up into a new folder: the database, copied by its own means "
        "(SQLite's online backup or pg_dump), and a manifest of every table's rows and the audit "
        "chain's head. The audit keys are not included: keep their file apart (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="A new (or empty) folder for the backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        dest: Path = options["dest"]
        try:
            manifest = make_backup(dest, say=self._say)
        except CommissionError as error:
            raise CommandError(error.message) from None
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest.tables)} tables, up to audit event "
            f"{manifest.audit_head_seq}, into {dest} ({manifest.file}, SHA-256 "
            f"{manifest.sha256[:16]}…)."
        )

    def _say(self, line: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(line)

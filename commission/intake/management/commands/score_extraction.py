"""`commission score-extraction [--set DIR]`: precision, recall and F1 per field on the
labelled set, and person-resolution accuracy. Leaves no rows behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from commission.intake.reading.scoring import LABELLED_DIR, format_table, score


class Command(BaseCommand):
    help = (
        "Score letter extraction on the labelled set: a per-field table of precision, recall "
        "and F1, and person-resolution accuracy against the set's registry (built inside a "
        "transaction that is rolled back)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--set",
            dest="set_dir",
            default=str(LABELLED_DIR / "letters"),
            help="Folder of labelled letters (default: the built-in set).",
        )
        parser.add_argument(
            "--no-resolve", action="store_true", help="Skip resolution (no database needed)."
        )
        parser.add_argument("--misses", action="store_true", help="List every miss and extra.")
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 if a target is not met."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        set_dir = Path(options["set_dir"])
        if not set_dir.is_dir():
            self.stderr.write(f"{set_dir} is not a folder of labelled letters.")
            raise SystemExit(2)
        try:
            report = score(set_dir, resolve=not options["no_resolve"])
        except DatabaseError as exc:
            self.stderr.write(
                f"The database is not ready for resolution scoring ({exc}). Run "
                "`commission migrate`, or pass --no-resolve."
            )
            raise SystemExit(2) from None
        self.stdout.write(format_table(report))
        if options["misses"]:
            self.stdout.write("")
            self.stdout.write("\n".join(report.misses))
        failing = report.failing()
        if failing:
            self.stdout.write(f"\nBelow target: {', '.join(failing)}")
            if options["check"]:
                raise SystemExit(1)

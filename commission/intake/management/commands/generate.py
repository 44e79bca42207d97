"""`commission generate DEST`: write a synthetic registry for benchmarks and trials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commission.core.errors import CommissionError
from commission.core.progress import progress_bar
from commission.intake.generate import generate_letters
from commission.registry.generate import generate_registry


class Command(BaseCommand):
    help = (
        "Write a synthetic member registry (families with Russian names, units, commissions, "
        "memberships, relationships) in the interchange format. Reproducible with --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="A .jsonl file or a CSV folder")
        parser.add_argument("--people", type=int, default=730_000)
        parser.add_argument("--relationships", type=int, default=5_000_000)
        parser.add_argument("--seed", type=int, default=1921)
        parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
        parser.add_argument(
            "--letters",
            type=int,
            default=0,
            help="Also write this many letters, for `commission load-letters` (none by default).",
        )
        parser.add_argument(
            "--letters-to",
            type=Path,
            help="Where to write the letters (default: letters.jsonl beside the registry).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with progress_bar(unit=" records", desc="Generating") as progress:
                result = generate_registry(
                    destination=options["destination"],
                    people=options["people"],
                    relationships=options["relationships"],
                    seed=options["seed"],
                    fmt=options["format"],
                    progress=progress,
                )
            self.stdout.write(result.summary())
            if options["letters"]:
                destination = options["destination"]
                target = options["letters_to"] or (
                    destination / "letters.jsonl"
                    if options["format"] == "csv"
                    else destination.with_name(f"{destination.stem}-letters.jsonl")
                )
                with progress_bar(
                    total=options["letters"], unit=" letters", desc="Writing letters"
                ) as progress:
                    written = generate_letters(
                        destination=target,
                        count=options["letters"],
                        seed=options["seed"],
                        progress=progress,
                    )
                self.stdout.write(written.summary())
        except CommissionError as exc:
            raise CommandError(exc.message) from None

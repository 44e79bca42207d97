"""`commission ingest PATH… [--as USER] [--accept]`: register the letters in files and folders,
through the same service the upload page uses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.actors import Actor
from commission.core.errors import CommissionError
from commission.core.roles import require
from commission.documents.models import Document
from commission.intake.services import REVIEW, IngestReport, accept_all, expand, ingest_paths


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def count_line(report: IngestReport) -> str:
    return (
        f"{_count(len(report.filed), 'new letter', 'new letters')} filed, "
        f"{_count(len(report.matched), 'further copy', 'further copies')} of known letters, "
        f"{len(report.skipped)} skipped, "
        f"{_count(len(report.errors), 'file', 'files')} could not be read."
    )


class Command(BaseCommand):
    help = (
        "Register the letters in text, Markdown, HTML or PDF files (folders are read "
        "recursively). A letter already filed is not filed twice; another copy of it is added "
        "to it. A file that cannot be read is reported and the rest are still read; the exit "
        "status is then 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Files, folders")
        parser.add_argument("--as", dest="as_user", help="Act as this user (default: system).")
        parser.add_argument(
            "--accept",
            action="store_true",
            help="Accept everything read from the letters as proposed, as a clerk confirming "
            "it would, and print what was left for a person to decide.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        bar = None
        try:
            actor = command_line_actor(options["as_user"], command="ingest")
            if options["accept"]:
                # Refused before anything is read, so a user who may register but not confirm
                # does not end up with letters filed and the --accept half undone.
                require(actor, REVIEW, "confirm what was read from letters")
            if sys.stderr.isatty():
                from tqdm import tqdm

                bar = tqdm(total=len(expand(paths)), unit=_(" files"), desc=_("Reading letters"))
            report = ingest_paths(
                actor=actor, paths=paths, progress=bar.update if bar is not None else None
            )
        except CommissionError as error:
            raise CommandError(error.message) from None
        finally:
            if bar is not None:
                bar.close()
        self._print_report(report)
        if options["accept"]:
            self._accept(actor, report)
        if report.errors:
            raise SystemExit(1)

    def _print_report(self, report: IngestReport) -> None:
        sections = [
            ("Filed", report.filed),
            ("Matched (another copy of a known letter)", report.matched),
            ("Skipped", report.skipped),
        ]
        for title, lines in sections:
            if lines:
                self.stdout.write(f"{title}:")
                for line in lines:
                    self.stdout.write(f"  {line}")
        if report.errors:
            self.stderr.write(_("Could not be read:"))
            for line in report.errors:
                self.stderr.write(f"  {line}")
        self.stdout.write(count_line(report))

    def _accept(self, actor: Actor, report: IngestReport) -> None:
        ids = list(dict.fromkeys(report.documents))
        documents = {d.pk: d for d in Document.objects.filter(pk__in=ids)}
        for pk in ids:
            document = documents[pk]
            try:
                accepted, left = accept_all(actor=actor, document=document)
            except CommissionError as error:
                raise CommandError(error.message) from None
            self.stdout.write(
                _("Accepted %(count)s read from “%(document)s”.")
                % {"count": _count(accepted, "thing", "things"), "document": document}
            )
            if left:
                self.stdout.write(_("  Left for you to decide:"))
                for line in left:
                    self.stdout.write(f"    {line}")

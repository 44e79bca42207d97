"""`commission score-extraction [--set DIR]`: precision, recall and F1 per field on the
labelled sets, and person-resolution accuracy. Leaves no rows behind.

With no `--set`, every labelled set that exists is scored (English and Russian, development
and blind) and their F1 printed side by side with the targets; a blind set's misses are
counted, not listed, unless `--show-blind-misses` is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from commission.intake.reading.scoring import (
    LABELLED_DIR,
    Report,
    format_comparison,
    format_table,
    is_blind,
    miss_counts,
    score,
    score_sets,
)


class Command(BaseCommand):
    help = (
        "Score letter extraction on the labelled sets: F1 per field for the English and "
        "Russian development and blind sets side by side with the targets, and "
        "person-resolution accuracy against each set's registry (built inside a transaction "
        "that is rolled back). --set DIR scores one folder with precision and recall."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--set",
            dest="set_dir",
            default=None,
            help="Score this one folder of labelled letters (default: every set that exists).",
        )
        parser.add_argument(
            "--labelled",
            dest="labelled_dir",
            default=str(LABELLED_DIR),
            help="Folder holding the sets (letters/, letters_ru/, blind/en/, blind/ru/).",
        )
        parser.add_argument(
            "--no-resolve", action="store_true", help="Skip resolution (no database needed)."
        )
        parser.add_argument("--misses", action="store_true", help="List every miss and extra.")
        parser.add_argument(
            "--show-blind-misses",
            action="store_true",
            help="With --misses, list a blind set's misses too (by default only their counts).",
        )
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 if any set misses a target."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        resolve = not options["no_resolve"]
        try:
            if options["set_dir"] is not None:
                set_dir = Path(options["set_dir"])
                if not set_dir.is_dir():
                    self.stderr.write(
                        _("%(set_dir)s is not a folder of labelled letters.") % {"set_dir": set_dir}
                    )
                    raise SystemExit(2)
                report = score(set_dir, resolve=resolve)
                self.stdout.write(format_table(report))
                results = [(set_dir.name, is_blind(set_dir), report)]
            else:
                labelled = Path(options["labelled_dir"])
                if not labelled.is_dir():
                    self.stderr.write(
                        _("%(labelled)s is not a folder of labelled sets.") % {"labelled": labelled}
                    )
                    raise SystemExit(2)
                scored = score_sets(labelled, resolve=resolve)
                self.stdout.write(format_comparison(scored))
                results = [(s.label, s.blind, r) for s, r in scored]
        except DatabaseError as exc:
            self.stderr.write(
                _(
                    "The database is not ready for resolution scoring (%(exc)s). Run "
                    "`commission migrate`, or pass --no-resolve."
                )
                % {"exc": exc}
            )
            raise SystemExit(2) from None
        if options["misses"]:
            self._misses(results, show_blind=options["show_blind_misses"])
        failing = [(label, r.failing()) for label, _blind, r in results if r.failing()]
        if failing:
            self.stdout.write("")
            for label, fields in failing:
                self.stdout.write(
                    _("Below target (%(label)s): %(fields)s")
                    % {"label": label, "fields": ", ".join(fields)}
                )
            if options["check"]:
                raise SystemExit(1)

    def _misses(self, results: list[tuple[str, bool, Report]], *, show_blind: bool) -> None:
        for label, blind, report in results:
            self.stdout.write("")
            if blind and not show_blind:
                self.stdout.write(
                    _(
                        "Misses in %(label)s: %(count)s (%(miss_counts)s); listed only with "
                        "--show-blind-misses."
                    )
                    % {
                        "label": label,
                        "count": len(report.misses),
                        "miss_counts": miss_counts(report),
                    }
                )
                continue
            self.stdout.write(_("Misses in %(label)s:") % {"label": label})
            self.stdout.write("\n".join(report.misses) if report.misses else "none")

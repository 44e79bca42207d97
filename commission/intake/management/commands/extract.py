"""`commission extract FILE… [--json]`: a dry run of letter reading. Stores nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from commission.intake import isolation
from commission.intake.reading.extractors import DEFAULT, load_extractors
from commission.intake.reading.model import Resolution
from commission.intake.reading.pipeline import BatchReading, LetterReading, batch_json, read_batch


class Command(BaseCommand):
    help = (
        "Read letters from text, Markdown, HTML or PDF files and print what was found in each "
        "(author, addressees, date, subjects, relatives, requests … with the words they came "
        "from and the registry person each name resolves to). Nothing is stored."
    )

    # Reading stores nothing and serves no page: the system checks (which load every URL and
    # view) would more than double the time a one-letter call takes to start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="Print JSON (see docs/intake.md).")
        parser.add_argument("--extractor", default=DEFAULT, help="Name of a registered extractor.")
        parser.add_argument(
            "--no-resolve", action="store_true", help="Do not look names up in the registry."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = sorted(load_extractors())
        if options["extractor"] not in names:
            self.stderr.write(
                _("No extractor named “%(extractor)s”; registered: %(names)s.")
                % {"extractor": options["extractor"], "names": ", ".join(names)}
            )
            raise SystemExit(2)
        resolve = not options["no_resolve"]
        extractor = options["extractor"]

        # Each file is read in a worker under the intake's time and memory limits, so a file
        # built to be slow or huge is skipped with a sentence like any other unreadable file.
        def reader(path: Path | str) -> list[LetterReading]:
            return isolation.read_and_extract(path, extractor=extractor)

        try:
            batch = read_batch(
                options["files"], extractor=extractor, resolve=resolve, reader=reader
            )
        except DatabaseError as exc:
            self.stderr.write(
                _(
                    "The registry could not be read (%(exc)s); names are shown unresolved. "
                    "Run `commission migrate` to create the database."
                )
                % {"exc": exc}
            )
            batch = read_batch(options["files"], extractor=extractor, resolve=False, reader=reader)
            _mark_unavailable(batch)
        for error in batch.errors:
            self.stderr.write(
                _("Skipped %(file_name)s: %(reason)s")
                % {"file_name": error.file_name, "reason": error.reason}
            )
        if options["json"]:
            self.stdout.write(json.dumps(batch_json(batch), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(batch))
        if batch.errors and not batch.letters:
            raise SystemExit(1)


def _mark_unavailable(batch: BatchReading) -> None:
    for reading in batch.letters:
        for ref in reading.extraction.people():
            ref.resolution = Resolution("unavailable", 0.0)


def _who(item: Any) -> str:
    person = item.person
    text = str(item.value)
    if person is not None and person.resolution is not None:
        res = person.resolution
        if res.status == "matched":
            text += f" → {res.person_name} ({res.confidence:.2f})"
        elif res.status in ("ambiguous", "family"):
            text += f" → {res.status}: " + ", ".join(n for _r, n, _s in res.candidates[:4])
        elif res.status == "proposed":
            text += " → new person"
    return text


def summary(batch: BatchReading) -> str:
    lines: list[str] = []
    for position, reading in enumerate(batch.letters):
        letter, ex = reading.letter, reading.extraction
        title = f"Letter {position + 1}: {letter.file_name}, letter {letter.index + 1} of the file"
        lines += [title, "-" * len(title)]
        if reading.copy_of is not None:
            lines.append(
                f"  copy of letter {reading.copy_of[0] + 1} (similarity {reading.copy_of[1]:.2f})"
            )
        prov = letter.provenance
        lines.append(
            f"  source: {prov.archive or 'unknown'}; channel {prov.channel}"
            + (f" (earlier: {', '.join(prov.history)})" if prov.history else "")
        )
        for name in ("author", "addressees", "subjects", "other_people"):
            items = ex.get(name)
            if items:
                lines.append(f"  {name.replace('_', ' ')}: " + "; ".join(_who(i) for i in items))
        date = ex.get("date")
        time = ex.get("time")
        if date:
            lines.append(f"  date: {date[0].value}" + (f" {time[0].value}" if time else ""))
        for item in ex.get("relatives"):
            v = item.value
            lines.append(f"  relative: {v['person']} ({v['relation']} of {v['of'] or '?'})")
        for name in ("stance", "basis"):
            items = ex.get(name)
            if items:
                lines.append(f"  {name}: " + ", ".join(str(i.value) for i in items))
        for item in ex.get("requests"):
            urgent = ", urgently" if item.extra.get("urgent") else ""
            lines.append(f"  request: {item.value} (by {item.extra.get('by')}{urgent})")
        for item in ex.get("contacts"):
            lines.append(f"  contact ({item.value['kind']}, personal data): {item.value['value']}")
        for item in ex.get("outcomes"):
            lines.append(
                f"  outcome (editors' note): {item.value['person']} {item.value['outcome']}"
            )
        for item in ex.get("inscriptions"):
            v = item.value
            lines.append(
                f"  inscription by {v['author'] or '?'}: {len(item.extra['inquiries'])} inquiries"
            )
            for q in item.extra["inquiries"]:
                about = q["about"].name if q["about"] else "?"
                urgent = ", urgently" if q["urgent"] else ""
                lines.append(
                    f"    ask {q['to'].name} about {about}: "
                    f"{', '.join(q['asks']) or 'information'}{urgent}"
                )
        lines.append("")
    lines.append(
        f"{len(batch.letters)} letter(s) read from {batch.files} file(s); "
        f"{len(batch.errors)} file(s) skipped. Nothing was stored."
    )
    return "\n".join(lines)

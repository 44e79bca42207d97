"""Import of the member registry in the interchange format (docs/registry-format.md).

The import streams its files: it keeps the identifiers it has seen (to resolve references)
and one batch of rows, never the files. Rows are validated with the rules the registry
services use, given explicit ids and written with the engine's bulk path (executemany on
SQLite, COPY on PostgreSQL), all inside one transaction, so a refused import changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.files import open_private
from commission.core.roles import require
from commission.registry.interchange.bulk import _BATCH, _REINDEXED, _Writer
from commission.registry.interchange.format import (
    _CSV_ONLY,
    _JSON_FIELDS,
    _PLAIN_TIE_LINE,
    COLUMNS,
    COUNT_LABELS,
    CSV_FILES,
    NESTED,
    RECORD_TYPES,
    REQUIRED,
    Progress,
    _RowError,
)
from commission.registry.interchange.records import _RecordReader
from commission.registry.interchange.sources import _collect_sources, _default_report_path, _Source

# Inputs larger than this rebuild the lookup indexes of the big tables after loading them.
_BULK_BYTES = 64 * 2**20


@dataclass
class ImportResult:
    counts: dict[str, int]
    skipped: int = 0
    report_path: Path | None = None
    files: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{n} {COUNT_LABELS[t]}" for t, n in self.counts.items() if n]
        text = "Imported " + (", ".join(parts) if parts else "nothing") + "."
        if self.skipped:
            text += f" Skipped {self.skipped} bad rows; see {self.report_path}."
        return text


class _Importer(_RecordReader):
    """Reads the files row by row into the record readers; refuses the import at the first bad
    row, or writes each bad row with its reason to the report."""

    def __init__(self, *, actor: Actor, skip_bad_rows: bool, report: Any) -> None:
        self.actor = actor
        self.skip_bad_rows = skip_bad_rows
        self.report = report
        self.skipped = 0
        super().__init__(
            writer=_Writer(self.refused),
            actor_id=actor.pk if getattr(actor, "pk", None) else None,
        )

    # -- reporting ---------------------------------------------------------------------------

    def location(self, label: str, line: int, column: str | None) -> str:
        where = f"{label}, line {line}"
        if column:
            kind = "column" if label.lower().endswith(".csv") else "field"
            where += f", {kind} {column}"
        return where

    def refused(self, label: str, line: int, column: str | None, reason: str, data: Any) -> None:
        sentence = f"{self.location(label, line, column)}: {reason}"
        if not self.skip_bad_rows:
            raise InvalidInput(sentence, field=column)
        self.skipped += 1
        self.report.writerow(
            [label, line, column or "", reason, json.dumps(data, ensure_ascii=False, default=str)]
        )

    # -- reading -----------------------------------------------------------------------------

    def run(self, sources: list[_Source], progress: Progress | None) -> None:
        self.csv_history = any(s.rtype == "status_change" for s in sources)
        for source in sources:
            self.label = source.label
            if source.rtype is None:
                self.read_jsonl(source, progress)
            else:
                self.read_csv(source, progress)
        self.writer.finish()

    def read_jsonl(self, source: _Source, progress: Progress | None) -> None:
        handlers = self.handlers
        for number, text in source.lines(progress):
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            self.line = number
            plain = _PLAIN_TIE_LINE.fullmatch(text)
            if plain is not None and self.plain_tie(*plain.groups()):
                continue
            try:
                data = json.loads(text.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                self.refused(
                    source.label, number, None,
                    f"this line is not valid JSON ({exc.msg} at character {exc.pos + 1}).", text,
                )  # fmt: skip
                continue
            try:
                if not isinstance(data, dict):
                    raise _RowError(None, "each line must be one JSON object with a type field.")
                rtype = data.get("type")
                if rtype not in handlers or rtype in ("name", "contact", "status_change"):
                    known = ", ".join(t for t in RECORD_TYPES if t not in _CSV_ONLY)
                    raise _RowError("type", f"{json.dumps(rtype)} is not one of {known}.")
                if not data.keys() <= _JSON_FIELDS[rtype]:
                    allowed = (*COLUMNS[rtype], *NESTED.get(rtype, ()))
                    key = next(k for k in data if k not in _JSON_FIELDS[rtype])
                    raise _RowError(
                        key, f"there is no such field in a {rtype} record; the fields are "
                        f"{', '.join(allowed)}.",
                    )  # fmt: skip
                handlers[rtype](data)
            except _RowError as exc:
                self.refused(source.label, number, exc.column, exc.reason, data)

    def read_csv(self, source: _Source, progress: Progress | None) -> None:
        assert source.rtype is not None
        rtype = source.rtype
        handler = self.handlers[rtype]
        numbered = source.lines(progress)
        current = [0]

        def text_lines() -> Iterator[str]:
            for number, text in numbered:
                current[0] = number
                yield text

        # Strict: a quote left open is an error, not a value that runs on through every
        # following row to the end of the file.
        reader = csv.reader(text_lines(), strict=True)
        try:
            header = [c.strip() for c in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(
                f"{source.label}, line 1: the header cannot be read ({exc})."
            ) from None
        expected = COLUMNS[rtype]
        for column in header:
            if column not in expected:
                raise InvalidInput(
                    f"{source.label}, line 1, column {column or '(blank)'}: there is no such "
                    f"column in {CSV_FILES[rtype]}; the columns are {', '.join(expected)}."
                )
        missing = [c for c in REQUIRED[rtype] if c not in header]
        if missing:
            raise InvalidInput(
                f"{source.label}, line 1: the required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing."
            )
        if len(set(header)) != len(header):
            raise InvalidInput(
                _("%(file)s, line 1: a column is named twice in the header.")
                % {"file": source.label}
            )
        width = len(header)
        while True:
            starts = current[0] + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                # The file's structure is broken from here on: which rows follow cannot be
                # told, so none of the file is taken.
                raise InvalidInput(
                    f"{source.label}, line {starts}: the row cannot be read ({exc})"
                    + (
                        "; a quoted value opened on this line is never closed"
                        if "end of data" in str(exc) or current[0] > starts
                        else ""
                    )
                    + ". Nothing was imported."
                ) from None
            self.line = current[0]
            if not row:
                continue
            if len(row) != width:
                self.refused(
                    source.label, current[0], None,
                    f"the row has {len(row)} values but the header names {width} columns.", row,
                )  # fmt: skip
                continue
            data = dict(zip(header, row, strict=True))
            try:
                handler(data)
            except _RowError as exc:
                self.refused(source.label, current[0], exc.column, exc.reason, data)


def import_registry(
    *,
    actor: Actor,
    paths: list[Path],
    skip_bad_rows: bool = False,
    report_path: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import registry files (JSON Lines files, CSV files, or folders of CSV files).

    All or nothing: one transaction, and the first bad row refuses the whole import, unless
    `skip_bad_rows`, when good rows are imported and each bad one is written with its reason to
    a CSV report (at `report_path`, or beside the first input). `progress` is called with the
    number of bytes read since its last call.

    Side effects: one audit event (counts per type, sha256 of each file) in the transaction.
    Errors: NotAllowed without registry.import_registry; InvalidInput naming file, line,
    column and reason.
    """
    require(actor, "registry.import_registry", "import registry files")
    if not paths:
        raise InvalidInput(_("Name at least one file or folder to import."))
    sources = _collect_sources([Path(p) for p in paths])
    report_file = None
    report_writer = None
    if skip_bad_rows:
        report_path = Path(report_path) if report_path else _default_report_path(paths)
        report_file = open_private(report_path, "w", encoding="utf-8", newline="")
        report_writer = csv.writer(report_file)
        report_writer.writerow(["file", "line", "column", "reason", "row"])
    importer = _Importer(actor=actor, skip_bad_rows=skip_bad_rows, report=report_writer)
    try:
        with transaction.atomic():
            importer.writer.start(bulk=sum(s.size for s in sources) > _BULK_BYTES)
            importer.load_existing()
            importer.run(sources, progress)
            counts = {t: importer.writer.tables[t].written for t in RECORD_TYPES}
            files = [{"name": str(s.path), "sha256": s.sha256.hexdigest()} for s in sources]
            result = ImportResult(
                counts=counts,
                skipped=importer.skipped,
                report_path=report_path if skip_bad_rows else None,
                files=files,
            )
            record_event(
                actor=actor,
                action=AuditAction.REGISTRY_IMPORT,
                target_type="registry",
                summary=result.summary(),
                after={"counts": counts, "skipped": importer.skipped, "files": files},
            )
    finally:
        if report_file is not None:
            report_file.close()
    _vacuum_after_bulk(importer)
    return result


def _vacuum_after_bulk(importer: _Importer) -> None:
    """After a bulk load into PostgreSQL, mark the new rows visible to all in the tables'
    visibility maps, so index-only scans (the strongest ties of a person, say) need not visit
    the table for each row. VACUUM cannot run inside a transaction: skipped when the import is
    part of a larger one, where autovacuum does it later."""
    writer = importer.writer
    if writer.vendor != "postgresql" or connection.in_atomic_block:
        return
    bulk = [writer.tables[t].name for t in _REINDEXED if writer.tables[t].written >= _BATCH]
    with connection.cursor() as cursor:
        for table in bulk:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')

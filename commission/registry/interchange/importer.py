"""Import of the member registry in the interchange format (docs/registry-format.md).

The import streams its files: it keeps the identifiers it has seen (to resolve references)
and one batch of rows, never the files. Rows are validated with the rules the registry
services use, given explicit ids and written with the engine's bulk path (executemany on
SQLite, COPY on PostgreSQL), all inside one transaction, so a refused import changes nothing.
"""

from __future__ import annotations

import csv
import json
import logging
import multiprocessing
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.audit.services import record_event, trail_text
from commission.core import bulk, parallel
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import CommissionError, InvalidInput
from commission.core.files import open_private
from commission.core.roles import require
from commission.registry.interchange.bulk import _BATCH, _REINDEXED, _Writer
from commission.registry.interchange.format import (
    _CSV_ONLY,
    _JSON_FIELDS,
    COLUMNS,
    CSV_FILES,
    NESTED,
    PLAIN_TIE_HEAD,
    RECORD_TYPES,
    REQUIRED,
    Progress,
    _RowError,
    counted,
    shown,
)
from commission.registry.interchange.format import plain_tie as read_plain_tie
from commission.registry.interchange.records import _RecordReader
from commission.registry.interchange.sources import _collect_sources, _default_report_path, _Source

logger = logging.getLogger(__name__)

# Inputs larger than this rebuild the lookup indexes of the big tables after loading them.
_BULK_BYTES = 64 * 2**20


@dataclass
class ImportResult:
    counts: dict[str, int]
    skipped: int = 0
    report_path: Path | None = None
    files: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = counted(self.counts)
        text = _("Imported %(records)s.") % {"records": parts} if parts else _("Imported nothing.")
        if self.skipped:
            text += " " + ngettext(
                "Skipped %(n)d bad row; see %(report)s.",
                "Skipped %(n)d bad rows; see %(report)s.",
                self.skipped,
            ) % {"n": self.skipped, "report": self.report_path}
        return text


class _Importer(_RecordReader):
    """Reads the files row by row into the record readers; refuses the import at the first bad
    row, or writes each bad row with its reason to the report."""

    def __init__(
        self, *, actor: Actor | None, skip_bad_rows: bool, report: Any, shipping: Any = None
    ) -> None:
        self.actor = actor
        self.skip_bad_rows = skip_bad_rows
        self.report = report
        self.skipped = 0
        super().__init__(
            writer=_Writer(self.refused, shipping),
            actor_id=getattr(actor, "pk", None) or None,
        )

    # -- reporting ---------------------------------------------------------------------------

    def location(self, label: str, line: int, column: str | None) -> str:
        if not column:
            return _("%(file)s, line %(line)d") % {"file": label, "line": line}
        if label.lower().endswith(".csv"):
            where = _("%(file)s, line %(line)d, column %(column)s")
        else:
            where = _("%(file)s, line %(line)d, field %(column)s")
        return where % {"file": label, "line": line, "column": column}

    def refused(self, label: str, line: int, column: str | None, reason: str, data: Any) -> None:
        if self.writer.shipping is not None:
            # In the reading process: the importing process reports it (or refuses the import).
            self.writer.shipping.send(("refused", label, line, column, reason, data))
            if not self.skip_bad_rows:
                raise _Refused
            return
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
        if self.writer.bulk:
            self.read_beside(sources, progress)
        else:
            self.read(sources, progress)
        self.writer.finish()

    def read(self, sources: list[_Source], progress: Progress | None) -> None:
        for source in sources:
            self.label = source.label
            if source.rtype is None:
                self.read_jsonl(source, progress)
            else:
                self.read_csv(source, progress)

    # -- a large import: read in a second process while this one writes ----------------------

    def read_beside(self, sources: list[_Source], progress: Progress | None) -> None:
        """Read and check the files in a second process, which sends the rows in batches,
        while this process writes them: reading takes about as long as writing, and each has a
        core of its own. The reader starts from what this process knows (the registry's ids,
        the next free ids) and never touches the database; what it refuses comes back here to
        be reported, in the order of the files."""
        context = multiprocessing.get_context("spawn")
        receiving, sending = context.Pipe(duplex=False)
        known = {name: getattr(self, name) for name in _CARRIED}
        known |= {
            "skip_bad_rows": self.skip_bad_rows,
            "actor_id": self.actor_id,
            "next_id": self.writer.next_id,
            "language": translation.get_language(),
            "sources": [(source.path, source.rtype) for source in sources],
        }
        reader = context.Process(
            target=parallel.set_up_and_call, args=(_READER, known, sending), daemon=True
        )
        reader.start()
        sending.close()
        try:
            self._write_what_arrives(receiving, sources, progress)
        finally:
            receiving.close()
            if reader.is_alive():
                reader.terminate()
            reader.join()

    def ship(self, sources: list[_Source]) -> None:
        """In the reading process: read every file, sending rows, refusals and progress to
        the importing process, and last the files' digests."""
        sending = self.writer.shipping
        try:
            self.read(sources, lambda size: sending.send(("progress", size)))
            self.writer.flush_all()
            sending.send(("done", [source.hexdigest() for source in sources]))
        except _Refused:
            pass  # the refusal went ahead of it
        except CommissionError as exc:
            sending.send(("invalid", exc.message, exc.field))
        except BaseException:  # anything else is told to the importing process
            sending.send(("failed", traceback.format_exc()))
        finally:
            sending.close()

    def _write_what_arrives(
        self, receiving: Any, sources: list[_Source], progress: Progress | None
    ) -> None:
        tables = self.writer.tables
        while True:
            try:
                message = receiving.recv()
            except EOFError:
                raise CommissionError(
                    _(
                        "The import stopped: the process reading the files ended before it had "
                        "read them all (it may have run out of memory). Nothing was imported."
                    )
                ) from None
            kind = message[0]
            if kind == "rows":
                self.writer.write(tables[message[1]], message[2], message[3])
            elif kind == "progress":
                if progress is not None:
                    progress(message[1])
            elif kind == "refused":
                self.refused(*message[1:])
            elif kind == "done":
                for source, digest in zip(sources, message[1], strict=True):
                    source.digest = digest
                return
            elif kind == "invalid":
                raise InvalidInput(message[1], field=message[2])
            else:
                logger.error("Reading the registry files failed:\n%s", message[1])
                last = message[1].strip().splitlines()[-1]
                raise CommissionError(
                    _(
                        "The import stopped: reading the files failed (%(error)s). Nothing was "
                        "imported."
                    )
                    % {"error": last}
                )

    def read_jsonl(self, source: _Source, progress: Progress | None) -> None:
        handlers = self.handlers
        plain_tie = self.plain_tie
        for number, text in source.lines(progress):
            self.line = number
            if text.startswith(PLAIN_TIE_HEAD):
                tie = read_plain_tie(text)
                if tie is not None and plain_tie(*tie):
                    continue
            else:
                stripped = text.strip()
                if not stripped or stripped.startswith("#"):
                    continue
            try:
                data = _json(text)
            except json.JSONDecodeError as exc:
                self.refused(
                    source.label,
                    number,
                    None,
                    _("this line is not valid JSON (%(fault)s at character %(at)d).")
                    % {"fault": exc.msg, "at": exc.pos + 1},
                    text,
                )
                continue
            try:
                if not isinstance(data, dict):
                    raise _RowError(None, _("each line must be one JSON object with a type field."))
                rtype = data.get("type")
                if rtype not in handlers or rtype in ("name", "contact", "status_change"):
                    known = ", ".join(t for t in RECORD_TYPES if t not in _CSV_ONLY)
                    raise _RowError(
                        "type",
                        _("%(value)s is not one of %(choices)s.")
                        % {"value": shown(rtype), "choices": known},
                    )
                if not data.keys() <= _JSON_FIELDS[rtype]:
                    allowed = (*COLUMNS[rtype], *NESTED.get(rtype, ()))
                    key = next(k for k in data if k not in _JSON_FIELDS[rtype])
                    raise _RowError(
                        key,
                        _("there is no such field in a %(type)s record; the fields are %(fields)s.")
                        % {"type": rtype, "fields": ", ".join(allowed)},
                    )
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
                _("%(file)s, line 1: the header cannot be read (%(fault)s).")
                % {"file": source.label, "fault": exc}
            ) from None
        expected = COLUMNS[rtype]
        for column in header:
            if column not in expected:
                raise InvalidInput(
                    _(
                        "%(file)s, line 1, column %(column)s: there is no such column in "
                        "%(name)s; the columns are %(columns)s."
                    )
                    % {
                        "file": source.label,
                        "column": column or _("(blank)"),
                        "name": CSV_FILES[rtype],
                        "columns": ", ".join(expected),
                    }
                )
        missing = [c for c in REQUIRED[rtype] if c not in header]
        if missing:
            raise InvalidInput(
                ngettext(
                    "%(file)s, line 1: the required column %(columns)s is missing.",
                    "%(file)s, line 1: the required columns %(columns)s are missing.",
                    len(missing),
                )
                % {"file": source.label, "columns": ", ".join(missing)}
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
                if "end of data" in str(exc) or current[0] > starts:
                    sentence = _(
                        "%(file)s, line %(line)d: the row cannot be read (%(fault)s); a quoted "
                        "value opened on this line is never closed. Nothing was imported."
                    )
                else:
                    sentence = _(
                        "%(file)s, line %(line)d: the row cannot be read (%(fault)s). Nothing "
                        "was imported."
                    )
                raise InvalidInput(
                    sentence % {"file": source.label, "line": starts, "fault": exc}
                ) from None
            self.line = current[0]
            if not row:
                continue
            if len(row) != width:
                self.refused(
                    source.label,
                    current[0],
                    None,
                    _("the row has %(values)d values but the header names %(columns)d columns.")
                    % {"values": len(row), "columns": width},
                    row,
                )
                continue
            data = dict(zip(header, row, strict=True))
            try:
                handler(data)
            except _RowError as exc:
                self.refused(source.label, current[0], exc.column, exc.reason, data)


# The reading process's work, for `core.parallel.set_up_and_call`.
_READER = f"{__name__}:reading_process"
# What the reading process takes over from the importing one, besides the ids to come.
_CARRIED = (
    "now", "csv_history", "organisations", "units", "people", "commissions", "memberships",
    "new_memberships", "derived",
)  # fmt: skip


class _Refused(Exception):
    """A reading process stops at a bad row, which the importing process will refuse."""


def reading_process(known: dict[str, Any], sending: Any) -> None:
    """The reading process of `_Importer.read_beside`, in a new interpreter."""
    translation.activate(known.pop("language"))
    reader = _Importer(
        actor=None, skip_bad_rows=known.pop("skip_bad_rows"), report=None, shipping=sending
    )
    reader.actor_id = known.pop("actor_id")
    reader.writer.next_id = known.pop("next_id")
    sources = [_Source(path, rtype) for path, rtype in known.pop("sources")]
    for name, value in known.items():
        setattr(reader, name, value)
    reader.ship(sources)


def _json(text: str) -> Any:
    """A line's JSON value: orjson's (several times faster), else the standard library's,
    which also takes what orjson refuses (NaN, lone surrogates) and names the fault of a line
    that is not JSON. (A whole number beyond 64 bits, which no field takes, orjson reads as a
    fraction: the row is refused all the same, the number shown rounded.)"""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text.rstrip("\r\n"))


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
        # On SQLite a larger page cache and no memory map for the import's length, restored
        # whether it commits or not (`core.bulk.large_cache`).
        with bulk.large_cache(), transaction.atomic():
            importer.writer.start(bulk=sum(s.size for s in sources) > _BULK_BYTES)
            importer.load_existing()
            importer.run(sources, progress)
            counts = {t: importer.writer.tables[t].written for t in RECORD_TYPES}
            files = [{"name": str(s.path), "sha256": s.hexdigest()} for s in sources]
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
                summary=trail_text(result.summary),
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
    loaded = [writer.tables[t].name for t in _REINDEXED if writer.tables[t].written >= _BATCH]
    with connection.cursor() as cursor:
        for table in loaded:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')

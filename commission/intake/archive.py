"""Loading a collection of letters as they are, without reading them for proposals.

For an archive already transcribed elsewhere (or the synthetic letters of `commission generate
--letters`): each letter is registered with one copy that says where it came from and is
indexed for search; nobody, case or tie is proposed from it. A letter whose text is already on
file is left alone, so a load can be run again after an interruption.

The file is JSON Lines, one letter per line:
`{"title": …, "text": …, "written_on": "1921-12-20", "date_text": …, "kind": "letter",
"notes": …, "source_name": …, "source_url": …, "confidential": false}`; title and text are
required. The whole file is checked before anything is stored, and every problem is reported
with its line, so a file with a mistake loses nothing and stores nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from django.db import connection, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core import bulk, clock, parallel
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.roles import require
from commission.documents.enums import CopyChannel, DocumentKind
from commission.documents.models import Document, DocumentCopy
from commission.intake.reading.fingerprint import fingerprint
from commission.search import services as search_services

BATCH = 5_000
# From how many letters a file is read by worker processes while this one stores.
PARALLEL_FROM = 4 * BATCH
_MAX_ERRORS = 20
_KINDS = frozenset(DocumentKind.values)  # worked out once: the enum builds the list each time
_FIELDS = frozenset(
    ("id", "title", "text", "written_on", "date_text", "kind", "notes", "source_name",
     "source_url", "confidential")
)  # fmt: skip


@dataclass
class LoadReport:
    loaded: int = 0
    already_on_file: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("Loaded %(loaded)s letters; %(known)s were already on file.") % {
            "loaded": number_format(self.loaded, force_grouping=True),
            "known": number_format(self.already_on_file, force_grouping=True),
        }


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield number, orjson.loads(line)
                except orjson.JSONDecodeError as error:
                    yield number, error


def _check(record: Any) -> str | None:
    """What is wrong with one record, as a sentence, or None."""
    if isinstance(record, orjson.JSONDecodeError):
        return _("this is not JSON (%(reason)s).") % {"reason": record.msg}
    if not isinstance(record, dict):
        return _("each line must be one JSON object.")
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        return _("unknown field %(field)r; the fields are %(fields)s.") % {
            "field": unknown[0], "fields": ", ".join(sorted(_FIELDS))
        }  # fmt: skip
    for name in ("title", "text"):
        if not isinstance(record.get(name), str) or not record[name].strip():
            return _("the %(field)s is missing.") % {"field": name}
    if len(record["title"]) > 300:
        return _("the title is longer than 300 characters.")
    written = record.get("written_on")
    if written not in (None, ""):
        try:
            dt.date.fromisoformat(str(written))
        except ValueError:
            return _("written_on %(value)r is not a date like 1921-12-20.") % {"value": written}
    if record.get("kind", DocumentKind.LETTER) not in _KINDS:
        return _("kind %(value)r is not one of %(kinds)s.") % {
            "value": record["kind"], "kinds": ", ".join(DocumentKind.values)
        }  # fmt: skip
    for name in _TEXT_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            return _("the %(field)s must be text in quotes, not %(found)s.") % {
                "field": name, "found": _json_type(record[name])
            }  # fmt: skip
    if record.get("confidential") not in (None, True, False):
        # "false" in quotes would otherwise count as true and seal the letter.
        return _("confidential must be true or false, not %(value)r.") % {
            "value": record["confidential"]
        }
    return None


_TEXT_FIELDS = ("date_text", "notes", "source_name", "source_url")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("true or false"))
    if isinstance(value, int | float):
        return str(_("a number"))
    if isinstance(value, list):
        return str(_("a list"))
    return str(_("an object"))


def check_letters(path: Path) -> tuple[int, list[str]]:
    """Read the whole file; returns how many letters it holds and what is wrong with it."""
    count = 0
    errors: list[str] = []
    try:
        for number, record in _records(path):
            problem = _check(record)
            if problem:
                errors.append(
                    _("%(file)s, line %(line)d: %(problem)s")
                    % {"file": path.name, "line": number, "problem": problem}
                )
                if len(errors) >= _MAX_ERRORS:
                    errors.append(
                        _("%(file)s: stopped after %(count)d problems.")
                        % {"file": path.name, "count": _MAX_ERRORS}
                    )
                    break
            count += 1
    except UnicodeDecodeError:
        errors.append(_("%(file)s is not UTF-8 text.") % {"file": path.name})
    except OSError as error:
        errors.append(
            _("%(file)s cannot be read: %(reason)s.") % {"file": path, "reason": error.strerror}
        )
    return count, errors


def load_letters(
    *, actor: Actor, path: Path, progress: Callable[[int], None] | None = None
) -> LoadReport:
    """Register every letter of a JSON Lines file with one copy each, and index them.

    Errors: NotAllowed without the right to register documents; InvalidInput, naming each
    line at fault, when any record is wrong (then nothing is stored).
    """
    require(actor, "documents.register_document", "register letters")
    path = Path(path)
    count, errors = check_letters(path)
    if errors:
        raise InvalidInput(_("Nothing was loaded.") + " " + " ".join(errors))
    report = LoadReport()
    with contextlib.ExitStack() as stack:
        # The workers start before anything else of the load does (a process is copied
        # whole: no other thread may be running when it is).
        workers = stack.enter_context(parallel.workers(count >= PARALLEL_FROM))
        stack.enter_context(bulk.large_cache())
        if count >= PARALLEL_FROM:
            stack.enter_context(bulk.checkpoints_aside())
        index = stack.enter_context(search_services.loading_letters())
        for batch in parallel.in_order(
            workers, _prepare, _line_batches(path), index.analyses_ahead
        ):
            _store(actor, path, batch, report, index)
            if progress is not None:
                progress(len(batch))
    if report.loaded >= BATCH:
        bulk.refresh_statistics(Document, DocumentCopy)
        search_services.after_bulk_load()
    return report


# Reading the letters in worker processes


@dataclass(frozen=True)
class _Prepared:
    """One letter of the file, read and worked out ahead of storing it."""

    record: dict[str, Any]
    fingerprint: str
    sha256: str
    analysis: Any  # the words the index is given (`search.services.analyse`), or None


def _prepare(lines: list[str], analyse: bool) -> list[_Prepared]:
    """The letters of these lines of the file: pure work on text, done in a worker process
    for a large file."""
    prepared = []
    for line in lines:
        record = orjson.loads(line)
        text = record["text"]
        prepared.append(
            _Prepared(
                record=record,
                fingerprint=fingerprint(text),
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                analysis=search_services.analyse(record["title"].strip(), (), _body(record))
                if analyse
                else None,
            )
        )
    return prepared


def _line_batches(path: Path) -> Iterator[list[str]]:
    batch: list[str] = []
    with path.open(encoding="utf-8-sig") as lines:
        for line in lines:
            if line.strip():
                batch.append(line)
                if len(batch) == BATCH:
                    yield batch
                    batch = []
    if batch:
        yield batch


# Storing


def _store(
    actor: Actor,
    path: Path,
    batch: list[_Prepared],
    report: LoadReport,
    index: search_services.LetterLoad,
) -> None:
    by_print: dict[str, _Prepared] = {}
    for letter in batch:
        by_print.setdefault(letter.fingerprint, letter)
    with transaction.atomic():
        cursor = connection.connection.cursor()
        known = bulk.values_on_file(cursor, Document, "fingerprint", list(by_print))
        report.already_on_file += len(batch) - len(by_print) + len(known)
        fresh = [letter for key, letter in by_print.items() if key not in known]
        if not fresh:
            return
        registered_by = actor.pk or None
        now = bulk.db_value(clock.now())
        ids = bulk.next_ids(cursor, Document, len(fresh))
        letters = [_letter(pk, prepared) for pk, prepared in zip(ids, fresh, strict=True)]
        bulk.insert_rows(cursor, Document, _DOCUMENT_COLUMNS, [
            (letter.id, letter.kind, letter.title, p.record.get("notes") or "", p.fingerprint,
             letter.written_on and bulk.db_value(letter.written_on), None,
             (p.record.get("date_text") or "")[:100], letter.confidential, now, registered_by,
             1, p.record["text"])
            for letter, p in zip(letters, fresh, strict=True)
        ])  # fmt: skip
        file_name = path.name[:300]
        bulk.insert_rows(cursor, DocumentCopy, _COPY_COLUMNS, [
            (copy_id, pk, CopyChannel.UNKNOWN.value, (p.record.get("source_name") or "")[:300],
             (p.record.get("source_url") or "")[:500], file_name, p.sha256, p.record["text"],
             p.record["text"], p.record.get("notes") or "", "",
             orjson.dumps({"record": str(p.record.get("id", ""))}).decode(), 0, now,
             registered_by)
            for copy_id, pk, p
            in zip(bulk.next_ids(cursor, DocumentCopy, len(fresh)), ids, fresh, strict=True)
        ])  # fmt: skip
        index.add(letters)
        record_event(
            actor=actor,
            action=AuditAction.DOCUMENT_LOAD,
            target_type="documents.document",
            target_id=f"{ids[0]}-{ids[-1]}",
            summary=f"Loaded {len(ids):,} letters from {path.name} without reading them.",
            after={"file": path.name, "count": len(ids), "first": ids[0], "last": ids[-1]},
        )
        report.loaded += len(ids)


# Every column of the two tables, in the order of the rows `_store` writes.
_DOCUMENT_COLUMNS = (
    "id", "kind", "title", "notes_text", "fingerprint", "written_on", "written_at", "date_text",
    "confidential", "registered_at", "registered_by_id", "version", "text",
)  # fmt: skip
_COPY_COLUMNS = (
    "id", "document_id", "channel", "source_name", "source_url", "file_name", "content_sha256",
    "raw_text", "text", "notes_text", "provenance", "provenance_fields", "letter_index",
    "received_at", "received_by_id",
)  # fmt: skip


def _letter(pk: int, prepared: _Prepared) -> search_services.NewLetter:
    """The letter as the index takes it (a new letter names nobody and is on no case)."""
    record = prepared.record
    written = record.get("written_on")
    return search_services.NewLetter(
        id=pk,
        title=record["title"].strip(),
        body=_body(record),
        written_on=dt.date.fromisoformat(str(written)) if written else None,
        kind=record.get("kind") or DocumentKind.LETTER,
        confidential=bool(record.get("confidential")),
        analysis=prepared.analysis,
    )


def _body(record: dict[str, Any]) -> str:
    """What the index searches of a letter: its text, and its notes after it."""
    notes = record.get("notes") or ""
    return f"{record['text']}\n{notes}" if notes else record["text"]

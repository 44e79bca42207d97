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

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.roles import require
from commission.documents.enums import CopyChannel, DocumentKind
from commission.documents.models import Document, DocumentCopy
from commission.intake.reading.fingerprint import fingerprint
from commission.search import services as search_services

BATCH = 5_000
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
        return f"Loaded {self.loaded:,} letters; {self.already_on_file:,} were already on file."


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, error


def _check(record: Any) -> str | None:
    """What is wrong with one record, as a sentence, or None."""
    if isinstance(record, json.JSONDecodeError):
        return f"this is not JSON ({record.msg})."
    if not isinstance(record, dict):
        return "each line must be one JSON object."
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        return f"unknown field {unknown[0]!r}; the fields are {', '.join(sorted(_FIELDS))}."
    for name in ("title", "text"):
        if not isinstance(record.get(name), str) or not record[name].strip():
            return f"the {name} is missing."
    if len(record["title"]) > 300:
        return "the title is longer than 300 characters."
    written = record.get("written_on")
    if written not in (None, ""):
        try:
            dt.date.fromisoformat(str(written))
        except ValueError:
            return f"written_on {written!r} is not a date like 1921-12-20."
    if record.get("kind", DocumentKind.LETTER) not in _KINDS:
        return f"kind {record['kind']!r} is not one of {', '.join(DocumentKind.values)}."
    return None


def check_letters(path: Path) -> tuple[int, list[str]]:
    """Read the whole file; returns how many letters it holds and what is wrong with it."""
    count = 0
    errors: list[str] = []
    try:
        for number, record in _records(path):
            problem = _check(record)
            if problem:
                errors.append(f"{path.name}, line {number}: {problem}")
                if len(errors) >= _MAX_ERRORS:
                    errors.append(f"{path.name}: stopped after {_MAX_ERRORS} problems.")
                    break
            count += 1
    except UnicodeDecodeError:
        errors.append(f"{path.name} is not UTF-8 text.")
    except OSError as error:
        errors.append(f"{path} cannot be read: {error.strerror}.")
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
    _, errors = check_letters(path)
    if errors:
        raise InvalidInput("Nothing was loaded. " + " ".join(errors))
    report = LoadReport()
    batch: list[dict[str, Any]] = []
    for _, record in _records(path):
        batch.append(record)
        if len(batch) == BATCH:
            _store(actor, path, batch, report)
            if progress is not None:
                progress(len(batch))
            batch = []
    if batch:
        _store(actor, path, batch, report)
        if progress is not None:
            progress(len(batch))
    if report.loaded >= BATCH:
        search_services.after_bulk_load()
    return report


def _store(actor: Actor, path: Path, records: list[dict[str, Any]], report: LoadReport) -> None:
    by_print: dict[str, dict[str, Any]] = {}
    for record in records:
        by_print.setdefault(fingerprint(record["text"]), record)
    with transaction.atomic():
        known = set(
            Document.objects.filter(fingerprint__in=list(by_print)).values_list(
                "fingerprint", flat=True
            )
        )
        report.already_on_file += len(records) - len(by_print) + len(known)
        fresh = [(key, record) for key, record in by_print.items() if key not in known]
        if not fresh:
            return
        registered_by = actor if actor.pk else None
        documents = Document.objects.bulk_create(
            [
                Document(
                    kind=record.get("kind") or DocumentKind.LETTER,
                    title=record["title"].strip(),
                    text=record["text"],
                    notes_text=record.get("notes") or "",
                    fingerprint=key,
                    written_on=dt.date.fromisoformat(record["written_on"])
                    if record.get("written_on")
                    else None,
                    date_text=(record.get("date_text") or "")[:100],
                    confidential=bool(record.get("confidential")),
                    registered_by=registered_by,
                )
                for key, record in fresh
            ]
        )
        DocumentCopy.objects.bulk_create(
            [
                DocumentCopy(
                    document=document,
                    channel=CopyChannel.UNKNOWN,
                    source_name=(record.get("source_name") or "")[:300],
                    source_url=(record.get("source_url") or "")[:500],
                    file_name=path.name[:300],
                    content_sha256=hashlib.sha256(record["text"].encode()).hexdigest(),
                    raw_text=record["text"],
                    text=record["text"],
                    notes_text=record.get("notes") or "",
                    provenance_fields={"record": str(record.get("id", ""))},
                    received_by=registered_by,
                )
                for document, (_, record) in zip(documents, fresh, strict=True)
            ]
        )
        search_services.index_letters([document.pk for document in documents])
        record_event(
            actor=actor,
            action=AuditAction.DOCUMENT_LOAD,
            target_type="documents.document",
            target_id=f"{documents[0].pk}-{documents[-1].pk}",
            summary=f"Loaded {len(documents):,} letters from {path.name} without reading them.",
            after={"file": path.name, "count": len(documents),
                   "first": documents[0].pk, "last": documents[-1].pk},
        )  # fmt: skip
        report.loaded += len(documents)

"""Registering what arrives: files and uploads are read into letters, each letter registered
once (a copy per source), indexed for search, and what it says proposed for a clerk."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, pgettext

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.dates import long_date
from commission.core.roles import require
from commission.documents.enums import CopyChannel, DocumentKind
from commission.documents.models import Document, DocumentCopy
from commission.inquiries.models import Inquiry
from commission.intake import isolation
from commission.intake.reading.fingerprint import NEAR_DUPLICATE, similarity
from commission.intake.reading.model import Letter, UnreadableInput
from commission.intake.reading.pipeline import LetterReading, letter_json
from commission.intake.reading.resolution import resolve_extraction
from commission.intake.services.proposing import propose
from commission.intake.services.values import stored_date, stored_time
from commission.registry.names import fold
from commission.search import services as search_services

REGISTER = "documents.register_document"


# Share of capitalised words two texts must have in common to be copies of one letter.
SAME_NAMES = 0.8


@dataclass
class IngestReport:
    filed: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)

    def merge(self, other: IngestReport) -> None:
        for name in ("filed", "matched", "skipped", "errors", "documents"):
            getattr(self, name).extend(getattr(other, name))


@dataclass(frozen=True)
class MailFacts:
    """What the envelope of a letter that came by mail says: who sent it and when, the
    message's header lines (kept as the copy's provenance), and the open inquiry its reply
    address names, if any."""

    sender: str
    sent_on: dt.date | None
    header: str
    answers: Inquiry | None = None


def ingest_paths(
    *, actor: Actor, paths: Iterable[Path], progress: Callable[[int], None] | None = None
) -> IngestReport:
    """Register every letter in the files (folders are read recursively, in name order).
    A file that cannot be read is reported and the batch goes on; nothing filed changes.

    Each file is read in a worker process under the time and memory limits of
    `intake.isolation`: a file that runs past them is reported like any unreadable file."""
    require(actor, REGISTER, "register letters")
    report = IngestReport()
    lookup = _batch_lookup()
    with search_services.indexing_in_rounds():
        for path in expand(paths):
            try:
                letters = isolation.read_file_letters(path)
            except UnreadableInput as error:
                report.errors.append(str(error))
            else:
                report.merge(_ingest_letters(actor, letters, str(path), lookup))
            if progress is not None:
                progress(1)
    return report


def ingest_upload(*, actor: Actor, data: bytes, file_name: str) -> IngestReport:
    """Register the letters of one uploaded file, read in a worker process under the limits
    of `intake.isolation`. A file that cannot be read is in `errors`, named."""
    require(actor, REGISTER, "register letters")
    try:
        letters = isolation.read_upload_letters(data, file_name=file_name)
    except UnreadableInput as error:
        return IngestReport(errors=[str(error)])
    return _ingest_letters(actor, letters, file_name, _batch_lookup())


def ingest_mail_part(*, actor: Actor, data: bytes, file_name: str, mail: MailFacts) -> IngestReport:
    """Register the letters of one part of a mail message (its text, or an attachment) the way
    an upload is registered: read in a worker under the same limits, refused by name when it
    cannot be read. What differs: the sender and date of the message stand in for what the
    text does not say (a reply by mail is a letter even without a signature), the copy's
    channel is e-mail with the message's header lines as provenance, and the first letter is
    proposed as the answer to `mail.answers` (see `proposing.propose`)."""
    require(actor, REGISTER, "register letters")
    try:
        letters = isolation.read_upload_letters(data, file_name=file_name)
    except UnreadableInput as error:
        return IngestReport(errors=[str(error)])
    return _ingest_letters(actor, letters, file_name, _batch_lookup(), mail=mail)


def expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                and p.suffix.lower() in {".txt", ".md", ".html", ".htm", ".pdf", ".text", ""}
            )  # fmt: skip
        else:
            files.append(path)
    return files


def _batch_lookup() -> Callable[[str], list[Any]]:
    """Registry lookup remembered for one batch: letters of a batch name the same people again
    and again, and ingesting changes no one's names (only accepting proposals does)."""
    from commission.registry.lookup import find_people

    @functools.lru_cache(maxsize=20_000)
    def lookup(query: str) -> tuple[Any, ...]:
        return tuple(find_people(query, limit=10))

    return lambda query: list(lookup(query))


def _ingest_letters(
    actor: Actor,
    letters: list[Letter],
    file_name: str,
    lookup: Callable[[str], list[Any]],
    mail: MailFacts | None = None,
) -> IngestReport:
    report = IngestReport()
    if not letters:
        report.skipped.append(f"{file_name}: no letter was found in it.")
        return report
    # A copy already filed is recognised by its hash before anything is extracted from it, so
    # a batch read again costs little more than reading the files.
    hashes = [_copy_hash(letter.header_text, letter.text, letter.notes_text) for letter in letters]
    known = {
        digest: (document_id, title)
        for digest, document_id, title in DocumentCopy.objects.filter(
            content_sha256__in=hashes
        ).values_list("content_sha256", "document_id", "document__title")
    }
    fresh: list[Letter] = []
    for letter, digest in zip(letters, hashes, strict=True):
        if digest in known:
            document_id, title = known[digest]
            report.skipped.append(
                f"{file_name}, letter {letter.index + 1}: already filed, as a copy of “{title}”."
            )
            report.documents.append(document_id)
            continue
        fresh.append(letter)
    try:
        extractions = isolation.extract_letters(fresh, file_name=file_name)
    except UnreadableInput as error:
        report.errors.append(str(error))
        return report
    batch: list[LetterReading] = []
    for letter, extraction in zip(fresh, extractions, strict=True):
        # Names are looked up here, in the process that holds the database connection.
        resolve_extraction(extraction, lookup=lookup)
        batch.append(LetterReading(letter, extraction))
    for position, reading in enumerate(batch):
        data = letter_json(reading, position, batch)
        if mail is not None and position > 0:
            # Only the first letter of a message answers its inquiry.
            mail = MailFacts(sender=mail.sender, sent_on=mail.sent_on, header=mail.header)
        report.merge(_file_letter(actor, data, file_name, mail))
    return report


def _copy_hash(header_text: str, text: str, notes_text: str) -> str:
    raw = "\x1f".join([header_text or "", text, notes_text or ""])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _first(fields: dict[str, Any], name: str) -> Any:
    items = fields.get(name) or []
    return items[0].get("value") if items else None


def _title(fields: dict[str, Any], written: dt.date | None, language: str = "en") -> str:
    """What the letter is called in lists, in the letter's own language: "P. Fomin to Solts,
    3 March 1921 — about Ivan Belov", «М. Тюрина — адресат: Шкирятов, 17 января 1922 г.; по
    делу: Тюрин»."""
    with translation.override("ru" if language == "ru" else "en"):
        author = _first(fields, "author") or gettext("Unknown author")
        to = [i["value"] for i in fields.get("addressees", []) if i.get("kind") != "body"]
        subjects = [i["value"] for i in fields.get("subjects", [])]
        title = f"{author}"
        if to:
            # Translators: the writer and whom a letter is addressed to, in a letter's title
            title = gettext("{author} to {addressees}").format(
                author=author,
                addressees=pgettext("joins names in a letter's title", " and ").join(to),
            )
        if written:
            title += f", {long_date(written)}"
        if subjects:
            # Translators: a letter's title and whose membership it is about
            title = gettext("{title} — about {subjects}").format(
                title=title, subjects=", ".join(subjects)
            )
    return title[:300]


def _near_duplicate(text: str, written: dt.date | None) -> Document | None:
    """A document whose text is nearly this one. Candidates are those of the same date, so the
    check stays cheap however many letters are filed."""
    if written is None:
        return None
    best: tuple[float, Document | None] = (0.0, None)
    names = _names(text)
    for candidate in Document.objects.filter(written_on=written).only("id", "text", "title"):
        score = similarity(candidate.text, text)
        # Form letters on one day can share most of their words; copies of one letter also
        # name the same people.
        if score >= NEAR_DUPLICATE and score > best[0] and _same_people(names, candidate.text):
            best = (score, candidate)
    return best[1]


_CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ][\w’'-]+")


def _names(text: str) -> set[str]:
    return {fold(word) for word in _CAPITALISED.findall(text)} - {""}


def _same_people(names: set[str], other_text: str) -> bool:
    other = _names(other_text)
    if not names or not other:
        return True
    return len(names & other) / len(names | other) >= SAME_NAMES


def _file_letter(
    actor: Actor, data: dict[str, Any], file_name: str, mail: MailFacts | None = None
) -> IngestReport:
    report = IngestReport()
    where = f"{file_name}, letter {data['index'] + 1}"
    fields = data["fields"]
    if mail is not None:
        # The message's header lines are this copy's provenance, and tell two replies of the
        # same words from two senders apart.
        data["header_text"] = "\n\n".join(p for p in (mail.header, data.get("header_text")) if p)
        data["provenance"] = {**(data.get("provenance") or {}), "channel": CopyChannel.EMAIL,
                              "archive": mail.sender}  # fmt: skip
    elif not any(fields.get(name) for name in ("author", "addressees", "date", "subjects")):
        # Text with no writer, no addressee, no date and nobody it is about is not a letter
        # (a read-me, a table of contents): filing it would only add noise.
        report.skipped.append(
            f"{where}: no letter was found in it (no author, addressee, date or subject)."
        )
        return report
    written = stored_date(_first(fields, "date")) or (mail.sent_on if mail else None)
    written_at = stored_time(_first(fields, "time"))
    content_hash = _copy_hash(data.get("header_text", ""), data["text"], data.get("notes_text", ""))
    with transaction.atomic():
        known_copy = (
            DocumentCopy.objects.filter(content_sha256=content_hash)
            .select_related("document")
            .first()
        )
        if known_copy is not None:
            report.skipped.append(f"{where}: already filed, as a copy of “{known_copy.document}”.")
            report.documents.append(known_copy.document_id)
            return report
        document = Document.objects.filter(fingerprint=data["fingerprint"]).first()
        document = document or _near_duplicate(data["text"], written)
        provenance = data.get("provenance") or {}
        created = document is None
        if document is None:
            title = _title(fields, written, data.get("language", "en"))
            if mail is not None and not _first(fields, "author"):
                title = f"Mail from {mail.sender}" + (f", {written:%d %B %Y}" if written else "")
            document = Document.objects.create(
                kind=DocumentKind.LETTER, title=title[:300], text=data["text"],
                notes_text=data.get("notes_text", ""), fingerprint=data["fingerprint"],
                written_on=written, written_at=written_at,
                # a date read from the edition's note under the page has no words in the letter
                date_text=((fields.get("date") or [{}])[0].get("span") or {}).get("text", ""),
                registered_by=actor if actor.pk else None,
            )  # fmt: skip
            search_services.index_letters([document.pk])
        elif not document.notes_text and data.get("notes_text"):
            # A later copy may carry the editors' notes the first copy lacked.
            document.notes_text = data["notes_text"]
            document.save(update_fields=["notes_text"])
            search_services.index_letters([document.pk])
        channel = provenance.get("channel") or CopyChannel.UNKNOWN
        if channel not in CopyChannel.values:
            channel = CopyChannel.UNKNOWN
        copy = DocumentCopy.objects.create(
            document=document, channel=channel, source_name=provenance.get("archive", "")[:300],
            source_url=(provenance.get("url") or "")[:500], file_name=Path(file_name).name[:300],
            content_sha256=content_hash,
            raw_text="\n\n".join(p for p in (data.get("header_text"), data["text"],
                                             data.get("notes_text")) if p),
            text=data["text"], notes_text=data.get("notes_text", ""),
            provenance=data.get("header_text", ""), provenance_fields=provenance,
            letter_index=data["index"], received_by=actor if actor.pk else None,
        )  # fmt: skip
        added = propose(document, data, written, answers=mail.answers if mail else None)
        record_event(
            actor=actor,
            action=AuditAction.DOCUMENT_REGISTER if created else AuditAction.DOCUMENT_ADD_COPY,
            target=document,
            summary=(
                f"Registered “{document}” from {copy.file_name} ({added} proposals)."
                if created
                else f"Added a copy of “{document}” from {copy.file_name} ({added} new proposals)."
            ),
            after={"copy": copy.pk, "file": copy.file_name, "channel": channel,
                   "fingerprint": document.fingerprint},
        )  # fmt: skip
    (report.filed if created else report.matched).append(
        f"{where}: {'new letter' if created else 'another copy of'} “{document}”"
        + (f", {added} things to confirm" if added else "")
        + "."
    )
    report.documents.append(document.pk)
    return report

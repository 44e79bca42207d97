"""Notes on documents and the tags that sort a case file.

A note is on a whole document or on a passage of it, the passage kept as the letter reader keeps
its spans: which part of the document (its text, or its notes and inscriptions), the offsets
where the passage starts and ends, and the words between them. A note may ask for something:
an inquiry (the inquiries app turns it into one, `inquiries.services.ask_from_note`, and records
the follow-up here) or a check of the facts, which stays open on the case until someone records
what the check found. The reader's notes (a secretary's inscription that asks people for
information) are recorded here too, by `note_from_reading`, when a clerk accepts what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.cases.enums import DocumentTagKind, NoteRequest
from commission.cases.models import Case, CaseDocument, DocumentNote, DocumentTag
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.dates import long_date
from commission.core.errors import InvalidInput, NotAllowed
from commission.core.roles import require
from commission.documents.access import may_read
from commission.documents.models import Document
from commission.registry.models import Person

ANNOTATE = "cases.annotate_document"
PARTS = {"text": "the text", "notes": "the notes and inscriptions"}
CHECK = "check"
QUOTE_IN_SUMMARY = 120


def part_text(document: Document, part: str) -> str:
    """The words of one part of a document, as the offsets of a note count them."""
    return document.notes_text if part == "notes" else document.text


@dataclass(frozen=True)
class Passage:
    part: str
    start: int
    end: int
    quote: str


def find_passage(
    document: Document,
    *,
    part: str,
    start: int | None = None,
    end: int | None = None,
    quote: str = "",
) -> Passage:
    """The passage a note is about, from its offsets or, without them, from its words (which
    must then occur exactly once in that part of the document).

    Errors: InvalidInput naming the part, the offsets or the words that do not fit."""
    if part not in PARTS:
        raise InvalidInput(
            _("'%(part)s' is not a part of a document; a passage is in the text or in the notes.")
            % {"part": part},
            field="part",
        )
    words = part_text(document, part)
    quote = quote.strip()
    if start is None and end is None:
        if not quote:
            raise InvalidInput(
                _("Give the words of the passage, or where it starts and ends."), field="quote"
            )
        found = words.count(quote)
        if found == 0:
            raise InvalidInput(
                _("“%(quote)s” is not in %(PARTS)s of “%(document)s”.")
                % {"quote": quote[:80], "PARTS": PARTS[part], "document": document},
                field="quote",
            )
        if found > 1:
            raise InvalidInput(
                _(
                    "“%(quote)s” occurs %(found)s times in %(PARTS)s of “%(document)s”; "
                    "give more of the passage, or where it starts and ends."
                )
                % {"quote": quote[:80], "found": found, "PARTS": PARTS[part], "document": document},
                field="quote",
            )
        start = words.index(quote)
        return Passage(part=part, start=start, end=start + len(quote), quote=quote)
    if start is None or end is None or not 0 <= start < end <= len(words):
        raise InvalidInput(
            _(
                "A passage of %(PARTS)s of “%(document)s” starts at 0 or later and "
                "ends after its start, at %(count)s at most; %(start)s–%(end)s does "
                "not."
            )
            % {
                "PARTS": PARTS[part],
                "document": document,
                "count": len(words),
                "start": start,
                "end": end,
            },
            field="start",
        )
    between = words[start:end]
    if quote and quote != between.strip():
        raise InvalidInput(
            _(
                "The words at %(start)s–%(end)s read “%(between)s”, not “%(quote)s”; "
                "the document may have been read again. Choose the passage anew."
            )
            % {"start": start, "end": end, "between": between[:80], "quote": quote[:80]},
            field="quote",
        )
    return Passage(part=part, start=start, end=end, quote=between)


def _check_case(case: Case | None, document: Document) -> None:
    if case is not None and not CaseDocument.objects.filter(case=case, document=document).exists():
        raise InvalidInput(
            _("“%(document)s” is not on the file of %(case)s.")
            % {"document": document, "case": case},
            field="case",
        )


def write_note(
    *,
    actor: Actor,
    document: Document,
    text: str,
    case: Case | None = None,
    part: str = "",
    start: int | None = None,
    end: int | None = None,
    quote: str = "",
    asks: str = NoteRequest.NONE,
    on_behalf_of: Person | None = None,
) -> DocumentNote:
    """Write a note on `document`, or, with `part` (and the offsets or the words), on a passage
    of it; in the file of `case` when given. `asks` says what the note asks for: an inquiry
    (follow it up with `inquiries.services.ask_from_note`) or a check (open on the case until
    `record_check` says what it found). Side effects: a check tags the document "needs
    checking"; an audit event.

    Errors: NotAllowed without cases.annotate_document or when the actor may not read the
    document; InvalidInput for an empty note, a passage that does not fit the document, an
    unknown request, or a case whose file lacks the document."""
    require(actor, ANNOTATE, "write notes on documents")
    if not may_read(actor, document):
        raise NotAllowed(
            _("You may not read “%(document)s”, so you cannot write a note on it.")
            % {"document": document}
        )
    if not text.strip():
        raise InvalidInput(_("The note is empty; write what it says."), field="text")
    if asks not in NoteRequest.values:
        raise InvalidInput(
            _("'%(asks)s' is not something a note can ask for.") % {"asks": asks}, field="asks"
        )
    if asks == CHECK and case is None:
        raise InvalidInput(
            _("A check is work on a case; write the note in the case file."), field="case"
        )
    _check_case(case, document)
    passage = (
        find_passage(document, part=part, start=start, end=end, quote=quote)
        if part or start is not None or quote.strip()
        else None
    )
    with transaction.atomic():
        note = DocumentNote.objects.create(
            document=document, case=case, text=text.strip(), asks=asks,
            part=passage.part if passage else "", start=passage.start if passage else None,
            end=passage.end if passage else None, quote=passage.quote if passage else "",
            on_behalf_of=on_behalf_of, written_by=actor,
            followed_up_as=CHECK if asks == CHECK else "",
        )  # fmt: skip
        on = f" on “{passage.quote[:QUOTE_IN_SUMMARY]}”" if passage else ""
        record_event(
            actor=actor,
            action=AuditAction.DOCUMENT_NOTE,
            target=note,
            summary=f"Note on “{document}”{on}: {note.text[:200]}"
            + (f" (asks for {NoteRequest(asks).label})" if asks else ""),
            after=_note_facts(note),
        )
        if asks == CHECK:
            _tag(actor, document, DocumentTagKind.NEEDS_CHECK)
    return note


def _note_facts(note: DocumentNote) -> dict[str, object]:
    return {
        "document": note.document_id, "case": note.case.ref if note.case else None,
        "part": note.part, "start": note.start, "end": note.end, "asks": note.asks,
        "on_behalf_of": note.on_behalf_of.ref if note.on_behalf_of else None,
        "author": note.author.ref if note.author else None,
    }  # fmt: skip


def note_from_reading(
    *,
    actor: Actor,
    document: Document,
    part: str,
    around: tuple[int, int] | None,
    text: str,
    case: Case | None,
    author: Person | None,
    on_behalf_of: Person | None,
    inquiry_ref: str,
) -> DocumentNote:
    """Record the note the letter reader found on `document` (a secretary's inscription that
    asks people for information), once however many inquiries it became: each call adds
    `inquiry_ref` to what the note became. The passage is the inscription's words in `part`,
    the occurrence that covers `around` (the reader's span of one person it asks). Called by
    the intake when a clerk accepts an inquiry the reader proposed from the note, inside that
    acceptance's transaction. Side effects: an audit event for a new note and for each
    follow-up.

    Errors: NotAllowed without cases.annotate_document; InvalidInput when the inscription's
    words are not in the document."""
    require(actor, ANNOTATE, "record the notes found on documents")
    words = part_text(document, part)
    text = text.strip()
    start = -1
    if text:
        start = words.find(text)
        while around is not None and start >= 0 and start + len(text) < around[1]:
            start = words.find(text, start + 1)
    if start < 0:
        raise InvalidInput(
            _("The note read from “%(document)s” is not in its %(get)s.")
            % {"document": document, "get": PARTS.get(part, part)},
            field="quote",
        )
    end = start + len(text)
    with transaction.atomic():
        note, created = DocumentNote.objects.select_for_update().get_or_create(
            document=document, part=part, start=start, end=end, from_reading=True,
            defaults={
                "case": case, "text": text, "quote": text, "asks": NoteRequest.INQUIRY,
                "author": author, "on_behalf_of": on_behalf_of, "written_by": actor,
            },
        )  # fmt: skip
        if created:
            by = f" by {author.display_name}" if author else ""
            record_event(
                actor=actor,
                action=AuditAction.DOCUMENT_NOTE,
                target=note,
                summary=f"The note{by} read from “{document}”: {text[:200]}",
                after=_note_facts(note),
            )
        _add_follow_up(actor, note, inquiry_ref)
    return note


def _add_follow_up(actor: Actor, note: DocumentNote, reference: str) -> None:
    done = [r for r in note.followed_up_as.split(", ") if r]
    if reference in done:
        return
    done.append(reference)
    joined = ", ".join(done)
    if len(joined) > DocumentNote._meta.get_field("followed_up_as").max_length:  # type: ignore[operator]
        raise InvalidInput(
            _("The note on “%(document)s” has become too many inquiries to list.")
            % {"document": note.document}
        )
    note.followed_up_as = joined
    note.save(update_fields=["followed_up_as"])
    record_event(
        actor=actor,
        action=AuditAction.DOCUMENT_NOTE_FOLLOW_UP,
        target=note,
        summary=f"The note on “{note.document}” became inquiry {reference}.",
        after={"followed_up_as": done},
    )


def record_follow_up(*, actor: Actor, note: DocumentNote, reference: str) -> DocumentNote:
    """Record that `note` became the inquiry `reference`; called by the inquiries' service that
    asks it, inside its transaction. Side effect: an audit event.

    Errors: NotAllowed without cases.annotate_document; InvalidInput for a note that asks for
    no inquiry."""
    require(actor, ANNOTATE, "follow up notes on documents")
    with transaction.atomic():
        current = DocumentNote.objects.select_for_update().get(pk=note.pk)
        if current.asks != NoteRequest.INQUIRY:
            raise InvalidInput(
                _("This note asks for no inquiry; write a note that asks for one."), field="note"
            )
        _add_follow_up(actor, current, reference)
    return current


def record_check(*, actor: Actor, note: DocumentNote, finding: str) -> DocumentNote:
    """Close the check `note` asks for with what it found. Side effects: the document loses its
    "needs checking" tag when no other check on it is open; an audit event.

    Errors: NotAllowed; InvalidInput for a note that asks for no check, a check already made,
    or an empty finding."""
    require(actor, ANNOTATE, "record checks")
    if not finding.strip():
        raise InvalidInput(_("Say what the check found."), field="finding")
    with transaction.atomic():
        current = DocumentNote.objects.select_for_update().get(pk=note.pk)
        if current.asks != NoteRequest.CHECK:
            raise InvalidInput(_("This note asks for no check."), field="note")
        if current.checked_at is not None:
            raise InvalidInput(
                _("This check was already made on %(checked_at)s: %(check_finding)s")
                % {
                    "checked_at": long_date(current.checked_at),
                    "check_finding": current.check_finding,
                },
                field="note",
            )
        current.check_finding = finding.strip()
        current.checked_at = clock.now()
        current.checked_by = actor if actor.pk else None
        current.save(update_fields=["check_finding", "checked_at", "checked_by"])
        record_event(
            actor=actor,
            action=AuditAction.DOCUMENT_NOTE_FOLLOW_UP,
            target=current,
            summary=f"Checked, as the note on “{current.document}” asked: {finding.strip()[:200]}",
            after={"check_finding": current.check_finding},
        )
        still_open = DocumentNote.objects.filter(
            document=current.document, asks=NoteRequest.CHECK, checked_at__isnull=True
        ).exists()
        if not still_open:
            _untag(actor, current.document, DocumentTagKind.NEEDS_CHECK)
    return current


def _tag(actor: Actor, document: Document, tag: str) -> DocumentTag | None:
    found, created = DocumentTag.objects.get_or_create(
        document=document, tag=tag, defaults={"tagged_by": actor if actor.pk else None}
    )
    if not created:
        return None
    record_event(
        actor=actor,
        action=AuditAction.DOCUMENT_TAG,
        target=found,
        summary=f"Tagged “{document}”: {DocumentTagKind(tag).label}.",
        after={"document": document.pk, "tag": tag},
    )
    return found


def _untag(actor: Actor, document: Document, tag: str) -> bool:
    found = DocumentTag.objects.filter(document=document, tag=tag).first()
    if found is None:
        return False
    record_event(
        actor=actor,
        action=AuditAction.DOCUMENT_UNTAG,
        target=found,
        summary=f"Took the tag “{DocumentTagKind(tag).label}” off “{document}”.",
        before={"document": document.pk, "tag": tag},
    )
    found.delete()
    return True


def _known_tag(tag: str) -> str:
    if tag not in DocumentTagKind.values:
        known = ", ".join(str(label) for label in DocumentTagKind.labels)
        raise InvalidInput(
            _("'%(tag)s' is not a tag; the tags are: %(known)s.") % {"tag": tag, "known": known},
            field="tag",
        )
    return tag


def tag_document(*, actor: Actor, document: Document, tag: str) -> bool:
    """Tag `document` (testimony, character reference, …); True when the tag is new, False when
    the document already had it. Side effect: an audit event for a new tag.

    Errors: NotAllowed without cases.annotate_document or when the actor may not read the
    document; InvalidInput for an unknown tag."""
    require(actor, ANNOTATE, "tag documents")
    _known_tag(tag)
    if not may_read(actor, document):
        raise NotAllowed(
            _("You may not read “%(document)s”, so you cannot tag it.") % {"document": document}
        )
    with transaction.atomic():
        return _tag(actor, document, tag) is not None


def untag_document(*, actor: Actor, document: Document, tag: str) -> bool:
    """Take `tag` off `document`; True when it had it. Side effect: an audit event.

    Errors: NotAllowed; InvalidInput for an unknown tag, or for "needs checking" while a check
    on the document is open (record what the check found instead)."""
    require(actor, ANNOTATE, "tag documents")
    _known_tag(tag)
    if not may_read(actor, document):
        raise NotAllowed(
            _("You may not read “%(document)s”, so you cannot change its tags.")
            % {"document": document}
        )
    with transaction.atomic():
        if (
            tag == DocumentTagKind.NEEDS_CHECK
            and DocumentNote.objects.filter(
                document=document, asks=NoteRequest.CHECK, checked_at__isnull=True
            ).exists()
        ):
            raise InvalidInput(
                _("A check on “%(document)s” is still open; record what it found instead.")
                % {"document": document},
                field="tag",
            )
        return _untag(actor, document, tag)


# Reads


def notes_on(document: Document) -> QuerySet[DocumentNote]:
    return DocumentNote.objects.filter(document=document).select_related(
        "written_by", "author", "on_behalf_of", "checked_by", "case"
    )


def tags_of(documents: list[int], *, on_case: Case | None = None) -> dict[int, list[str]]:
    """The tags of each document, in the order of the tag list. `on_case`: the documents are
    on this case's file (read through it: a long file's hundreds of ids cost more to send)."""
    order = {tag: i for i, tag in enumerate(DocumentTagKind.values)}
    found: dict[int, list[str]] = {pk: [] for pk in documents}
    wanted: Any = _filed_on(on_case) if on_case is not None else documents
    for document_id, tag in DocumentTag.objects.filter(document_id__in=wanted).values_list(
        "document_id", "tag"
    ):
        if document_id in found:
            found[document_id].append(tag)
    for tags in found.values():
        tags.sort(key=lambda t: order.get(t, len(order)))
    return found


@dataclass
class Marked:
    """A part of a document cut at the passages its notes are on, for showing them beside it:
    each piece is (words, the numbers of the notes on them)."""

    part: str
    pieces: list[tuple[str, list[int]]] = field(default_factory=list)


def marked_parts(document: Document, notes: list[DocumentNote]) -> list[Marked]:
    """The document's text and notes cut where the noted passages begin and end, each piece
    with the numbers (1, 2, … in `notes` order) of the notes covering it."""
    parts = []
    for part in PARTS:
        words = part_text(document, part)
        if not words:
            continue
        spans = [
            (n.start, n.end, number)
            for number, n in enumerate(notes, start=1)
            if n.part == part and n.start is not None and n.end is not None and n.end <= len(words)
        ]
        cuts = sorted({0, len(words), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        marked = Marked(part=part)
        for left, right in pairwise(cuts):
            covering = [number for s, e, number in spans if s <= left and right <= e]
            marked.pieces.append((words[left:right], covering))
        parts.append(marked)
    return parts


def open_checks(case: Case) -> QuerySet[DocumentNote]:
    return DocumentNote.objects.filter(
        case=case, asks=NoteRequest.CHECK, checked_at__isnull=True
    ).select_related("document", "written_by")


def case_notes(case: Case, document_ids: list[int] | None = None) -> dict[int, list[DocumentNote]]:
    """The notes on each document of `case`'s file (or of `document_ids`, its documents when
    the caller has them already), for the case page: those written in this file and those
    written on the document elsewhere (or by the reader)."""
    filed = _filed_on(case)
    if document_ids is None:
        document_ids = list(filed.values_list("document_id", flat=True))
    found: dict[int, list[DocumentNote]] = {pk: [] for pk in document_ids}
    for note in DocumentNote.objects.filter(document_id__in=filed).select_related(
        "written_by", "author", "on_behalf_of"
    ):
        if note.document_id in found:
            found[note.document_id].append(note)
    return found


def _filed_on(case: Case) -> QuerySet[CaseDocument, Any]:
    """The ids of the documents on `case`'s file, as a subquery."""
    return CaseDocument.objects.filter(case=case).values("document_id")

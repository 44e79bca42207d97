"""Writes of the letter intake: register what arrives (once per letter, a copy per source),
propose what it says, and carry out what a clerk accepts.

Reading is done by `commission.intake.reading` and stores nothing; everything here owns its
transaction and records its audit event inside it."""

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
from django.db.models import Q
from django.utils import timezone

from commission.audit.services import record_event
from commission.cases import services as case_services
from commission.cases.enums import CaseKind, CaseState, FilingRole, KnowledgeBasis, Stance
from commission.cases.models import Case, ReportedOutcome
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.roles import require
from commission.documents.enums import CopyChannel, DocumentKind
from commission.documents.models import Document, DocumentCopy
from commission.inquiries import queries as inquiry_queries
from commission.inquiries import services as inquiry_services
from commission.inquiries.enums import InquiryState, Urgency
from commission.inquiries.models import Inquiry
from commission.intake import proposals as proposal_rules
from commission.intake.models import Proposal, ProposalKind, ProposalState
from commission.intake.payloads import (
    FilingPayload,
    answer_payload,
    contact_payload,
    filing_payload,
    inquiry_payload,
    outcome_payload,
    person_payload,
    relationship_payload,
)
from commission.intake.reading.decoding import decode_bytes, decode_file
from commission.intake.reading.fingerprint import NEAR_DUPLICATE, similarity
from commission.intake.reading.model import UnreadableInput
from commission.intake.reading.pipeline import LetterReading, extract, letter_json, read_letters
from commission.registry import services as registry_services
from commission.registry.enums import Gender, MembershipStatus, RelationshipKind
from commission.registry.models import (
    Commission,
    Commissioner,
    Membership,
    Mention,
    Person,
    Relationship,
)
from commission.registry.names import fold
from commission.search import services as search_services

REGISTER = "documents.register_document"
# Share of capitalised words two texts must have in common to be copies of one letter.
SAME_NAMES = 0.8
REVIEW = "intake.review_proposals"
# An inquiry a note asks "urgently" is due in a week; others in two.
URGENT_DAYS, NORMAL_DAYS = 7, 14
BASIS_STRENGTH = [
    KnowledgeBasis.OBSERVED_WORK, KnowledgeBasis.KNOWS_FAMILY, KnowledgeBasis.KNOWS_RELATIVE,
    KnowledgeBasis.WRITING_ONLY, KnowledgeBasis.HEARSAY, KnowledgeBasis.NOT_PERSONALLY,
]  # fmt: skip


def _strongest_basis(bases: Iterable[str]) -> str:
    """The strongest ground among those a letter gives for knowing its subject, or ""."""
    known = [KnowledgeBasis(b) for b in bases if b in KnowledgeBasis.values]
    return str(min(known, key=BASIS_STRENGTH.index)) if known else ""


OPEN_CASE_STATES = [CaseState.OPEN, CaseState.GATHERING, CaseState.READY, CaseState.HEARING]


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


def ingest_paths(
    *, actor: Actor, paths: Iterable[Path], progress: Callable[[int], None] | None = None
) -> IngestReport:
    """Register every letter in the files (folders are read recursively, in name order).
    A file that cannot be read is reported and the batch goes on; nothing filed changes."""
    require(actor, REGISTER, "register letters")
    report = IngestReport()
    lookup = _batch_lookup()
    for path in expand(paths):
        try:
            decoded = decode_file(path)
        except UnreadableInput as error:
            report.errors.append(str(error))
        else:
            report.merge(_ingest_decoded(actor, decoded, str(path), lookup))
        if progress is not None:
            progress(1)
    return report


def ingest_upload(*, actor: Actor, data: bytes, file_name: str) -> IngestReport:
    """Register the letters of one uploaded file."""
    require(actor, REGISTER, "register letters")
    try:
        decoded = decode_bytes(data, file_name=file_name)
    except UnreadableInput as error:
        return IngestReport(errors=[str(error)])
    return _ingest_decoded(actor, decoded, file_name, _batch_lookup())


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
    from commission.registry.queries import find_people

    @functools.lru_cache(maxsize=20_000)
    def lookup(query: str) -> tuple[Any, ...]:
        return tuple(find_people(query, limit=10))

    return lambda query: list(lookup(query))


def _ingest_decoded(
    actor: Actor, decoded: Any, file_name: str, lookup: Callable[[str], list[Any]]
) -> IngestReport:
    report = IngestReport()
    try:
        letters = read_letters(decoded, file_name=file_name)
    except UnreadableInput as error:
        report.errors.append(str(error))
        return report
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
    batch: list[LetterReading] = []
    for letter, digest in zip(letters, hashes, strict=True):
        if digest in known:
            document_id, title = known[digest]
            report.skipped.append(
                f"{file_name}, letter {letter.index + 1}: already filed, as a copy of “{title}”."
            )
            report.documents.append(document_id)
            continue
        batch.append(LetterReading(letter, extract(letter, lookup=lookup)))
    for position, reading in enumerate(batch):
        data = letter_json(reading, position, batch)
        report.merge(_file_letter(actor, data, file_name))
    return report


def _copy_hash(header_text: str, text: str, notes_text: str) -> str:
    raw = "\x1f".join([header_text or "", text, notes_text or ""])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _first(fields: dict[str, Any], name: str) -> Any:
    items = fields.get(name) or []
    return items[0].get("value") if items else None


def _title(fields: dict[str, Any], written: dt.date | None) -> str:
    author = _first(fields, "author") or "Unknown author"
    to = [i["value"] for i in fields.get("addressees", []) if i.get("kind") != "body"]
    subjects = [i["value"] for i in fields.get("subjects", [])]
    title = f"{author}"
    if to:
        title += " to " + " and ".join(to)
    if written:
        title += f", {written.day} {written:%B %Y}"
    if subjects:
        title += " — about " + ", ".join(subjects)
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


def _file_letter(actor: Actor, data: dict[str, Any], file_name: str) -> IngestReport:
    report = IngestReport()
    where = f"{file_name}, letter {data['index'] + 1}"
    fields = data["fields"]
    if not any(fields.get(name) for name in ("author", "addressees", "date", "subjects")):
        # Text with no writer, no addressee, no date and nobody it is about is not a letter
        # (a read-me, a table of contents): filing it would only add noise.
        report.skipped.append(
            f"{where}: no letter was found in it (no author, addressee, date or subject)."
        )
        return report
    written = _date(_first(fields, "date"))
    written_at = _time(_first(fields, "time"))
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
            document = Document.objects.create(
                kind=DocumentKind.LETTER, title=_title(fields, written), text=data["text"],
                notes_text=data.get("notes_text", ""), fingerprint=data["fingerprint"],
                written_on=written, written_at=written_at,
                date_text=(fields.get("date") or [{}])[0].get("span", {}).get("text", "")
                if fields.get("date") else "",
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
        added = _propose(document, data, written)
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


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _kin_of(people: list[Person], kin: str) -> list[Person]:
    """Registry people who stand in `kin` to any of `people`, through recorded family ties:
    "her father" is a male parent, "the two daughters" the female children."""
    wanted = {
        "father": "male", "mother": "female", "son": "male", "daughter": "female",
        "brother": "male", "sister": "female", "husband": "male", "wife": "female",
    }  # fmt: skip
    mapped = proposal_rules.KIN.get(kin)
    if mapped is None or not people:
        return []
    kind, relative_is_source = mapped
    ids = [p.pk for p in people]
    if kind == RelationshipKind.PARENT:
        ties = Relationship.objects.filter(
            kind=kind, **({"target_id__in": ids} if relative_is_source else {"source_id__in": ids})
        )
        found_ids = {t.source_id if relative_is_source else t.target_id for t in ties}
    else:
        ties = Relationship.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids), kind=kind)
        found_ids = {t.target_id if t.source_id in ids else t.source_id for t in ties}
    found = Person.objects.filter(pk__in=found_ids).order_by("born_on", "pk")
    gender = wanted.get(kin)
    return [p for p in found if gender is None or p.gender in (gender, Gender.UNKNOWN)]


def _resolve_kin(drafts: list[proposal_rules.Draft]) -> None:
    """Settle relatives the letter names only by kin ("her father", "the two daughters")
    through the family ties the registry already holds, before the clerk sees them."""
    for draft in drafts:
        if not isinstance(draft, proposal_rules.PersonDraft):
            continue
        payload = draft.payload
        person = payload["person"]
        resolution = person.get("resolution") or {}
        if not payload.get("kin") or resolution.get("person_ref"):
            continue
        of = payload.get("of") or {}
        of_resolution = of.get("resolution") or {}
        refs = [of_resolution["person_ref"]] if of_resolution.get("person_ref") else []
        if of.get("family"):
            # "The daughters of the family" are the children of its parents.
            members = [c["person_ref"] for c in of_resolution.get("candidates", [])]
            parents = set(
                Relationship.objects.filter(
                    kind=RelationshipKind.PARENT, source__ref__in=members, target__ref__in=members
                ).values_list("source__ref", flat=True)
            )
            refs = sorted(parents) or members
        matches = _kin_of(list(Person.objects.filter(ref__in=refs)), str(payload["kin"]))
        if not matches or (len(matches) > 1 and not payload.get("plural")):
            continue
        how = f"registry tie: {payload['kin']} of {of.get('name') or 'the family'}"
        if payload.get("plural"):
            person["resolution"] = {
                "status": "family", "confidence": 0.9, "person_ref": None, "person_name": None,
                "how": how, "proposed": None,
                "candidates": [
                    {"person_ref": m.ref, "person_name": m.display_name, "score": 0.9}
                    for m in matches
                ],
            }  # fmt: skip
        else:
            person["resolution"] = {
                "status": "matched", "confidence": 0.9, "person_ref": matches[0].ref,
                "person_name": matches[0].display_name, "how": how, "candidates": [],
                "proposed": None,
            }  # fmt: skip
        draft.summary = proposal_rules.person_summary(payload["role"], person)


def _answer_drafts(
    drafts: list[proposal_rules.Draft], data: dict[str, Any]
) -> list[proposal_rules.Draft]:
    """A proposal to record the letter as the answer to each open inquiry asked of its author
    about someone it names: the reply that comes back to the commission's question."""
    refs: dict[str, str] = {}  # registry ref -> the key of its person proposal
    author: proposal_rules.Draft | None = None
    for draft in drafts:
        if not isinstance(draft, proposal_rules.PersonDraft):
            continue
        ref = (draft.payload["person"].get("resolution") or {}).get("person_ref")
        if not ref:
            continue
        if author is None and draft.payload["role"] == Mention.Role.AUTHOR:
            author, author_ref = draft, ref
        refs.setdefault(ref, draft.key)
    if author is None:
        return []
    ids = dict(Person.objects.filter(ref__in=list(refs)).values_list("pk", "ref"))
    author_id = next(pk for pk, ref in ids.items() if ref == author_ref)
    fields = data.get("fields", {})
    stance = next((i.get("value") for i in fields.get("stance", [])), "")
    stance = stance if stance in Stance.values else ""
    basis = _strongest_basis(
        proposal_rules.BASIS.get(str(i.get("value")), "") for i in fields.get("basis", [])
    )
    side = Stance(stance).label if stance else "stance not stated"
    how = KnowledgeBasis(basis).label if basis else "how the writer knows is not stated"
    found = inquiry_queries.open_inquiries_between(
        recipients=[author_id], subjects=set(ids) - {author_id}
    )
    answers = []
    for inquiry in found:
        on_case = f", filed on case {inquiry.case.ref} as testimony" if inquiry.case else ""
        urgent = "urgent, " if inquiry.urgency == Urgency.URGENT else ""
        answers.append(
            proposal_rules.Draft(
                kind=ProposalKind.ANSWER,
                key=f"answer:{inquiry.ref}",
                summary=f"Record the letter as {inquiry.recipient.display_name}'s answer to "
                f"inquiry {inquiry.ref} about {inquiry.subject.display_name} ({urgent}due "
                f"{inquiry.due_on:%d %B %Y}){on_case}: {side}; {how}.",
                payload={
                    "inquiry": inquiry.ref,
                    "by": author.key,
                    "about": refs[ids[inquiry.subject_id]],
                    "stance": stance,
                    "basis": basis,
                },
                span=author.span,
            )
        )
    return answers


def _propose(document: Document, data: dict[str, Any], written: dt.date | None) -> int:
    drafts = proposal_rules.build(data, written_on=written.isoformat() if written else None)
    _resolve_kin(drafts)
    drafts += _answer_drafts(drafts, data)
    existing = set(Proposal.objects.filter(document=document).values_list("key", flat=True))
    start = Proposal.objects.filter(document=document).count()
    new: list[Proposal] = []
    for draft in drafts:
        if draft.key in existing:
            continue
        existing.add(draft.key)
        span = draft.span or {}
        new.append(
            Proposal(
                document=document,
                kind=draft.kind,
                key=draft.key[:300],
                order=start + len(new),
                payload=draft.payload,
                summary=draft.summary[:500],
                span_part=span.get("in", ""),
                span_start=span.get("start"),
                span_end=span.get("end"),
                span_text=span.get("text", ""),
            )
        )
    Proposal.objects.bulk_create(new)
    return len(new)


# --- accepting -------------------------------------------------------------------------------


def _persons_for(document: Document, key: str) -> list[Person]:
    """Everyone a person proposal stands for: one person, or the members of a family."""
    proposal = Proposal.objects.filter(document=document, key=key).first()
    if proposal is None:
        raise InvalidInput("This proposal refers to a person the letter no longer names.")
    payload = person_payload(proposal)
    resolution = payload["person"].get("resolution") or {}
    if (
        resolution.get("status") == "family"
        and proposal.state != ProposalState.REJECTED
        and not payload.get("chosen")
    ):
        refs = [c["person_ref"] for c in resolution.get("candidates", [])]
        return list(Person.objects.filter(ref__in=refs).order_by("pk"))
    person = _person_for(document, key)
    return [person] if person is not None else []


def _person_for(document: Document, key: str, *, required: bool = True) -> Person | None:
    """The registry person a person-proposal key stands for: the accepted choice, or else the
    match the reading found."""
    proposal = Proposal.objects.filter(document=document, key=key).first()
    if proposal is None:
        if required:
            raise InvalidInput("This proposal refers to a person the letter no longer names.")
        return None
    if proposal.state == ProposalState.ACCEPTED and proposal.result_id:
        return Person.objects.get(pk=proposal.result_id)
    if proposal.state == ProposalState.REJECTED:
        if required:
            raise InvalidInput(
                f"“{_written(proposal)}” was rejected as a person, so this cannot be accepted; "
                "accept or correct that person first."
            )
        return None
    ref = (person_payload(proposal)["person"].get("resolution") or {}).get("person_ref")
    if ref:
        return Person.objects.filter(ref=ref).first()
    if required:
        raise InvalidInput(f"Accept or correct the person “{_written(proposal)}” first.")
    return None


def _written(proposal: Proposal) -> str:
    person = person_payload(proposal)["person"]
    return str(person.get("name") or person.get("description") or proposal.summary)


def _locked_pending(proposal: Proposal) -> Proposal:
    current = Proposal.objects.select_for_update().select_related("document").get(pk=proposal.pk)
    if current.state != ProposalState.PENDING:
        raise InvalidInput(f"This proposal is already {ProposalState(current.state).label}.")
    return current


def accept_proposal(
    *,
    actor: Actor,
    proposal: Proposal,
    person_ref: str | None = None,
    edits: dict[str, Any] | None = None,
) -> Proposal:
    """Carry out one proposal. `person_ref` chooses another registry person for a person
    proposal (the clerk's correction); `edits` overrides values of other kinds (e.g. a
    relationship's kind, a contact's value, an inquiry's due date).

    Errors: NotAllowed; InvalidInput for a proposal already decided or one whose people are not
    settled yet; the errors of the service it calls (case, registry, inquiry)."""
    require(actor, REVIEW, "confirm what was read from letters")
    edits = edits or {}
    with transaction.atomic():
        current = _locked_pending(proposal)
        handler = _HANDLERS[ProposalKind(current.kind)]
        result = handler(actor, current, person_ref, edits)
        current.state = ProposalState.ACCEPTED
        current.decided_by = actor if actor.pk else None
        current.decided_at = timezone.now()
        if result is not None:
            current.result_type = result._meta.label_lower
            current.result_id = str(result.pk)
        current.version += 1
        current.save()
        record_event(
            actor=actor,
            action=AuditAction.PROPOSAL_ACCEPT,
            target=current,
            summary=f"Accepted: {current.summary}"
            + (f" (corrected to {person_ref})" if person_ref else ""),
            after={"result": f"{current.result_type}:{current.result_id}", "edits": edits,
                   "person_ref": person_ref, "words": current.span_text[:300]},
        )  # fmt: skip
    return current


def reject_proposal(*, actor: Actor, proposal: Proposal, reason: str = "") -> Proposal:
    require(actor, REVIEW, "confirm what was read from letters")
    with transaction.atomic():
        current = _locked_pending(proposal)
        current.state = ProposalState.REJECTED
        current.decided_by = actor if actor.pk else None
        current.decided_at = timezone.now()
        current.version += 1
        current.save()
        record_event(
            actor=actor, action=AuditAction.PROPOSAL_REJECT, target=current,
            summary=f"Rejected: {current.summary}" + (f" — {reason}" if reason else ""),
        )  # fmt: skip
    return current


def accept_all(*, actor: Actor, document: Document) -> tuple[int, list[str]]:
    """Accept every pending proposal of a document as proposed, people first. Proposals that
    cannot be carried out as they stand are left pending, with the reason."""
    require(actor, REVIEW, "confirm what was read from letters")
    accepted, problems = 0, []
    order = [ProposalKind.PERSON, ProposalKind.FILING, ProposalKind.RELATIONSHIP,
             ProposalKind.CONTACT, ProposalKind.OUTCOME, ProposalKind.INQUIRY,
             ProposalKind.ANSWER]  # fmt: skip
    for kind in order:
        for proposal in Proposal.objects.filter(
            document=document, kind=kind, state=ProposalState.PENDING
        ).order_by("order", "id"):
            if _stranger_mentioned(proposal):
                problems.append(
                    f"{proposal.summary} — left for you: adding someone the letter only "
                    "mentions is your decision."
                )
                continue
            try:
                accept_proposal(actor=actor, proposal=proposal)
                accepted += 1
            except InvalidInput as error:
                problems.append(f"{proposal.summary} — not accepted: {error.message}")
    return accepted, problems


def _stranger_mentioned(proposal: Proposal) -> bool:
    if proposal.kind != ProposalKind.PERSON:
        return False
    payload = person_payload(proposal)
    if payload["role"] != Mention.Role.MENTIONED:
        return False
    resolution = payload["person"].get("resolution") or {}
    return not resolution.get("person_ref") and resolution.get("status") != "family"


def _accept_person(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = person_payload(proposal)
    person_json = payload["person"]
    resolution = person_json.get("resolution") or {}
    person: Person | None = None
    if person_ref:
        person = Person.objects.filter(ref=person_ref).first()
        if person is None:
            raise InvalidInput(
                f"There is no person {person_ref!r} in the registry.", field="person_ref"
            )
    elif resolution.get("person_ref"):
        person = Person.objects.filter(ref=resolution["person_ref"]).first()
    elif resolution.get("status") == "family" and resolution.get("candidates"):
        members = list(
            Person.objects.filter(ref__in=[c["person_ref"] for c in resolution["candidates"]])
        )
        for member in members:
            _mention(proposal, member)
        return members[0] if members else None
    elif resolution.get("status") == "ambiguous" and resolution.get("candidates"):
        best = resolution["candidates"][0]
        person = Person.objects.filter(ref=best["person_ref"]).first()
    if person is None:
        proposed = resolution.get("proposed") or {}
        name = person_json.get("name") or ""
        read_gender = str(person_json.get("gender") or "")
        gender = read_gender if read_gender in ("male", "female") else "unknown"
        fields = {
            "given_name": proposed.get("given_name", ""),
            "patronymic": proposed.get("patronymic", ""),
            "surname": proposed.get("surname", "") or ("" if proposed else name),
            "description": proposed.get("description") or person_json.get("description") or "",
        }  # fmt: skip
        if not any(fields.values()):
            raise InvalidInput(
                f"“{_written(proposal)}” has no name to add to the registry; choose an existing "
                "person instead.",
                field="person_ref",
            )
        person = registry_services.create_person(actor=actor, gender=gender, **fields)
    if person_ref:
        payload["chosen"] = person_ref
    _mention(proposal, person)
    return person


def _mention(proposal: Proposal, person: Person) -> None:
    payload = person_payload(proposal)
    span = payload["person"].get("span") or {}
    Mention.objects.get_or_create(
        document=proposal.document, person=person, role=payload["role"],
        defaults={
            "as_written": _written(proposal)[:300], "span_part": span.get("in", ""),
            "span_start": span.get("start"), "span_end": span.get("end"),
        },
    )  # fmt: skip


def _addressed_commission(document: Document, payload: FilingPayload) -> Commission | None:
    body = fold(payload.get("body") or "")
    if body:
        for commission in Commission.objects.all().only(
            "id", "name", "ref", "organisation_id", "level", "parent_id"
        ):
            if fold(commission.name) == body:
                return commission
    addressees = Mention.objects.filter(document=document, role=Mention.Role.ADDRESSEE)
    seat = (
        Commissioner.objects.filter(person__in=addressees.values("person"))
        .select_related("commission")
        .order_by("-commission__level")
        .first()
    )
    return seat.commission if seat else None


def _case_for(actor: Actor, document: Document, subject: Person, payload: FilingPayload) -> Case:
    """The subject's open case before the addressed commission, else their latest open case,
    else a new case before the addressed commission."""
    commission = _addressed_commission(document, payload)
    open_cases = Case.objects.filter(subject=subject, state__in=OPEN_CASE_STATES).order_by(
        "-opened_at"
    )
    if commission is not None:
        here = open_cases.filter(commission=commission).first()
        if here is not None:
            return here
    latest = open_cases.first()
    if latest is not None:
        return latest
    if commission is None:
        raise InvalidInput(
            f"{subject.display_name} has no open case and the letter names no commission; open "
            "a case first, then accept this."
        )
    membership = Membership.objects.filter(
        person=subject, organisation_id=commission.organisation_id
    ).first()
    expelled = membership is not None and membership.status in (
        MembershipStatus.EXPELLED, MembershipStatus.EXPELLED_FOR_TERM,
    )  # fmt: skip
    return case_services.open_case(
        actor=actor, subject=subject, commission=commission,
        kind=CaseKind.EXPULSION if expelled else CaseKind.VERIFICATION,
        opened_on=_date(payload.get("written_on")),
        summary=f"Opened on the letter “{document}”.",
    )  # fmt: skip


def _accept_filing(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = filing_payload(proposal)
    document = proposal.document
    subject = _person_for(document, payload["subject"])
    assert subject is not None
    if edits.get("case"):
        case = Case.objects.filter(ref=edits["case"]).first()
        if case is None:
            raise InvalidInput(f"There is no case {edits['case']!r}.", field="case")
    else:
        case = _case_for(actor, document, subject, payload)
    requests = ", ".join(
        sorted({str(r["request"]).replace("_", " ") for r in payload.get("requests", [])})
    )
    author = (
        _person_for(document, payload["author"], required=False) if payload.get("author") else None
    )
    stance = payload.get("stance") if payload.get("stance") in Stance.values else ""
    if author is not None and stance and author.pk != subject.pk:
        # The strongest ground the author gives is the basis of the testimony.
        basis = _strongest_basis(payload.get("basis", [])) or KnowledgeBasis.HEARSAY
        case_services.record_testimony(
            actor=actor, case=case, document=document, witness=author, stance=stance,
            basis=basis, summary=f"Asks: {requests}." if requests else "",
        )  # fmt: skip
        filing = case.filings.get(document=document)
        if requests and not filing.note:
            filing.note = f"The letter asks: {requests}."[:500]
            filing.save(update_fields=["note"])
        return filing
    return case_services.file_document(
        actor=actor, case=case, document=document, role=FilingRole.CORRESPONDENCE,
        note=f"The letter asks: {requests}." if requests else "",
    )  # fmt: skip


def _accept_relationship(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = relationship_payload(proposal)
    sources = _persons_for(proposal.document, payload["source"])
    targets = _persons_for(proposal.document, payload["target"])
    if not sources or not targets:
        raise InvalidInput("Both people of the relationship must be settled first.")
    pairs = [(a, b) for a in sources for b in targets if a.pk != b.pk]
    if not pairs:
        raise InvalidInput("The relationship would tie a person to themselves.")
    ties = [_record_tie(actor, proposal, a, b, edits) for a, b in pairs]  # every pair is recorded
    return ties[0]


def _record_tie(
    actor: Actor, proposal: Proposal, source: Person, target: Person, edits: dict[str, Any]
) -> Any:
    payload = relationship_payload(proposal)
    return registry_services.record_relationship(
        actor=actor, source=source, target=target, kind=edits.get("kind", payload["kind"]),
        strength=int(edits.get("strength", payload.get("strength", 3))),
        period=str(edits.get("period", "")), evidence=proposal.document,
        note=f"From the letter: “{proposal.span_text[:400]}”" if proposal.span_text else "",
    )  # fmt: skip


def _accept_contact(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = contact_payload(proposal)
    person = _person_for(proposal.document, payload["person"])
    assert person is not None
    return registry_services.add_contact(
        actor=actor, person=person, kind=edits.get("kind", payload["kind"]),
        value=str(edits.get("value", payload["value"])), source_document=proposal.document,
        note=f"from “{proposal.document}”"[:300],
    )  # fmt: skip


def _accept_outcome(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = outcome_payload(proposal)
    document = proposal.document
    subject = _person_for(document, payload["subject"])
    if subject is None:
        raise InvalidInput("The person the outcome is about is not settled yet.")
    filing_case = (
        Case.objects.filter(subject=subject, filings__document=document)
        .order_by("-opened_at")
        .first()
    )
    case = filing_case or Case.objects.filter(subject=subject).order_by("-opened_at").first()
    if case is None:
        raise InvalidInput(f"{subject.display_name} has no case to record the reported outcome on.")
    report, _ = ReportedOutcome.objects.get_or_create(
        case=case, document=document, outcome=edits.get("outcome", payload["outcome"]),
        defaults={"quote": payload.get("quote") or proposal.span_text},
    )  # fmt: skip
    return report


def _accept_inquiry(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = inquiry_payload(proposal)
    document = proposal.document
    recipient = _person_for(document, payload["to"])
    subject = _person_for(document, payload["about"])
    if recipient is None or subject is None:
        raise InvalidInput("The person asked and the person asked about must be settled first.")
    requested_by = (
        _person_for(document, payload["requested_by"], required=False)
        if payload.get("requested_by")
        else None
    )
    case = (
        Case.objects.filter(subject=subject, filings__document=document)
        .order_by("-opened_at")
        .first()
        or Case.objects.filter(subject=subject, state__in=OPEN_CASE_STATES)
        .order_by("-opened_at")
        .first()
    )
    asked_on = document.written_on or timezone.localdate()
    due = _date(edits.get("due_on")) or asked_on + dt.timedelta(
        days=URGENT_DAYS if payload.get("urgent") else NORMAL_DAYS
    )
    return inquiry_services.ask(
        actor=actor, subject=subject, recipient=recipient, case=case,
        question=str(edits.get("question") or payload.get("question") or proposal.summary),
        due_on=due, urgency="urgent" if payload.get("urgent") else "normal",
        requested_by=requested_by, source_document=document, source_quote=proposal.span_text,
    )  # fmt: skip


def _accept_answer(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = answer_payload(proposal)
    document = proposal.document
    author = _person_for(document, payload["by"])
    subject = _person_for(document, payload["about"])
    assert author is not None
    assert subject is not None
    still_open = list(
        inquiry_queries.open_inquiries_between(recipients=[author.pk], subjects=[subject.pk])
    )
    # The inquiry read at intake, or another still open to the same person about the same
    # subject (it may have been withdrawn and asked again meanwhile).
    inquiry = next((i for i in still_open if i.ref == payload["inquiry"]), None) or next(
        iter(still_open), None
    )
    if inquiry is None:
        was = Inquiry.objects.filter(ref=payload["inquiry"]).first()
        since = f" (inquiry {was.ref} is {InquiryState(was.state).label})" if was else ""
        raise InvalidInput(
            f"This letter matches no open inquiry: {author.display_name} has no open inquiry "
            f"about {subject.display_name}{since}. Reject this proposal; the letter can still "
            "be filed on the case."
        )
    stance = str(edits.get("stance") or payload.get("stance") or "")
    basis = str(edits.get("basis") or payload.get("basis") or "")
    if stance not in Stance.values:
        raise InvalidInput(
            f"Say whether {author.display_name} writes for or against {subject.display_name} "
            "before recording the answer.",
            field="stance",
        )
    if basis not in KnowledgeBasis.values:
        raise InvalidInput(
            f"The letter does not say how {author.display_name} knows "
            f"{subject.display_name}: choose it before recording the answer.",
            field="basis",
        )
    return inquiry_services.answer_inquiry(
        actor=actor, inquiry=inquiry, reply=document, stance=stance, basis=basis,
        expected_version=inquiry.version,
    )  # fmt: skip


_HANDLERS: dict[ProposalKind, Callable[[Any, Proposal, str | None, dict[str, Any]], Any]] = {
    ProposalKind.PERSON: _accept_person,
    ProposalKind.FILING: _accept_filing,
    ProposalKind.RELATIONSHIP: _accept_relationship,
    ProposalKind.CONTACT: _accept_contact,
    ProposalKind.OUTCOME: _accept_outcome,
    ProposalKind.INQUIRY: _accept_inquiry,
    ProposalKind.ANSWER: _accept_answer,
}

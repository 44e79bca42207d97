"""What each proposal proposes, in the reader's language, composed when it is shown.

A proposal keeps the sentence written when the letter was read (`Proposal.summary`, the record
of the reading, in the language of the code that wrote it); the review page instead composes
its sentence from what was read (the payload) each time it is shown, so a Russian reader reads
Russian, and a person the registry knows is named as the reader's language names them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commission.cases.enums import DecisionOutcome, KnowledgeBasis, Stance
from commission.core.dates import long_date
from commission.inquiries.enums import Urgency
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal, ProposalKind
from commission.registry.enums import ContactKind, RelationshipKind
from commission.registry.models import Mention, Person
from commission.registry.names import name_for_language

# How the reading matched a name to the registry (`reading.resolution`), as words.
HOW = {
    "name form": gettext_lazy("name form"),
    "near spelling": gettext_lazy("near spelling"),
    "name prefix": gettext_lazy("name prefix"),
    "family name": gettext_lazy("family name"),
    "registry tie": gettext_lazy("a tie in the registry"),
}


class Names:
    """How the people a document's proposals refer to are named for the reader: a person the
    registry knows by the registry's name in the reader's language, anyone else as read."""

    def __init__(self, proposals: Iterable[Proposal]) -> None:
        self.read: dict[str, dict[str, Any]] = {
            p.key: (p.payload or {}).get("person") or {}
            for p in proposals
            if p.kind == ProposalKind.PERSON
        }
        refs = {
            str((person.get("resolution") or {}).get("person_ref") or "")
            for person in self.read.values()
        }
        self.people: dict[str, Person] = {}
        self.wanted: set[str] = {r for r in refs if r}

    def want(self, refs: Iterable[str]) -> None:
        self.wanted.update(r for r in refs if r)

    def registry(self, ref: str, fallback: str = "") -> str:
        if ref and ref not in self.people and ref in self.wanted:
            for found in Person.objects.filter(
                ref__in=self.wanted - set(self.people)
            ).prefetch_related("names"):
                self.people[found.ref] = found
            self.wanted -= set(self.people)
        person = self.people.get(ref)
        return name_for_language(person) if person is not None else fallback

    def of(self, key: str) -> str:
        """The person of a person proposal's key."""
        person = self.read.get(key)
        if person is None:
            return _("someone")
        resolution = person.get("resolution") or {}
        as_read = person.get("name") or person.get("description") or _("someone")
        if resolution.get("status") == "matched" and resolution.get("person_ref"):
            return self.registry(resolution["person_ref"], as_read)
        return as_read


def _how(how: str) -> str:
    word = how.split(":", 1)[0].strip()
    return str(HOW.get(word, how))


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _person(proposal: Proposal, names: Names) -> str:
    payload = proposal.payload or {}
    person = payload.get("person") or {}
    role = capfirst(_label(Mention.Role, str(payload.get("role") or "")))
    as_read = person.get("name") or person.get("description") or _("someone")
    resolution = person.get("resolution") or {}
    status = resolution.get("status")
    how = _how(str(resolution.get("how") or ""))
    values = {"role": role, "read": as_read, "how": how}
    if status == "family" and resolution.get("candidates"):
        people = ", ".join(
            names.registry(c["person_ref"], c.get("person_name") or "")
            for c in resolution["candidates"]
        )
        return _("%(role)s: “%(read)s” are %(people)s (%(how)s).") % {**values, "people": people}
    if resolution.get("person_ref") and status == "matched":
        return _("%(role)s: “%(read)s” is %(person)s (%(how)s, %(confidence)s%%).") % {
            **values,
            "person": names.registry(resolution["person_ref"], resolution.get("person_name") or ""),
            "confidence": round(float(resolution.get("confidence") or 0) * 100),
        }
    if status == "proposed":
        return _("%(role)s: “%(read)s” is not in the registry: add as a new person.") % values
    return _("%(role)s: “%(read)s” could not be matched.") % values


def _testimony(stance: str, bases: Iterable[str]) -> tuple[str, str]:
    side = _label(Stance, stance) if stance else _("stance not stated")
    words = [_label(KnowledgeBasis, b) for b in bases if b]
    return side, ", ".join(words) or _("how the writer knows is not stated")


def _filing(proposal: Proposal, names: Names) -> str:
    payload = proposal.payload or {}
    subject = names.of(str(payload.get("subject") or ""))
    if payload.get("author") and payload.get("stance"):
        side, basis = _testimony(str(payload["stance"]), payload.get("basis") or [])
        return _(
            "File the letter on the case of %(subject)s, as the testimony of %(author)s "
            "(%(side)s; %(basis)s)."
        ) % {
            "subject": subject,
            "author": names.of(payload["author"]),
            "side": side,
            "basis": basis,
        }
    return _("File the letter on the case of %(subject)s.") % {"subject": subject}


def _answer(proposal: Proposal, names: Names, inquiries: dict[str, Inquiry]) -> str:
    payload = proposal.payload or {}
    inquiry = inquiries.get(str(payload.get("inquiry") or ""))
    if inquiry is None:
        return _(
            "Record the letter as the answer to inquiry %(ref)s, which is no longer on record."
        ) % {"ref": payload.get("inquiry") or ""}
    values = {
        "recipient": names.registry(inquiry.recipient.ref, inquiry.recipient.display_name),
        "ref": inquiry.ref,
        "subject": names.registry(inquiry.subject.ref, inquiry.subject.display_name),
        "due": long_date(inquiry.due_on),
    }
    if inquiry.urgency == Urgency.URGENT:
        sentence = (
            _(
                "Record the letter as the answer of %(recipient)s to the urgent inquiry %(ref)s "
                "about %(subject)s, due %(due)s."
            )
            % values
        )
    else:
        sentence = (
            _(
                "Record the letter as the answer of %(recipient)s to inquiry %(ref)s about "
                "%(subject)s, due %(due)s."
            )
            % values
        )
    parts = [sentence]
    if inquiry.case is not None:
        parts.append(_("It is filed on case %(case)s as testimony.") % {"case": inquiry.case.ref})
    if not payload.get("by"):
        parts.append(_("It came to the inquiry's reply address."))
    side, basis = _testimony(str(payload.get("stance") or ""), [str(payload.get("basis") or "")])
    parts.append(_("As read: %(side)s; %(basis)s.") % {"side": side, "basis": basis})
    return " ".join(parts)


def describe(
    proposals: list[Proposal], context: Iterable[Proposal] | None = None
) -> dict[int, str]:
    """The sentence for each of `proposals`, by its id, in the active language. `context` is
    every proposal of their document (the person proposals the others refer to by key);
    `proposals` themselves when not given."""
    names = Names(context if context is not None else proposals)
    wanted_inquiries = [
        str((p.payload or {}).get("inquiry") or "")
        for p in proposals
        if p.kind == ProposalKind.ANSWER
    ]
    inquiries = {
        i.ref: i
        for i in Inquiry.objects.filter(ref__in=[r for r in wanted_inquiries if r]).select_related(
            "recipient", "subject", "case"
        )
    }
    names.want(r for i in inquiries.values() for r in (i.recipient.ref, i.subject.ref))
    for p in proposals:
        if p.kind == ProposalKind.PERSON:
            resolution = ((p.payload or {}).get("person") or {}).get("resolution") or {}
            names.want(c.get("person_ref") or "" for c in resolution.get("candidates") or [])
    out: dict[int, str] = {}
    for p in proposals:
        payload = p.payload or {}
        if p.kind == ProposalKind.PERSON:
            text = _person(p, names)
        elif p.kind == ProposalKind.FILING:
            text = _filing(p, names)
        elif p.kind == ProposalKind.RELATIONSHIP:
            source = names.of(str(payload.get("source") or ""))
            tie = _label(RelationshipKind, str(payload.get("kind") or ""))
            target = names.of(str(payload.get("target") or ""))
            text = f"{source} — {tie} — {target}."
        elif p.kind == ProposalKind.CONTACT:
            text = _("Record the %(kind)s “%(value)s” (personal data) for %(person)s.") % {
                "kind": _label(ContactKind, str(payload.get("kind") or "")),
                "value": payload.get("value") or "",
                "person": names.of(str(payload.get("person") or "")),
            }
        elif p.kind == ProposalKind.OUTCOME:
            text = _(
                "The editors report an outcome for %(subject)s: %(outcome)s. Put it before the "
                "chair on the case."
            ) % {
                "subject": names.of(str(payload.get("subject") or "")),
                "outcome": _label(DecisionOutcome, str(payload.get("outcome") or "")),
            }
        elif p.kind == ProposalKind.INQUIRY:
            values = {
                "to": names.of(str(payload.get("to") or "")),
                "about": names.of(str(payload.get("about") or "")),
            }
            text = (
                _("Ask %(to)s about %(about)s, urgently, as the note on the document asks.")
                if payload.get("urgent")
                else _("Ask %(to)s about %(about)s, as the note on the document asks.")
            ) % values
        elif p.kind == ProposalKind.ANSWER:
            text = _answer(p, names, inquiries)
        else:
            text = p.summary
        out[p.pk] = text
    return out

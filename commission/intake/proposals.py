"""Turning what the reading pipeline read from one letter into proposals a clerk can accept.

Pure: from the letter's JSON (the same JSON `commission extract --json` prints) to a list of
proposal values. Keys are stable, so reading another copy of the letter, or the same copy
again, proposes nothing twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commission.intake.models import ProposalKind
from commission.intake.payloads import Payload, PersonPayload, RequestRead
from commission.intake.ties import Named, knowing_kind, read_ties, sentence_around
from commission.registry.enums import RelationshipKind
from commission.registry.models import Mention
from commission.registry.names import fold

# How the extractor's kin words map to stored relationships; True: the relative is the source.
KIN = {
    "father": (RelationshipKind.PARENT, True), "mother": (RelationshipKind.PARENT, True),
    "parent": (RelationshipKind.PARENT, True), "son": (RelationshipKind.PARENT, False),
    "daughter": (RelationshipKind.PARENT, False), "child": (RelationshipKind.PARENT, False),
    "brother": (RelationshipKind.SIBLING, True), "sister": (RelationshipKind.SIBLING, True),
    "sibling": (RelationshipKind.SIBLING, True), "husband": (RelationshipKind.SPOUSE, True),
    "wife": (RelationshipKind.SPOUSE, True), "spouse": (RelationshipKind.SPOUSE, True),
}  # fmt: skip
BASIS = {
    "observation_of_work": "observed_work", "observed_work": "observed_work",
    "knows_family": "knows_family", "knows_relative": "knows_relative", "hearsay": "hearsay",
    "writing_only": "writing_only", "knows_writing": "writing_only",
    "not_known_personally": "not_personally", "not_personally": "not_personally",
}  # fmt: skip
OUTCOMES = {
    "reinstated": "reinstate", "reinstate": "reinstate", "restored": "reinstate",
    "expelled": "expel", "expel": "expel", "retained": "retain", "retain": "retain",
    "reprimanded": "reprimand", "probation": "probation", "transferred to candidates": "probation",
}  # fmt: skip


@dataclass
class Draft:
    kind: str
    key: str
    summary: str
    payload: Payload
    span: dict[str, Any] | None = None
    order: int = 0


@dataclass
class PersonDraft(Draft):
    payload: PersonPayload


@dataclass
class _People:
    """Person proposals by key, and which key each role's person got."""

    drafts: dict[str, PersonDraft] = field(default_factory=dict)

    def add(
        self, person: dict[str, Any] | None, role: str, span: dict[str, Any] | None = None
    ) -> str:
        if not person:
            return ""
        name = person.get("name") or ""
        description = person.get("description") or ""
        ref = (person.get("resolution") or {}).get("person_ref")
        # A person the registry already knows is one proposal per role, however the letters
        # spell them ("V. I. Lenin", "Lenin").
        key = f"person:{role}:{ref}" if ref else f"person:{role}:{fold(name) or fold(description)}"
        if key not in self.drafts:
            self.drafts[key] = PersonDraft(
                kind=ProposalKind.PERSON,
                key=key,
                summary=person_summary(role, person),
                payload={"role": role, "person": person},
                span=person.get("span") or span,
                order=len(self.drafts),
            )
        return key


def person_summary(role: str, person: dict[str, Any]) -> str:
    label = person.get("name") or person.get("description") or "someone"
    resolution = person.get("resolution") or {}
    found = resolution.get("person_name")
    status = resolution.get("status")
    if status == "family" and resolution.get("candidates"):
        names = ", ".join(c["person_name"] for c in resolution["candidates"])
        how = f"are {names} ({resolution.get('how') or 'family'})"
    elif found:
        how = (
            f"is {found} ({resolution.get('how') or status}, {resolution.get('confidence', 0):.0%})"
        )
    elif status == "proposed":
        how = "is not in the registry: add as a new person"
    else:
        how = "could not be matched"
    return f"{Mention.Role(role).label.capitalize()}: “{label}” {how}."


def build(letter: dict[str, Any], *, written_on: str | None) -> list[Draft]:
    """Every proposal for one letter, persons first (the others refer to them by key)."""
    fields = letter["fields"]
    people = _People()
    drafts: list[Draft] = []

    author_key = ""
    for item in fields.get("author", []):
        author_key = people.add(item.get("person"), Mention.Role.AUTHOR, item.get("span"))
    for item in fields.get("addressees", []):
        if item.get("kind") == "person" or item.get("person"):
            people.add(item.get("person"), Mention.Role.ADDRESSEE, item.get("span"))
    body = next((i["value"] for i in fields.get("addressees", []) if i.get("kind") == "body"), "")
    subject_keys = [
        people.add(item.get("person"), Mention.Role.SUBJECT, item.get("span"))
        for item in fields.get("subjects", [])
    ]
    relatives: list[tuple[str, str, str, dict[str, Any]]] = []  # (relative, kin, of, item)
    for item in fields.get("relatives", []):
        value = item.get("value") or {}
        relative_key = people.add(item.get("person"), Mention.Role.RELATIVE, item.get("span"))
        of_person = item.get("of") if isinstance(item.get("of"), dict) else None
        of_key = _same_person_key(people, of_person, subject_keys) if of_person else ""
        kin = str(value.get("relation") or item.get("kin_as_written") or "").lower()
        relatives.append((relative_key, kin, of_key, item))
        if relative_key:
            draft = people.drafts[relative_key]
            written = str(item.get("kin_as_written") or kin).lower()
            draft.payload["kin"] = kin
            draft.payload["of"] = of_person
            draft.payload["plural"] = written.endswith("s") and written[:-1] in KIN
    for item in fields.get("other_people", []):
        people.add(item.get("person"), Mention.Role.MENTIONED, item.get("span"))

    requests: list[RequestRead] = [
        {"request": str(i.get("value")), "urgent": bool(i.get("urgent")), "span": i.get("span")}
        for i in fields.get("requests", [])
    ]
    stance = next((i["value"] for i in fields.get("stance", [])), "")
    bases = [BASIS.get(str(i.get("value")), "") for i in fields.get("basis", [])]
    bases = [b for b in bases if b]
    for subject_key in subject_keys:
        subject = people.drafts[subject_key]
        name = subject.payload["person"].get("name", "")
        summary = f"File the letter on the case of {name}"
        if author_key and stance:
            basis_text = ", ".join(b.replace("_", " ") for b in bases) or "basis not stated"
            side = {"for": "in favour", "against": "against"}.get(stance, stance)
            summary += f", as the testimony of {_name(people, author_key)} ({side}; {basis_text})"
        drafts.append(
            Draft(
                kind=ProposalKind.FILING,
                key=f"filing:{subject_key}",
                summary=summary + ".",
                payload={
                    "subject": subject_key,
                    "author": author_key,
                    "stance": stance,
                    "basis": bases,
                    "requests": requests,
                    "body": body,
                    "written_on": written_on,
                },
                span=subject.span,
            )
        )

    drafts += _relationship_drafts(letter, people, author_key, subject_keys, relatives, fields)

    for item in fields.get("contacts", []):
        value = item.get("value") or {}
        owner = people.add(item.get("person"), Mention.Role.SUBJECT, item.get("span"))
        owner = _same_person_key(people, item.get("person"), subject_keys) or owner
        drafts.append(
            Draft(
                kind=ProposalKind.CONTACT,
                key=f"contact:{value.get('kind')}:{value.get('value')}",
                summary=f"Record the {value.get('kind')} “{value.get('value')}” "
                f"(personal data) for {_name(people, owner)}.",
                payload={
                    "person": owner,
                    "kind": str(value.get("kind") or ""),
                    "value": str(value.get("value") or ""),
                },
                span=item.get("span"),
            )
        )
    for item in fields.get("outcomes", []):
        value = item.get("value") or {}
        outcome = OUTCOMES.get(str(value.get("outcome", "")).lower(), "")
        if not outcome:
            continue
        subject_key = _same_person_key(people, item.get("person"), subject_keys)
        if not subject_key:
            subject_key = people.add(item.get("person"), Mention.Role.SUBJECT, item.get("span"))
        quote = (item.get("note") or item.get("span") or {}).get("text", "")
        drafts.append(
            Draft(
                kind=ProposalKind.OUTCOME,
                key=f"outcome:{subject_key}:{outcome}",
                summary=f"The editors report that {_name(people, subject_key)} was "
                f"{value.get('outcome')}: put it before the chair on the case.",
                payload={"subject": subject_key, "outcome": outcome, "quote": quote},
                span=item.get("note") or item.get("span"),
            )
        )
    for item in fields.get("inscriptions", []):
        annotator = people.add(item.get("person"), Mention.Role.ANNOTATOR, item.get("span"))
        behalf = item.get("on_behalf_of") if isinstance(item.get("on_behalf_of"), dict) else None
        behalf_key = people.add(behalf, Mention.Role.MENTIONED) if behalf else ""
        if (
            behalf
            and author_key
            and _same_name(behalf, people.drafts[author_key].payload["person"])
        ):
            behalf_key = author_key
        content = (item.get("content") or {}).get("text") or (item.get("value") or {}).get(
            "text", ""
        )
        for inquiry in item.get("inquiries", []) or []:
            if not isinstance(inquiry, dict):
                continue
            to_key = people.add(inquiry.get("to"), Mention.Role.WITNESS)
            about_key = _same_person_key(people, inquiry.get("about"), subject_keys) or (
                subject_keys[0] if subject_keys else ""
            )
            if not to_key or not about_key:
                continue
            urgent = bool(inquiry.get("urgent"))
            drafts.append(
                Draft(
                    kind=ProposalKind.INQUIRY,
                    key=f"inquiry:{to_key}:{about_key}",
                    summary=f"Ask {_name(people, to_key)} about {_name(people, about_key)}"
                    f"{' (urgent)' if urgent else ''}, as the note on the document asks.",
                    payload={
                        "to": to_key,
                        "about": about_key,
                        "urgent": urgent,
                        "asks": inquiry.get("asks", []),
                        "question": content,
                        "requested_by": behalf_key,
                        "annotator": annotator,
                        "written_on": written_on,
                    },
                    span=(inquiry.get("to") or {}).get("span") or item.get("span"),
                )
            )
    return [*sorted(people.drafts.values(), key=lambda d: d.order), *drafts]


def _relationship_drafts(
    letter: dict[str, Any],
    people: _People,
    author_key: str,
    subject_keys: list[str],
    relatives: list[tuple[str, str, str, dict[str, Any]]],
    fields: dict[str, Any],
) -> list[Draft]:
    text = letter.get("text", "")
    drafts: list[Draft] = []

    def add(
        source: str, kind: str, target: str, span: dict[str, Any] | None, strength: int
    ) -> None:
        if not source or not target or source == target:
            return
        label = RelationshipKind(kind).label
        drafts.append(
            Draft(
                kind=ProposalKind.RELATIONSHIP,
                key=f"tie:{source}:{kind}:{target}",
                summary=f"{_name(people, source)} — {label} — {_name(people, target)}.",
                payload={"source": source, "kind": kind, "target": target, "strength": strength},
                span=span,
            )
        )

    family: list[str] = list(subject_keys[:1])
    for relative_key, kin, of_key, item in relatives:
        if kin.endswith("s") and kin[:-1] in KIN:
            kin = kin[:-1]
        mapped = KIN.get(kin)
        if mapped is None or not of_key or not relative_key:
            continue
        kind, relative_is_source = mapped
        source, target = (relative_key, of_key) if relative_is_source else (of_key, relative_key)
        add(source, kind, target, item.get("span"), strength=5)
        if of_key in subject_keys:
            family.append(relative_key)

    for item in fields.get("basis", []):
        basis = BASIS.get(str(item.get("value")), "")
        span = item.get("span") or {}
        if not author_key or not span:
            continue
        s, e = sentence_around(text, span.get("start", 0), span.get("end", 0))
        sentence = {"in": "text", "start": s, "end": e, "text": text[s:e].strip()}
        for subject_key in subject_keys:
            if basis == "observed_work":
                add(author_key, RelationshipKind.OBSERVED_WORK, subject_key, sentence, strength=4)
            elif basis == "knows_family":
                for member in family[1:]:
                    add(author_key, RelationshipKind.ACQUAINTANCE, member, sentence, strength=4)
            elif basis == "knows_relative":
                known_as, strength = knowing_kind(text[s:e])
                spoken = text[span.get("start", 0) : span.get("end", 0)].lower()
                for relative_key, kin, of_key, _ in relatives:
                    if of_key == subject_key and kin and kin.rstrip("s") in spoken:
                        add(author_key, known_as, relative_key, sentence, strength=strength)

    named = [
        Named(key, d.payload["person"].get("name") or "", *_offsets(d.span))
        for key, d in people.drafts.items()
        if d.span and (d.span.get("in") == "text")
    ]
    author = next((n for n in named if n.key == author_key), None)
    if author is None and author_key:
        author_name = people.drafts[author_key].payload["person"].get("name", "")
        author = Named(author_key, author_name, -1, -1)
    hosts = [n for n in named if n.key in family]
    for tie in read_ties(text, people=named, author=author, family=hosts):
        span = {"in": "text", "start": tie.start, "end": tie.end, "text": tie.text}
        add(tie.source, tie.kind, tie.target, span, strength=tie.strength)
    return drafts


def _offsets(span: dict[str, Any] | None) -> tuple[int, int]:
    span = span or {}
    return int(span.get("start", -1)), int(span.get("end", -1))


def _name(people: _People, key: str) -> str:
    draft = people.drafts.get(key)
    if draft is None:
        return "someone"
    person = draft.payload["person"]
    return person.get("name") or person.get("description") or "someone"


def _same_name(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ra, rb = a.get("resolution") or {}, b.get("resolution") or {}
    if ra.get("person_ref") and ra.get("person_ref") == rb.get("person_ref"):
        return True
    return bool(a.get("name")) and fold(a.get("name", "")) == fold(b.get("name", ""))


def _same_person_key(people: _People, person: dict[str, Any] | None, keys: list[str]) -> str:
    """The key among `keys` naming the same person as `person` (by registry match or name).
    A family ("the Alliluyev family") is never the same as one of its members."""
    if not person or person.get("family"):
        return ""
    for key in keys:
        if _same_name(person, people.drafts[key].payload["person"]):
            return key
    name = fold(person.get("name", ""))
    for key in keys:
        known = fold(people.drafts[key].payload["person"].get("name", ""))
        if name and known and (set(name.split()) & set(known.split())):
            return key
    return ""

"""The values the reading pipeline hands on: plain dataclasses, no database rows.

Every extracted item carries a `Span`: which part of the letter it was read from ("text" is the
letter itself, "notes" its editorial footnotes and inscriptions, "header" the archive header kept
as provenance), the offsets into that part and the exact characters, so a clerk confirming an
item can always see the words it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Part = Literal["text", "notes", "header"]


class UnreadableInput(Exception):
    """A file the pipeline cannot read; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


@dataclass(frozen=True)
class Span:
    part: Part
    start: int
    end: int
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"in": self.part, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Provenance:
    """Where a copy came from, read from the boilerplate around the letter."""

    file_name: str = ""
    source_format: str = "text"  # text, markdown, html, pdf
    encoding: str = ""
    archive: str = ""
    url: str = ""
    title: str = ""
    header_author: str = ""
    channel: str = "unknown"  # a CopyChannel value: how this copy reached us
    history: list[str] = field(default_factory=list)  # earlier channels, oldest first
    publication: str = ""
    source: str = ""
    translation: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # every "Field: value" header line
    boilerplate: list[str] = field(default_factory=list)  # navigation and index lines dropped
    # The keys of `fields` that the letter's own lines gave rather than the page's header: the
    # "From:", "To:" and "Date:" over a later message of a thread, the next document's heading.
    own_fields: tuple[str, ...] = ()

    @property
    def is_mail(self) -> bool:
        """Whether the fields are an e-mail's header: a "Cc:", "Subject:" or "Sent:" among them
        (an edition's page has "To:" and "Written:", never these)."""
        return bool({key.lower() for key in self.fields} & {"cc", "subject", "sent"})

    def own(self, key: str) -> str:
        """The value of a field the letter's own lines gave ("" when the page's header gave it,
        or nothing did)."""
        return self.fields.get(key, "") if key in self.own_fields else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "format": self.source_format,
            "encoding": self.encoding,
            "archive": self.archive,
            "url": self.url,
            "title": self.title,
            "header_author": self.header_author,
            "channel": self.channel,
            "history": list(self.history),
            "publication": self.publication,
            "source": self.source,
            "translation": self.translation,
            "fields": dict(self.fields),
            "boilerplate": list(self.boilerplate),
        }


@dataclass(frozen=True)
class Note:
    """An editorial footnote or an inscription written on the document by someone else."""

    kind: Literal["footnote", "inscription"]
    marker: str
    span: Span  # in the letter's notes


@dataclass
class Letter:
    """One letter found in a file: its own text, its notes, and the page header it sat under."""

    file_name: str
    index: int  # position in the file, from 0
    text: str
    notes_text: str
    header_text: str
    notes: list[Note]
    provenance: Provenance
    fingerprint: str = ""
    language: str = "en"  # "en" or "ru": which rules read it
    capitals: bool = False  # `text` is the cased view of a letter with lines in capitals
    written: str = ""  # the text as written, when `text` is its cased view (same length)

    def in_capitals(self, start: int, end: int) -> bool:
        """Whether the words at `start:end` of `text` are written in capitals."""
        source = self.written if len(self.written) == len(self.text) else self.text
        return source[start:end].isupper()

    def part(self, name: Part) -> str:
        return {"text": self.text, "notes": self.notes_text, "header": self.header_text}[name]

    def span(self, part: Part, start: int, end: int) -> Span:
        return Span(part, start, end, self.part(part)[start:end])


@dataclass(frozen=True)
class Resolution:
    """Which registry person a mention stands for, or the new person it would propose."""

    status: Literal["matched", "ambiguous", "family", "proposed", "unavailable"]
    confidence: float
    person_ref: str = ""
    person_name: str = ""
    how: str = ""
    candidates: tuple[tuple[str, str, float], ...] = ()  # (ref, name, score), best first
    proposed: dict[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "confidence": round(self.confidence, 3),
            "person_ref": self.person_ref or None,
            "person_name": self.person_name or None,
            "how": self.how,
            "candidates": [
                {"person_ref": r, "person_name": n, "score": round(s, 3)}
                for r, n, s in self.candidates
            ],
            "proposed": self.proposed,
        }


@dataclass
class PersonRef:
    """A person as the letter names them ("Kasparov's sister", "the father", "Lenin")."""

    name: str  # as written, without titles or possessive ending
    span: Span | None
    gender: str = "unknown"
    kin_of: str = ""  # for "Kasparov's sister": "Kasparov"
    kin: str = ""  # for "Kasparov's sister": "sister"
    family: bool = False  # "the Alliluyev family"
    description: str = ""  # for an unnamed person: "the father"
    resolution: Resolution | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "span": self.span.as_json() if self.span else None,
            "gender": self.gender,
            "description": self.description or None,
            "family": self.family,
            "resolution": self.resolution.as_json() if self.resolution else None,
        }


@dataclass
class Item:
    """One extracted field value. `value` is the normalised reading; `span` the words."""

    value: Any
    span: Span | None
    person: PersonRef | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "span": self.span.as_json() if self.span else None,
        }
        if self.person is not None:
            out["person"] = self.person.as_json()
        for key, val in self.extra.items():
            out[key] = _jsonable(val)
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, (PersonRef, Item, Span)):
        return value.as_json()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


FIELDS = (
    "author", "addressees", "date", "time", "subjects", "relatives", "other_people", "stance",
    "basis", "requests", "contacts", "outcomes", "inscriptions",
)  # fmt: skip


@dataclass
class Extraction:
    """What an extractor read from one letter; every list may be empty."""

    fields: dict[str, list[Item]] = field(default_factory=lambda: {f: [] for f in FIELDS})

    def add(self, name: str, item: Item) -> None:
        self.fields.setdefault(name, []).append(item)

    def get(self, name: str) -> list[Item]:
        return self.fields.get(name, [])

    def people(self) -> list[PersonRef]:
        """Every person reference in the extraction, for resolution."""
        found: list[PersonRef] = []

        def walk(value: Any) -> None:
            if isinstance(value, PersonRef):
                found.append(value)
            elif isinstance(value, Item):
                walk(value.person)
                walk(list(value.extra.values()))
            elif isinstance(value, list):
                for v in value:
                    walk(v)
            elif isinstance(value, dict):
                walk(list(value.values()))

        for items in self.fields.values():
            walk(items)
        return found

    def as_json(self) -> dict[str, Any]:
        return {name: [i.as_json() for i in items] for name, items in self.fields.items()}

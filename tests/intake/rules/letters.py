"""Letters made in a test, and the one field of the reader's output a test looks at."""

from __future__ import annotations

from typing import Any, Literal

from commission.intake.reading.model import Extraction, Letter, Note, Provenance, Span
from commission.intake.reading.rules import extract_by_rules


def letter(
    text: str,
    *,
    header: str = "",
    title: str = "",
    fields: dict[str, str] | None = None,
    notes: tuple[tuple[Literal["footnote", "inscription"], str], ...] = (),
) -> Letter:
    """A letter with `text`; `notes` as (kind, text), one a line of the notes."""
    notes_text, spans = "", []
    for kind, note in notes:
        start = len(notes_text)
        notes_text += note + "\n"
        span = Span("notes", start, start + len(note), note)
        spans.append(Note(kind, str(len(spans) + 1), span))
    provenance = Provenance(file_name="letter.txt", title=title, fields=dict(fields or {}))
    return Letter("letter.txt", 0, text, notes_text, header, spans, provenance)


# A letter's frame around the sentence a test reads: a salutation above, a signature and a date
# below, so only the sentence itself is in question.
FRAME = "Dear Comrade Ivanov,\n\n{}\n\nWith communist greetings,\nA. Sidorov\n2 March 1922"


def framed(sentence: str) -> str:
    return FRAME.format(sentence)


def read(text: str, **kwargs: Any) -> Extraction:
    return extract_by_rules(letter(text, **kwargs))


def values(text: str, name: str, **kwargs: Any) -> list[Any]:
    return [item.value for item in read(text, **kwargs).get(name)]

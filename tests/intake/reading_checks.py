"""What the tests of invented letters read from an extraction, in one place."""

from __future__ import annotations

from typing import Any

from commission.intake.reading import extract, read_text
from commission.intake.reading.model import Extraction


def read_page(text: str, name: str = "page.txt") -> list[Extraction]:
    """Every letter on a page written inline in a test, read without registry look-ups."""
    return [extract(letter, resolve=False) for letter in read_text(text, file_name=name)]


def values(extraction: Extraction, name: str) -> list[Any]:
    return [item.value for item in extraction.get(name)]


def requests(extraction: Extraction) -> list[tuple[Any, Any, Any]]:
    """Each request as (kind, by whom, urgent)."""
    return [(i.value, i.extra["by"], i.extra["urgent"]) for i in extraction.get("requests")]


def read_letters(text: str, name: str = "letter.txt") -> tuple[list[Any], list[Extraction]]:
    """The letters on a page written inline in a test, and what was read from each."""
    letters = read_text(text, file_name=name)
    return letters, [extract(letter, resolve=False) for letter in letters]


def only_letter(text: str, name: str = "letter.txt") -> tuple[Any, Extraction]:
    """The one letter on a page, and what was read from it."""
    letters, extractions = read_letters(text, name)
    assert len(letters) == 1
    return letters[0], extractions[0]

"""Reading a Russian letter written inline in a test, without registry look-ups."""

from __future__ import annotations

from typing import Any

from commission.intake.reading import extract, read_text
from commission.intake.reading.model import Extraction


def read(text: str) -> Extraction:
    letters = read_text(text, file_name="letter.txt")
    assert len(letters) == 1
    assert letters[0].language == "ru"
    return extract(letters[0], resolve=False)


def values(extraction: Extraction, field: str) -> list[Any]:
    return [item.value for item in extraction.get(field)]


def letter(
    body: str,
    *,
    salutation: str = "Тов. Сольц!",
    closing: str = "С коммунистическим приветом,\nИ. Дроздов\n3 марта 1920 г.",
) -> str:
    """A letter of the genre around `body`: salutation, the body, a closing block."""
    return f"{salutation}\n\n{body}\n\n{closing}\n"

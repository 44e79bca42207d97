"""Letters for the search tests, registered through the real write path (load_letters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone

from commission.cases.models import Case, CaseDocument
from commission.documents.models import Document
from commission.intake.archive import load_letters
from tests.factories import CommissionFactory, PersonFactory

LETTERS = [
    {
        "id": "a",
        "title": "Letter about Marfa Ignatyevna Zotova",
        "written_on": "1921-03-02",
        "text": "Comrades, I knew Zotova at the tannery in Tver. She organised the night "
        "school and never missed a meeting. I ask that she be retained.",
    },
    {
        "id": "b",
        "title": "Letter from the tannery cell",
        "written_on": "1921-06-11",
        "text": "The cell of the tannery asks the commission to hear comrade Zotova again. "
        "The charge of drunkenness was brought by a man who owed her money.",
    },
    {
        "id": "c",
        "title": "Note on a railway depot",
        "written_on": "1920-11-30",
        "text": "At the railway depot the night shift reads Pravda aloud. Nothing is known "
        "against comrade Lebedev, who leads the reading.",
    },
    {
        "id": "d",
        "title": "Report on a drunken brawl",
        "written_on": "1921-09-05",
        "text": "Lebedev was drunk at the depot and struck the foreman. Abuse of office "
        "is alleged; witnesses were not heard.",
    },
]


def write_letters(path: Path, letters: list[dict]) -> Path:
    path.write_text("".join(json.dumps(letter) + "\n" for letter in letters), encoding="utf-8")
    return path


@pytest.fixture
def letters(clerk, tmp_path) -> dict[str, Document]:
    load_letters(actor=clerk, path=write_letters(tmp_path / "letters.jsonl", LETTERS))
    by_title = {d.title: d for d in Document.objects.all()}
    return {letter["id"]: by_title[letter["title"]] for letter in LETTERS}


@pytest.fixture
def confidential_case(letters) -> Case:
    """Letter d filed on a confidential case."""
    commission = CommissionFactory(ref="C-depot")
    case = Case.objects.create(
        ref="K-depot",
        subject=PersonFactory(surname="Lebedev"),
        commission=commission,
        kind="expulsion",
        confidential=True,
    )
    CaseDocument.objects.create(
        case=case, document=letters["d"], role="evidence", filed_at=timezone.now()
    )
    return case

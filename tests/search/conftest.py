"""Letters for the search tests, registered through the real write path (load_letters), and
every test run once on each search backend: the embedded engine and the database's own.

A test runs inside a transaction that never commits, so what the write services leave for
after the commit (the embedded index applying the change log) is run where the test says the
transaction would have committed: `committed()`. Work rolled back inside it leaves nothing to
run, as after a real rollback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commission.cases.models import Case
from commission.cases.services import file_document
from commission.documents.models import Document
from commission.intake.archive import load_letters
from commission.search.embedded import drop_index
from commission.search.services import index_letters
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


@pytest.fixture(params=["embedded", "database"], autouse=True)
def search_backend(request, settings):
    settings.SEARCH_BACKEND = request.param
    settings.SEARCH_FOLLOW_SECONDS = 0
    yield request.param
    drop_index()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs, at the end of the block, what would run after its commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def reindex(committed):
    """Reindex letters changed behind the services' back, as a service would."""

    def run(*documents: Document) -> None:
        with committed():
            index_letters([d.pk for d in documents])

    return run


@pytest.fixture
def letters(clerk, tmp_path, committed) -> dict[str, Document]:
    with committed():
        load_letters(actor=clerk, path=write_letters(tmp_path / "letters.jsonl", LETTERS))
    by_title = {d.title: d for d in Document.objects.all()}
    return {letter["id"]: by_title[letter["title"]] for letter in LETTERS}


@pytest.fixture
def confidential_case(letters, chair, committed) -> Case:
    """Letter d filed on a confidential case."""
    commission = CommissionFactory(ref="C-depot")
    case = Case.objects.create(
        ref="K-depot",
        subject=PersonFactory(surname="Lebedev"),
        commission=commission,
        kind="expulsion",
        confidential=True,
    )
    with committed():
        file_document(actor=chair, case=case, document=letters["d"], role="evidence")
    return case

"""The registry import and export speak the user's language: a refused row, the report of
skipped rows and the summary, whichever process reads the files."""

from __future__ import annotations

import csv

import pytest
from django.utils import translation

from commission.audit.models import AuditEvent
from commission.core.errors import InvalidInput
from commission.registry.interchange import export_registry, import_registry, importer
from tests.factories import PersonFactory
from tests.registry.test_interchange import write

pytestmark = pytest.mark.django_db(transaction=False)

TIE_TO_NOBODY = '{"type": "relationship", "source": "P1", "target": "P9", "kind": "sibling"}\n'
PEOPLE = "".join(
    f'{{"type": "person", "id": "P{n}", "given_name": "Ivan", "surname": "Petrov{n}"}}\n'
    for n in (1, 2, 3)
)


@pytest.mark.parametrize("beside", [False, True], ids=["here", "second process"])
def test_a_refused_row_is_told_in_russian_to_a_russian_user(clerk, tmp_path, monkeypatch, beside):
    if beside:
        monkeypatch.setattr(importer, "_BULK_BYTES", 0)
    path = write(tmp_path / "reg.jsonl", PEOPLE + TIE_TO_NOBODY)
    with translation.override("ru"), pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    assert refused.value.message == (
        'reg.jsonl, строка 4, поле target: нет человека "P9" ни выше в этом импорте, ни в реестре.'
    )


def test_a_bad_csv_header_is_told_in_russian(clerk, tmp_path):
    path = write(tmp_path / "people.csv", "id,given_name,shoe_size\nP1,Ivan,44\n")
    with translation.override("ru"), pytest.raises(InvalidInput) as refused:
        import_registry(actor=clerk, paths=[path])
    assert refused.value.message.startswith(
        "people.csv, строка 1, столбец shoe_size: в файле people.csv нет такого столбца;"
    )


def test_the_summary_and_the_report_of_skipped_rows_are_in_russian(clerk, tmp_path):
    PersonFactory(ref="existing")
    path = write(tmp_path / "reg.jsonl", PEOPLE + TIE_TO_NOBODY + TIE_TO_NOBODY)
    report = tmp_path / "bad.csv"
    with translation.override("ru"):
        result = import_registry(actor=clerk, paths=[path], skip_bad_rows=True, report_path=report)
        summary = result.summary()
    assert summary == f"Импортировано: 3 человека. Пропущены 2 плохие строки; см. {report}."
    with report.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][3] == 'нет человека "P9" ни выше в этом импорте, ни в реестре.'


def test_counts_take_the_singular_for_one(clerk, tmp_path):
    path = write(tmp_path / "reg.jsonl", PEOPLE.splitlines(keepends=True)[0])
    assert import_registry(actor=clerk, paths=[path]).summary() == "Imported 1 person."
    with translation.override("ru"):
        assert import_registry(actor=clerk, paths=[write(tmp_path / "e.jsonl", "")]).summary() == (
            "Ничего не импортировано."
        )


def test_the_trail_keeps_the_summary_in_the_installations_language(clerk, tmp_path):
    path = write(tmp_path / "reg.jsonl", PEOPLE)
    with translation.override("ru"):
        import_registry(actor=clerk, paths=[path])
        export_registry(actor=clerk, destination=tmp_path / "out.jsonl")
    summaries = list(
        AuditEvent.objects.filter(target_type="registry")
        .order_by("seq")
        .values_list("summary", flat=True)
    )
    assert summaries[0] == "Imported 3 people."
    assert summaries[1].startswith("Exported 3 people to ")

"""A filed letter's title is written in the letter's own language."""

from __future__ import annotations

from commission.documents.models import Document
from commission.intake.services.ingest import ingest_upload


def _filed_title(actor, text: str) -> str:
    report = ingest_upload(actor=actor, data=text.encode("utf-8"), file_name="letter.txt")
    (document_id,) = report.documents
    return Document.objects.get(pk=document_id).title


def test_a_russian_letters_title_is_in_russian(clerk):
    title = _filed_title(
        clerk,
        "Тов. Шкирятову!\n\nПрошу проверить дело члена партии Тюрина Алексея Павловича, "
        "исключённого уездной комиссией без всяких оснований.\n\nМ. Тюрина\n12 января 1922 г.\n",
    )
    assert title == (
        "М. Тюрина — адресат: Шкирятов, 12 января 1922 г.; по делу: Тюрин Алексей Павлович"
    )


def test_an_english_letters_title_is_in_english(clerk):
    title = _filed_title(
        clerk,
        "Dear Comrade Solts,\n\nI ask you to look into the case of Comrade Ivan Belov, expelled "
        "by the uyezd commission without any grounds.\n\nP. Fomin\n3 March 1921\n",
    )
    assert title == "P. Fomin to Solts, 3 March 1921 — about Ivan Belov"

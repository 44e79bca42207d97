"""The case dossier: the whole file of a case as a PDF, at a chosen day, in the reader's language,
with what the reader may see and nothing more; its pages are rendered and read back."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from commission.audit.models import AuditEvent
from commission.cases.models import Case
from commission.core.audit_actions import AuditAction
from commission.demo.loader import load_demo

ADDRESS = "3 House of Soviets"


@pytest.fixture
def appeal(db, settings) -> Case:
    settings.COMMISSION_TODAY = ""
    load_demo()
    return Case.objects.filter(kind="appeal", subject__ref="P-kasparova-popova").latest("pk")


def _pages(path: Path, name: str) -> list[str]:
    """The text of each page, and each page rendered to PNG beside the screenshots."""
    pdf = pdfium.PdfDocument(str(path))
    shots = Path(settings.VAR_DIR) / "screenshots" / "dossier"
    shots.mkdir(parents=True, exist_ok=True)
    texts = []
    for number in range(len(pdf)):
        page = pdf[number]
        page.render(scale=1).to_pil().save(shots / f"{name}-{number + 1}.png")
        texts.append(page.get_textpage().get_text_range())
    return texts


def test_the_auditor_gets_the_whole_file_with_contents_page_numbers_and_trail(appeal, tmp_path):
    out = tmp_path / "dossier.pdf"
    call_command("dossier", appeal.ref, "--pdf", str(out), "--as", "auditor")
    pages = _pages(out, "auditor-en")
    text = "\n".join(pages)
    assert len(pages) >= 3
    assert "Case dossier" in pages[0]
    for heading in ("1. The subject", "3. Documents on file", "7. Decisions", "8. The audit trail"):
        assert heading in pages[0], heading  # the table of contents
        assert heading in text.split("Contents", 1)[1]
    assert all(f"Page {n}" in page for n, page in enumerate(pages, 1))
    assert "Lenin to Zalutsky and Solts" in text
    assert "Reinstate" in text
    assert ADDRESS in text  # the auditor may see personal data
    assert "Filed" in text  # the case's own events
    made = AuditEvent.objects.filter(action=AuditAction.CASE_DOSSIER).get()
    assert (made.actor_name, made.target_id) == ("auditor", str(appeal.pk))


def test_the_dossier_of_a_day_before_the_decision_holds_no_decision(appeal, tmp_path):
    out = tmp_path / "before.pdf"
    call_command("dossier", appeal.ref, "--pdf", str(out), "--on", "1921-12-25", "--as", "chair")
    text = "\n".join(_pages(out, "chair-1921-12-25"))
    assert "as it stood at the end of 25 December 1921" in text
    assert "Reinstate —" not in text
    # The chair does not read the audit trail: its section says so.
    assert "The audit trail is shown only to roles allowed to read it." in text


def test_the_dossier_speaks_russian(appeal, tmp_path):
    out = tmp_path / "ru.pdf"
    call_command("dossier", appeal.ref, "--pdf", str(out), "--language", "ru", "--as", "auditor")
    text = "\n".join(_pages(out, "auditor-ru"))
    assert "Досье дела" in text
    assert "Содержание" in text
    assert "Страница 1" in text
    assert "10 января 1922" in text


def test_the_member_downloads_her_own_dossier_and_not_another_s(appeal, client):
    client.force_login(User.objects.get(username="member"))
    answer = client.get(reverse("reports:dossier", args=[appeal.ref]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "no-store" in answer["Cache-Control"]
    assert answer.content.startswith(b"%PDF")
    other = Case.objects.exclude(subject__ref="P-kasparova-popova").first()
    assert client.get(reverse("reports:dossier", args=[other.ref])).status_code == 404
    bad = client.get(reverse("reports:dossier", args=[appeal.ref]), {"on": "25.12.1921"})
    assert bad.status_code == 400


def test_an_unknown_case_or_day_is_said_in_a_sentence(appeal, tmp_path):
    with pytest.raises(CommandError, match="There is no case K-none that you may see"):
        call_command("dossier", "K-none", "--pdf", str(tmp_path / "x.pdf"), "--as", "auditor")
    with pytest.raises(CommandError, match="Give --on as a day written YYYY-MM-DD"):
        call_command("dossier", appeal.ref, "--pdf", str(tmp_path / "x.pdf"), "--on", "Xmas")


def test_a_long_footer_wraps_short_of_the_page_number(appeal, tmp_path):
    """The footer names the case and the day; in Russian it is longer than the room beside
    the page number, and wraps rather than running into it."""
    out = tmp_path / "ru.pdf"
    call_command("dossier", appeal.ref, "--pdf", str(out), "--language", "ru", "--as", "auditor")
    pdf = pdfium.PdfDocument(str(out))
    page = pdf[0]
    text = page.get_textpage()
    whole = text.get_text_range()
    at = whole.index("Страница 1")
    boxes = [text.get_charbox(i) for i in range(len(whole))]
    text.close()
    page.close()
    pdf.close()
    number = boxes[at : at + len("Страница 1")]
    left = min(b[0] for b in number)
    bottom, top = min(b[1] for b in number), max(b[3] for b in number)
    beside = [
        b for i, b in enumerate(boxes)
        if not at <= i < at + len("Страница 1") and b[1] < top and b[3] > bottom and b[2] > b[0]
    ]  # fmt: skip
    assert beside, "the footer's last line shares the page number's line"
    assert all(b[2] < left for b in beside)

"""Outcome letters: drafted per outcome and language with grounds and appeal rights, previewed,
signed by the chair, filed on the case as a sent document; the PDF really renders."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases import letters, services
from commission.cases.enums import CaseKind, CaseState, FilingRole, LetterState
from commission.cases.models import CaseDocument, OutcomeLetter
from commission.core.errors import InvalidInput, NotAllowed
from tests.cases.conftest import DECIDED_ON


def _appeal_decided(chair, h):
    case = services.open_case(
        actor=chair, subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        opened_on=dt.date(1921, 11, 1),
    )  # fmt: skip
    case = services.transition_case(
        actor=chair, case=case, to_state=CaseState.READY, reason="ready",
        expected_version=case.version,
    )  # fmt: skip
    expulsion = services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel",
        reasons="Passive.", votes=dict.fromkeys(h.district_commissioners, "for"),
        decided_on=dt.date(1921, 11, 20),
    )  # fmt: skip
    appeal = services.open_appeal(
        actor=chair, decision=expulsion, statement="I worked well.", filed_on=dt.date(1921, 11, 25)
    )
    appeal = services.transition_case(
        actor=chair, case=appeal, to_state=CaseState.READY, reason="ready",
        expected_version=appeal.version,
    )  # fmt: skip
    return services.record_decision(
        actor=chair, case=appeal, expected_version=appeal.version, outcome="reinstate",
        reasons="Her work was seen at close range.",
        votes=dict.fromkeys(h.gubernia_commissioners, "for"), decided_on=DECIDED_ON,
    )  # fmt: skip


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_appeal_decision_drafts_four_letters_with_appeal_rights(chair, hierarchy):
    decision = _appeal_decided(chair, hierarchy)
    made = letters.draft_outcome_letters(actor=chair, decision=decision)
    assert sorted((m.recipient_kind, m.language) for m in made) == [
        ("appealed_commission", "en"), ("appealed_commission", "ru"),
        ("member", "en"), ("member", "ru"),
    ]  # fmt: skip
    en = next(m for m in made if (m.recipient_kind, m.language) == ("member", "en"))
    assert en.body.startswith(
        "Dear Nadezhda Sergeyevna Alliluyeva,\n\nThe Gubernia Commission has examined your case "
        "and decided to reinstate you"
    )
    assert "Reasons: Her work was seen at close range." in en.body
    assert "(3 for, 0 against, 0 abstaining)" in en.body
    assert (
        "You may appeal against this decision to the Central Commission until 24 December 1921"
        in en.body
    )
    ru = next(m for m in made if (m.recipient_kind, m.language) == ("member", "ru"))
    assert "постановила восстановить Вас" in ru.body
    assert "до 24 декабря 1921" in ru.body
    to_lower = next(
        m for m in made if (m.recipient_kind, m.language) == ("appealed_commission", "en")
    )
    assert to_lower.recipient_name == "District Commission"
    assert "against your decision of 20 November 1921 and decided: reinstate." in to_lower.body
    # Drafting again keeps what is there.
    assert len(letters.draft_outcome_letters(actor=chair, decision=decision)) == 4
    assert OutcomeLetter.objects.count() == 4


def test_preview_renders_cyrillic_and_signing_files_a_sent_document(chair, hierarchy):
    decision = _appeal_decided(chair, hierarchy)
    ru = next(
        m for m in letters.draft_outcome_letters(actor=chair, decision=decision)
        if (m.recipient_kind, m.language) == ("member", "ru")
    )  # fmt: skip
    preview = _text(letters.preview_pdf(ru))
    assert "Уважаемая Nadezhda Sergeyevna Alliluyeva!" in preview
    assert "ПРОЕКТ" in preview
    signed = letters.sign_outcome_letter(actor=chair, letter=ru)
    assert signed.state == LetterState.SIGNED
    text = _text(bytes(signed.pdf))
    assert "Председатель комиссии: chair" in text
    filing = CaseDocument.objects.get(document=signed.document)
    assert (filing.case_id, filing.role) == (decision.case_id, FilingRole.CORRESPONDENCE)
    assert AuditEvent.objects.filter(action="letter.sign").count() == 1
    with pytest.raises(InvalidInput, match="already signed"):
        letters.sign_outcome_letter(actor=chair, letter=signed)


def test_only_the_chair_signs_and_nothing_changes(clerk, chair, hierarchy):
    decision = _appeal_decided(chair, hierarchy)
    letter = letters.draft_outcome_letters(actor=chair, decision=decision)[0]
    with pytest.raises(NotAllowed):
        letters.sign_outcome_letter(actor=clerk, letter=letter)
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT
    assert not CaseDocument.objects.filter(role=FilingRole.CORRESPONDENCE).exists()


def test_pages_api_and_cli(client, capsys, tmp_path, chair, hierarchy):
    decision = _appeal_decided(chair, hierarchy)
    ref = decision.case.ref
    client.force_login(chair)
    assert client.post(f"/cases/{ref}/letters/").status_code == 302
    page = client.get(f"/cases/{ref}/letters/")
    assert "Letter to Nadezhda Sergeyevna Alliluyeva (en)" in page.content.decode()
    letter = OutcomeLetter.objects.get(recipient_kind="member", language="en")
    pdf = client.get(f"/cases/letters/{letter.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "DRAFT" in _text(pdf.content)
    api = APIClient()
    api.force_authenticate(chair)
    signed = api.post(f"/api/v1/outcome-letters/{letter.pk}/sign/", format="json")
    assert signed.status_code == 200
    assert signed.json()["state"] == "signed"
    other = OutcomeLetter.objects.get(recipient_kind="member", language="ru")
    out = tmp_path / "letter.pdf"
    call_command("case", "sign-letter", str(other.pk), "--out", str(out), "--as", "chair")
    assert "Председатель комиссии" in _text(out.read_bytes())
    assert f"Signed letter {other.pk}" in capsys.readouterr().out


def test_the_russian_letter_to_the_commission_below_declines_the_members_name(chair, hierarchy):
    """«жалобу Надежды Сергеевны Аллилуевой», «учёт Надежды Сергеевны Аллилуевой»: the member's
    name in the genitive, as the sentence needs, when the registry holds it in Cyrillic."""
    from commission.registry.models import PersonName

    subject = hierarchy.subject
    subject.gender = "female"
    subject.save(update_fields=["gender"])
    PersonName.objects.create(person=subject, kind="variant", value="Надежда Сергеевна Аллилуева")
    decision = _appeal_decided(chair, hierarchy)
    made = letters.draft_outcome_letters(actor=chair, decision=decision)
    ru = next(m for m in made if (m.recipient_kind, m.language) == ("appealed_commission", "ru"))
    assert "рассмотрела жалобу Надежды Сергеевны Аллилуевой на Ваше постановление" in ru.body
    assert "Просим привести учёт Надежды Сергеевны Аллилуевой в соответствие" in ru.body

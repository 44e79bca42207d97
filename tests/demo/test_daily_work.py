"""`commission demo` plays the Central Commission's daily work on the two appeals: assigned to
its members, heard at one sitting with its docket and minutes, each reinstatement with its
outcome letters in Russian and English signed by the chair; and the secretary's note on
Letter 2, made by the reader, is one of the notes on documents."""

from __future__ import annotations

import pytest

from commission.cases.models import (
    Case,
    CaseDocument,
    Decision,
    DocketEntry,
    DocumentNote,
    OutcomeLetter,
    Sitting,
)
from commission.demo.loader import ILLUSTRATIVE, load_demo

APPEALS = ["P-n-alliluyeva", "P-kasparova-popova"]


@pytest.fixture
def demo(db):
    load_demo()


def test_the_appeals_are_with_the_central_commissions_members_marked_illustrative(demo):
    cases = Case.objects.filter(kind="appeal", commission__ref="C-central")
    assert sorted(
        (
            c.subject.ref,
            c.rapporteur.ref,
            c.assignments.get().reason.startswith("Rapporteur " + ILLUSTRATIVE),
        )
        for c in cases
    ) == [("P-kasparova-popova", "P-zalutsky", True), ("P-n-alliluyeva", "P-solts", True)]


def test_one_sitting_hears_both_appeals_in_docket_order(demo):
    sitting = Sitting.objects.get()
    docket = DocketEntry.objects.filter(sitting=sitting).order_by("position")
    assert (sitting.state, [e.case.subject.ref for e in docket], ILLUSTRATIVE in sitting.place) == (
        "held",
        APPEALS,
        True,
    )


def test_the_decisions_record_the_sitting_its_quorum_and_who_was_present(demo):
    decisions = Decision.objects.filter(sitting__isnull=False, outcome="reinstate")
    assert sorted(
        (d.case.subject.ref, d.quorum_needed, sorted(p.ref for p in d.present.all()))
        for d in decisions
    ) == [
        ("P-kasparova-popova", 2, ["P-solts", "P-zalutsky"]),
        ("P-n-alliluyeva", 2, ["P-solts", "P-zalutsky"]),
    ]


def test_the_minutes_are_filed_on_both_cases(demo):
    sitting = Sitting.objects.get()
    filed = CaseDocument.objects.filter(document=sitting.minutes_document, role="minutes")
    assert sorted(f.case.subject.ref for f in filed) == sorted(APPEALS)


def test_each_reinstatement_sends_the_member_a_letter_in_russian_and_english_signed(demo):
    letters = OutcomeLetter.objects.filter(recipient_kind="member")
    assert sorted(
        (x.decision.case.subject.ref, x.language, x.state, x.signed_by.username) for x in letters
    ) == [
        ("P-kasparova-popova", "en", "signed", "chair"),
        ("P-kasparova-popova", "ru", "signed", "chair"),
        ("P-n-alliluyeva", "en", "signed", "chair"),
        ("P-n-alliluyeva", "ru", "signed", "chair"),
    ]


def test_the_russian_letter_greets_her_as_a_woman_and_is_signed_by_the_chair_by_name(demo):
    letter = OutcomeLetter.objects.get(
        recipient_kind="member", language="ru", decision__case__subject__ref="P-n-alliluyeva"
    )
    assert (letter.body.splitlines()[0], letter.pdf[:5]) == (
        "Уважаемая Надежда Сергеевна Аллилуева!",
        b"%PDF-",
    )


def test_the_secretarys_note_is_a_note_on_the_document_made_by_the_reader(demo):
    note = DocumentNote.objects.get()
    words = note.document.notes_text[note.start : note.end]
    assert (
        note.from_reading, note.part, note.author.ref, note.on_behalf_of.ref,
        note.case.subject.ref, len(note.followed_up_as.split(", ")), words == note.quote,
    ) == (True, "notes", "P-lepeshinskaya", "P-lenin", "P-kasparova-popova", 4, True)  # fmt: skip

"""DESIGN.md §1: the two seed files, ingested in either order and twice, on the demo database,
and accepted by the clerk, give exactly the seed story."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from commission.cases import models as case_models
from commission.cases.models import Case, ReportedOutcome
from commission.demo.loader import DEMO_LETTERS, load_demo
from commission.documents.models import Document
from commission.inquiries.models import Inquiry
from commission.inquiries.witnesses import find_witnesses
from commission.intake.models import Proposal
from commission.intake.services import accept_all, ingest_paths
from commission.registry.models import ContactDetail, Mention, Person, Relationship
from commission.registry.queries import person_detail

ARCHIVE_PAGE = DEMO_LETTERS / "000_975b19a40894c24e.txt"
WIKI_PAGE = DEMO_LETTERS / "001_a352e46885aa233d.txt"


def _ingest(order: list[Path]) -> None:
    clerk = User.objects.get(username="clerk")
    for _ in range(2):
        report = ingest_paths(actor=clerk, paths=order)
        assert report.errors == []
        for document in Document.objects.all():
            accept_all(actor=clerk, document=document)


@pytest.fixture
def demo(db):
    load_demo(letters=False)


@pytest.mark.parametrize("order", [[ARCHIVE_PAGE, WIKI_PAGE], [WIKI_PAGE, ARCHIVE_PAGE]])
def test_seed_letters_give_the_seed_story(demo, order):
    people_before = Person.objects.count()
    _ingest(order)

    # Exactly two letters; Letter 1 with two copies from two sources.
    letters = list(Document.objects.order_by("written_on", "title"))
    assert len(letters) == 2
    by_subject = {
        m.person.ref: m.document
        for m in Mention.objects.filter(role="subject").select_related("person", "document")
    }
    letter1, letter2 = by_subject["P-n-alliluyeva"], by_subject["P-kasparova-popova"]
    assert letter1 != letter2
    assert (
        sorted(letter1.copies.values_list("channel", flat=True))
        == [
            "telephone",
            "wiki_page",
        ]
        or sorted(letter1.copies.values_list("channel", flat=True))[1] == "wiki_page"
    )
    assert letter1.copies.count() == 2
    assert letter2.copies.count() == 1
    for letter in letters:
        assert str(letter.written_on) == "1921-12-20"
        assert str(letter.written_at) == "20:00:00"
    # Nobody new: everyone in the letters is in the demo registry ("Kerensky", only mentioned,
    # is left for the clerk to decide).
    assert Person.objects.count() == people_before

    # The people linked in their roles.
    def roles(letter):
        return {(m.person.ref, m.role) for m in letter.mentions.select_related("person")}

    assert {
        ("P-lenin", "author"), ("P-zalutsky", "addressee"), ("P-solts", "addressee"),
        ("P-n-alliluyeva", "subject"), ("P-s-alliluyev", "relative"),
        ("P-o-alliluyeva", "relative"), ("P-a-alliluyeva", "relative"),
        ("P-zinoviev", "mentioned"),
    } <= roles(letter1)  # fmt: skip
    assert {
        ("P-lenin", "author"), ("P-zalutsky", "addressee"), ("P-solts", "addressee"),
        ("P-kasparova-popova", "subject"), ("P-v-kasparov", "relative"), ("P-popov", "relative"),
        ("P-sverdlov", "mentioned"), ("P-lepeshinskaya", "annotator"), ("P-stalin", "witness"),
        ("P-safarov", "witness"), ("P-zinoviev", "witness"), ("P-kornblyum", "witness"),
    } <= roles(letter2)  # fmt: skip

    # Two cases about the two expulsions, each with its letter filed as Lenin's testimony.
    for subject, letter, basis in [
        ("P-n-alliluyeva", letter1, "observed_work"),
        ("P-kasparova-popova", letter2, "knows_relative"),
    ]:
        case = Case.objects.get(subject__ref=subject, filings__document=letter)
        assert case.commission.ref == "C-central"
        assert case.filings.get(document=letter).role == "testimony"
        testimony = case_models.Testimony.objects.get(case=case, document=letter)
        assert (testimony.witness.ref, testimony.stance, testimony.basis) == (
            "P-lenin", "for", basis,
        )  # fmt: skip
        # The reinstatement reported by the editors' footnote, for the chair to record.
        assert list(
            ReportedOutcome.objects.filter(case=case).values_list("outcome", flat=True)
        ) == ["reinstate"]

    # Family and acquaintance ties, with the letter as their evidence.
    def tie(source, kind, target):
        return Relationship.objects.get(source__ref=source, kind=kind, target__ref=target)

    assert tie("P-lenin", "observed_work", "P-n-alliluyeva").evidence == letter1
    assert tie("P-s-alliluyev", "parent", "P-n-alliluyeva").evidence == letter1
    assert tie("P-n-alliluyeva", "sheltered", "P-lenin").evidence == letter1
    assert tie("P-s-alliluyev", "sheltered", "P-zinoviev").evidence == letter1
    assert tie("P-lenin", "knew_abroad", "P-v-kasparov").evidence == letter2
    assert tie("P-lenin", "knew_abroad", "P-v-kasparov").strength == 5
    assert tie("P-sverdlov", "sent", "P-popov").evidence == letter2

    # Four open urgent inquiries on the Kasparova-Popova case, asked on Lenin's behalf.
    inquiries = Inquiry.objects.filter(subject__ref="P-kasparova-popova")
    assert sorted(i.recipient.ref for i in inquiries) == [
        "P-kornblyum", "P-safarov", "P-stalin", "P-zinoviev",
    ]  # fmt: skip
    assert {(i.urgency, i.state, i.requested_by.ref, i.source_document_id) for i in inquiries} == {
        ("urgent", "sent", "P-lenin", letter2.pk)
    }
    assert {i.case.subject.ref for i in inquiries} == {"P-kasparova-popova"}

    # Contact details, visible only to those allowed to see personal data.
    contacts = ContactDetail.objects.filter(person__ref="P-kasparova-popova")
    assert sorted(contacts.values_list("kind", "value")) == [
        ("address", "3 House of Soviets, Flat 63"), ("phone", "58–97"),
    ]  # fmt: skip
    kasparova = Person.objects.get(ref="P-kasparova-popova")
    member = User.objects.get(username="member")
    clerk = User.objects.get(username="clerk")
    assert person_detail(person_id=kasparova.pk, viewer=member).contacts is None
    assert len(person_detail(person_id=kasparova.pk, viewer=clerk).contacts or []) == 2

    # Nothing is pending that the clerk was meant to accept.
    pending = Proposal.objects.filter(state="pending").values_list("summary", flat=True)
    assert [p for p in pending if "Kerensky" not in p] == []


def test_witness_search_names_the_author_and_the_people_asked(demo):
    _ingest([ARCHIVE_PAGE, WIKI_PAGE])
    kasparova = Person.objects.get(ref="P-kasparova-popova")
    case = Case.objects.get(subject=kasparova, filings__isnull=False)
    found = {c.person.ref: c for c in find_witnesses(subject=kasparova, case=case)}
    assert found["P-lenin"].paths[0] == (
        "knew abroad Vyacheslav Mikhailovich Kasparov, her brother"
    )
    assert found["P-sverdlov"].paths == ["sent on assignment Popov, her husband"]
    for ref in ("P-stalin", "P-safarov", "P-zinoviev", "P-kornblyum"):
        assert "asked" in found[ref].marks
        assert (
            found[ref].paths[-1] == "asked by the commission (urgent, sent, due 27 December 1921)"
        )

    alliluyeva = Person.objects.get(ref="P-n-alliluyeva")
    found = {c.person.ref: c for c in find_witnesses(subject=alliluyeva)}
    assert "observed the work of Nadezhda Sergeyevna Alliluyeva" in found["P-lenin"].paths
    assert "sheltered by Nadezhda Sergeyevna Alliluyeva" in found["P-zinoviev"].paths


def test_the_full_demo_records_the_reinstatements(db):
    load_demo()
    for ref in ("P-n-alliluyeva", "P-kasparova-popova"):
        person = Person.objects.get(ref=ref)
        membership = person.memberships.get()
        assert membership.status == "member"
        last = membership.history.order_by("-id").first()
        assert last.to_status == "member"
        assert last.decision.outcome == "reinstate"
        assert last.decision.reported_by is not None
    assert load_demo().messages == []  # a second run adds nothing

"""A reply to the commission's inquiry, read at intake: the letter from the person asked, naming
the person asked about, is proposed as the answer to that open inquiry; accepting it answers
the inquiry and files the reply on the case as testimony. A reply that matches no open inquiry
proposes nothing of the kind, and one whose inquiry closed meanwhile is refused in a sentence."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from commission.cases import models as case_models
from commission.core.errors import InvalidInput
from commission.demo.loader import DEMO_DIR, load_demo
from commission.documents.models import Document
from commission.inquiries import services as inquiry_services
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal
from commission.intake.services import accept_all, accept_proposal, ingest_upload

SAFAROV_REPLY = DEMO_DIR / "replies" / "invented-reply-from-safarov.txt"


@pytest.fixture
def story(db):
    load_demo(decide=False)
    return User.objects.get(username="clerk")


def _safarov_inquiry() -> Inquiry:
    return Inquiry.objects.get(recipient__ref="P-safarov", subject__ref="P-kasparova-popova")


def _upload(clerk, data: bytes, name: str) -> Document:
    report = ingest_upload(actor=clerk, data=data, file_name=name)
    assert report.errors == []
    return Document.objects.order_by("-pk").first()


def test_a_reply_is_proposed_as_the_answer_to_the_open_inquiry(story):
    inquiry = _safarov_inquiry()
    reply = _upload(story, SAFAROV_REPLY.read_bytes(), SAFAROV_REPLY.name)
    (answer,) = Proposal.objects.filter(document=reply, kind="answer")
    assert answer.payload["inquiry"] == inquiry.ref
    assert answer.payload["stance"] == "neutral"
    assert answer.payload["basis"] == "observed_work"
    assert answer.summary == (
        f"Record the letter as Georgy Ivanovich Safarov's answer to inquiry {inquiry.ref} about "
        "Yevgenia Mikhailovna Kasparova-Popova (urgent, due 27 December 1921), filed on case "
        f"{inquiry.case.ref} as testimony: neutral; personal observation of work."
    )
    assert answer.span_text == "G. Safarov"


def test_accepting_everything_answers_the_inquiry_and_files_one_testimony(story):
    reply = _upload(story, SAFAROV_REPLY.read_bytes(), SAFAROV_REPLY.name)
    _accepted, left = accept_all(actor=story, document=reply)
    assert left == []
    inquiry = _safarov_inquiry()
    assert inquiry.state == "answered"
    assert inquiry.answer_document == reply
    (testimony,) = case_models.Testimony.objects.filter(document=reply)
    assert (testimony.witness.ref, testimony.case, testimony.stance, testimony.basis) == (
        "P-safarov", inquiry.case, "neutral", "observed_work",
    )  # fmt: skip
    answer = Proposal.objects.get(document=reply, kind="answer")
    assert (answer.state, answer.result_type, answer.result_id) == (
        "accepted", "inquiries.inquiry", str(inquiry.pk),
    )  # fmt: skip
    # The other three inquiries from the same note are still waiting.
    assert Inquiry.objects.filter(subject__ref="P-kasparova-popova", state="sent").count() == 3


def test_the_clerk_gives_the_stance_and_basis_when_the_reply_does_not_say(story):
    text = (
        "To Comrade Solts.\n\nIn answer to your inquiry about Comrade Yevgenia Kasparova-Popova: "
        "she is a good comrade.\n\nG. Safarov\n24 December 1921\n"
    )
    reply = _upload(story, text.encode(), "short-reply.txt")
    answer = Proposal.objects.get(document=reply, kind="answer")
    assert answer.payload["basis"] == ""
    for person in Proposal.objects.filter(document=reply, kind="person"):
        accept_proposal(actor=story, proposal=person)
    with pytest.raises(InvalidInput, match="does not say how Georgy Ivanovich Safarov knows"):
        accept_proposal(actor=story, proposal=answer)
    assert _safarov_inquiry().state == "sent"
    accept_proposal(actor=story, proposal=answer, edits={"stance": "for", "basis": "hearsay"})
    (testimony,) = case_models.Testimony.objects.filter(document=reply)
    assert (testimony.stance, testimony.basis) == ("for", "hearsay")


def test_a_reply_whose_inquiry_was_withdrawn_is_refused_and_changes_nothing(story):
    reply = _upload(story, SAFAROV_REPLY.read_bytes(), SAFAROV_REPLY.name)
    inquiry = _safarov_inquiry()
    inquiry_services.withdraw_inquiry(
        actor=story, inquiry=inquiry, reason="Asked in person.", expected_version=inquiry.version
    )
    _accepted, left = accept_all(actor=story, document=reply)
    assert [sentence for sentence in left if "answer" in sentence] == [
        f"{Proposal.objects.get(document=reply, kind='answer').summary} — not accepted: This "
        "letter matches no open inquiry: Georgy Ivanovich Safarov has no open inquiry about "
        f"Yevgenia Mikhailovna Kasparova-Popova (inquiry {inquiry.ref} is withdrawn). Reject "
        "this proposal; the letter can still be filed on the case."
    ]
    assert _safarov_inquiry().state == "withdrawn"
    assert Proposal.objects.get(document=reply, kind="answer").state == "pending"


def test_a_letter_from_someone_never_asked_proposes_no_answer(story):
    text = (
        "To Comrade Solts.\n\nIn answer to your inquiry about Comrade Yevgenia Kasparova-Popova: "
        "I knew her while she worked at the food section.\n\nA. Solts\n24 December 1921\n"
    )
    reply = _upload(story, text.encode(), "not-asked.txt")
    assert not Proposal.objects.filter(document=reply, kind="answer").exists()


def test_the_review_page_asks_for_the_stance_and_basis_of_an_answer(client, story):
    text = (
        "To Comrade Solts.\n\nIn answer to your inquiry about Comrade Yevgenia Kasparova-Popova: "
        "she is a good comrade.\n\nG. Safarov\n24 December 1921\n"
    )
    reply = _upload(story, text.encode(), "short-reply.txt")
    answer = Proposal.objects.get(document=reply, kind="answer")
    for person in Proposal.objects.filter(document=reply, kind="person"):
        accept_proposal(actor=story, proposal=person)
    client.force_login(story)
    page = client.get(reverse("intake:review", args=[reply.pk])).content.decode()
    assert "Inquiries the letter answers" in page
    assert f'<select name="basis" id="answer-{answer.pk}-basis">' in page

    refused = client.post(reverse("intake:accept", args=[answer.pk]), {"stance": "for"})
    assert refused.status_code == 400
    assert "choose it before recording the answer" in refused.content.decode()
    assert _safarov_inquiry().state == "sent"

    client.post(
        reverse("intake:accept", args=[answer.pk]), {"stance": "for", "basis": "knows_family"}
    )
    inquiry = _safarov_inquiry()
    assert (inquiry.state, inquiry.answer_document) == ("answered", reply)
    testimony = case_models.Testimony.objects.get(document=reply)
    assert (testimony.stance, testimony.basis) == ("for", "knows_family")


def test_a_reply_accepted_after_the_decision_is_late_material_on_the_decided_case(db):
    """The reply arrives after the chair has decided: it is filed once, on the decided case, as
    material the decision did not see (the case page offers to reopen on it); no new case."""
    from commission.cases.queries import case_file

    load_demo()
    clerk = User.objects.get(username="clerk")
    decided = case_models.Case.objects.get(
        subject__ref="P-kasparova-popova", state="decided", kind="appeal"
    )
    cases_before = case_models.Case.objects.count()
    reply = _upload(clerk, SAFAROV_REPLY.read_bytes(), SAFAROV_REPLY.name)
    _accepted, left = accept_all(actor=clerk, document=reply)
    assert left == []
    assert case_models.Case.objects.count() == cases_before
    assert list(
        case_models.CaseDocument.objects.filter(document=reply).values_list("case__ref", flat=True)
    ) == [decided.ref]
    assert case_models.Testimony.objects.filter(document=reply).count() == 1
    (latest,) = [d for d in case_file(case_id=decided.pk).decisions if d.late_material]
    assert [f.document_id for f in latest.late_material] == [reply.pk]

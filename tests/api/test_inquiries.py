# The fixtures imported from tests/inquiries/conftest.py come back as test arguments.
# ruff: noqa: F811
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from commission.audit.models import AuditEvent
from commission.cases import models as case_models
from commission.documents.models import Document
from commission.inquiries import services
from commission.inquiries.models import Inquiry
from tests.factories import PersonFactory
from tests.inquiries.conftest import story  # noqa: F401

INQUIRIES = "/api/v1/inquiries/"
DUE = dt.date(1921, 12, 27)
REFUSED = "You may not use the commission's inquiries: your role does not allow it."
STALIN = {"ref": "P-stalin", "display_name": "Iosif Vissarionovich Dzhugashvili (Stalin)"}
SUBJECT = {"ref": "P-k", "display_name": "Yevgenia Kasparova-Popova"}


def stamp(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


@pytest.fixture
def inquiry_state(db):
    """Every inquiry, testimony, filing and audit event, to show that nothing changed."""

    def state() -> dict[str, list[dict[str, Any]]]:
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in (Inquiry, case_models.Testimony, case_models.CaseDocument, AuditEvent)
        }

    return state


def ask(actor, story, recipient=None, **kw) -> Inquiry:
    values = {
        "subject": story.subject, "recipient": recipient or story.stalin, "case": story.case,
        "question": "Give information about Comrade Kasparova.", "due_on": DUE,
        "urgency": "urgent", **kw,
    }  # fmt: skip
    return services.ask(actor=actor, **values)


def reply_document() -> Document:
    return Document.objects.create(title="Stalin's reply", text="I knew her.", fingerprint="b" * 64)


# --- Asking --------------------------------------------------------------------------------


def test_clerk_asks_a_question(api, clerk, story):
    answer = api(clerk).post(
        INQUIRIES,
        {"subject": "P-k", "recipient": "P-stalin", "case": "K-1", "due_on": "1921-12-27",
         "question": "Who else knows her well?", "urgency": "urgent", "requested_by": "P-lenin",
         "source_document": story.note.pk, "source_quote": "find out who else knows her"},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 201
    inquiry = Inquiry.objects.get()
    assert answer.json() == {
        "ref": inquiry.ref,
        "state": "sent",
        "urgency": "urgent",
        "subject": SUBJECT,
        "recipient": STALIN,
        "requested_by": {"ref": "P-lenin", "display_name": "Vladimir Ilyich Ulyanov (Lenin)"},
        "case": "K-1",
        "question": "Who else knows her well?",
        "due_on": "1921-12-27",
        "asked_by": "clerk",
        "source_document": story.note.pk,
        "source_quote": "find out who else knows her",
        "answer_document": None,
        "created_at": stamp(inquiry.created_at),
        "sent_at": stamp(inquiry.sent_at),
        "mailed_at": None,
        "answered_at": None,
        "escalated_at": None,
        "withdrawn_reason": "",
        "version": 1,
    }


def test_asking_again_from_the_same_note_answers_the_same_inquiry(api, clerk, story):
    body = {"subject": "P-k", "recipient": "P-stalin", "due_on": "1921-12-27",
            "question": "Who else knows her well?", "source_document": story.note.pk}  # fmt: skip
    client = api(clerk)

    first = client.post(INQUIRIES, body, format="json")
    again = client.post(INQUIRIES, body, format="json")

    assert again.json()["ref"] == first.json()["ref"]
    assert Inquiry.objects.count() == 1


def test_asking_the_dead_is_refused_naming_the_recipient(api, clerk, story, inquiry_state):
    before = inquiry_state()

    answer = api(clerk).post(
        INQUIRIES,
        {"subject": "P-k", "recipient": "P-sverdlov", "due_on": "1921-12-27", "question": "?"},
        format="json",
    )

    sentence = (
        "Yakov Mikhailovich Sverdlov is deceased (died 16 March 1919); an inquiry cannot be "
        "sent to them."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence, "errors": {"recipient": [sentence]}}
    assert inquiry_state() == before


def test_bad_values_are_named_field_by_field(api, clerk, story, inquiry_state):
    before = inquiry_state()

    answer = api(clerk).post(
        INQUIRIES,
        {"subject": "P-k", "recipient": "P-nobody", "due_on": "soon", "question": "?",
         "urgency": "very", "case": "K-9"},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 400
    assert answer.json()["errors"] == {
        "recipient": ["There is no person with the reference P-nobody."],
        "due_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
        "urgency": ['"very" is not an urgency; use one of normal, urgent.'],
        "case": ["There is no case with the reference K-9."],
    }
    assert inquiry_state() == before


@pytest.mark.parametrize(
    ("persona", "sentence"),
    [
        ("commissioner", "You may not send inquiries: your role does not allow it."),
        ("auditor", "You may not send inquiries: your role does not allow it."),
        ("member", REFUSED),
        ("outsider", REFUSED),
    ],
)
def test_only_clerks_and_chairs_ask(api, request, story, inquiry_state, persona, sentence):
    before = inquiry_state()

    answer = api(request.getfixturevalue(persona)).post(
        INQUIRIES,
        {"subject": "P-k", "recipient": "P-stalin", "due_on": "1921-12-27", "question": "?"},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert inquiry_state() == before


# --- Reading -------------------------------------------------------------------------------


def test_list_filters_by_state_case_recipient_mine_and_overdue(api, clerk, chair, story):
    today = dt.date.today()
    late = ask(clerk, story)
    later = ask(chair, story, recipient=story.author, due_on=today + dt.timedelta(days=7))
    draft = ask(clerk, story, recipient=story.chair_person, case=None, due_on=today, send=False)
    client = api(clerk)

    def refs(**query) -> list[str]:
        answer = client.get(INQUIRIES, query)
        assert answer.status_code == 200
        return [row["ref"] for row in answer.json()["results"]]

    assert refs() == [late.ref, draft.ref, later.ref]
    assert refs(state="drafted") == [draft.ref]
    assert refs(case="K-1") == [late.ref, later.ref]
    assert refs(recipient="P-lenin") == [later.ref]
    assert refs(mine="true") == [late.ref, draft.ref]
    assert refs(overdue="true") == [late.ref]


def test_one_inquiry_by_its_reference(api, commissioner, clerk, story):
    inquiry = ask(clerk, story)

    answer = api(commissioner).get(f"{INQUIRIES}{inquiry.ref}/")

    assert answer.status_code == 200
    assert (answer.json()["ref"], answer.json()["recipient"]) == (inquiry.ref, STALIN)


def test_an_inquiry_on_a_confidential_case_is_hidden_from_a_clerk(api, clerk, chair, story):
    inquiry = ask(chair, story)
    story.case.confidential = True
    story.case.save()
    client = api(clerk)

    assert client.get(INQUIRIES).json()["count"] == 0
    answer = client.get(f"{INQUIRIES}{inquiry.ref}/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"There is no inquiry with the reference {inquiry.ref}."}


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_reading_inquiries_needs_the_right(api, request, clerk, story, persona):
    ask(clerk, story)

    answer = api(request.getfixturevalue(persona)).get(INQUIRIES)

    assert answer.status_code == 403
    assert answer.json() == {"detail": REFUSED}


# --- Sending, answering, withdrawing -------------------------------------------------------


def test_a_draft_is_sent(api, clerk, story):
    draft = ask(clerk, story, send=False)

    answer = api(clerk).post(f"{INQUIRIES}{draft.ref}/send/", {"version": 1}, format="json")

    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["version"]) == ("sent", 2)


def test_sending_a_stale_draft_answers_409_and_changes_nothing(
    api, clerk, chair, story, inquiry_state
):
    draft = ask(clerk, story, send=False)
    services.send_inquiry(actor=chair, inquiry=draft, expected_version=1)
    before = inquiry_state()

    answer = api(clerk).post(f"{INQUIRIES}{draft.ref}/send/", {"version": 1}, format="json")

    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "This inquiry was changed by someone else in the meantime (it is now sent). "
        "Reload it and try again."
    }
    assert inquiry_state() == before


def test_the_answer_is_filed_as_testimony(api, clerk, story):
    inquiry = ask(clerk, story)
    reply = reply_document()

    answer = api(clerk).post(
        f"{INQUIRIES}{inquiry.ref}/answer/",
        {"reply": reply.pk, "stance": "for", "basis": "observed_work", "period": "since 1918",
         "summary": "Worked well.", "version": 1},
        format="json",
    )  # fmt: skip

    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["answer_document"]) == ("answered", reply.pk)
    testimony = case_models.Testimony.objects.get()
    assert (testimony.case, testimony.witness, testimony.stance, testimony.basis) == (
        story.case, story.stalin, "for", "observed_work",
    )  # fmt: skip
    assert (testimony.period, testimony.summary) == ("since 1918", "Worked well.")


def test_answering_with_a_stale_version_answers_409_and_files_nothing(
    api, clerk, story, inquiry_state
):
    inquiry = ask(clerk, story)
    services.withdraw_inquiry(actor=clerk, inquiry=inquiry, reason="asked in person")
    reply = reply_document()
    before = inquiry_state()

    answer = api(clerk).post(
        f"{INQUIRIES}{inquiry.ref}/answer/",
        {"reply": reply.pk, "stance": "for", "basis": "hearsay", "version": 1},
        format="json",
    )

    assert answer.status_code == 409
    assert answer.json()["detail"].startswith(
        "This inquiry was changed by someone else in the meantime (it is now withdrawn)."
    )
    assert inquiry_state() == before


def test_answering_a_withdrawn_inquiry_is_refused(api, clerk, story, inquiry_state):
    inquiry = ask(clerk, story)
    withdrawn = services.withdraw_inquiry(actor=clerk, inquiry=inquiry, reason="asked in person")
    reply = reply_document()
    before = inquiry_state()

    answer = api(clerk).post(
        f"{INQUIRIES}{inquiry.ref}/answer/",
        {"reply": reply.pk, "stance": "for", "basis": "hearsay", "version": withdrawn.version},
        format="json",
    )

    sentence = (
        "This inquiry was withdrawn, so a reply cannot answer it. File the reply on the case "
        "as a new document instead."
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence}
    assert inquiry_state() == before


def test_an_answer_with_an_unknown_stance_is_refused(api, clerk, story, inquiry_state):
    inquiry = ask(clerk, story)
    reply = reply_document()
    before = inquiry_state()

    answer = api(clerk).post(
        f"{INQUIRIES}{inquiry.ref}/answer/",
        {"reply": reply.pk, "stance": "warm", "basis": "hearsay", "version": 1},
        format="json",
    )

    sentence = '"warm" is not a stance; use one of for, against, neutral.'
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"stance: {sentence}", "errors": {"stance": [sentence]}}
    assert inquiry_state() == before


def test_a_commissioner_cannot_record_an_answer(api, commissioner, clerk, story, inquiry_state):
    inquiry = ask(clerk, story)
    reply = reply_document()
    before = inquiry_state()

    answer = api(commissioner).post(
        f"{INQUIRIES}{inquiry.ref}/answer/",
        {"reply": reply.pk, "stance": "for", "basis": "hearsay", "version": 1},
        format="json",
    )

    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "You may not record answers to inquiries: your role does not allow it."
    }
    assert inquiry_state() == before


def test_clerk_withdraws_an_inquiry(api, clerk, story):
    inquiry = ask(clerk, story)

    answer = api(clerk).post(
        f"{INQUIRIES}{inquiry.ref}/withdraw/", {"reason": "Asked in person."}, format="json"
    )

    assert answer.status_code == 200
    assert (answer.json()["state"], answer.json()["withdrawn_reason"]) == (
        "withdrawn", "Asked in person.",
    )  # fmt: skip


def test_withdrawing_an_answered_inquiry_is_refused(api, clerk, story, inquiry_state):
    inquiry = ask(clerk, story)
    services.answer_inquiry(
        actor=clerk, inquiry=inquiry, reply=reply_document(), stance="for", basis="hearsay"
    )
    before = inquiry_state()

    answer = api(clerk).post(
        f"{INQUIRIES}{inquiry.ref}/withdraw/", {"reason": "No longer needed."}, format="json"
    )

    sentence = "Only an open inquiry can be withdrawn; this one is answered."
    assert answer.status_code == 422
    assert answer.json() == {"detail": sentence}
    assert inquiry_state() == before


def test_withdrawing_needs_a_reason(api, clerk, story, inquiry_state):
    inquiry = ask(clerk, story)
    before = inquiry_state()

    answer = api(clerk).post(f"{INQUIRIES}{inquiry.ref}/withdraw/", {}, format="json")

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "reason: This field is required.",
        "errors": {"reason": ["This field is required."]},
    }
    assert inquiry_state() == before


def test_an_unknown_inquiry_answers_404(api, clerk, story):
    PersonFactory()

    answer = api(clerk).post(f"{INQUIRIES}Q-nothing/send/", {"version": 1}, format="json")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "There is no inquiry with the reference Q-nothing."}
